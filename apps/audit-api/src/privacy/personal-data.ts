/** What an analyst sees instead of a requester's e-mail or tenant id. */
export const REDACTED = '[redacted]';

const PERSONAL_FIELDS = ['email', 'tenantId'] as const;
const EMAIL = /[^\s"'<>(),;:@\\]+@[^\s"'<>(),;:@\\]+\.[^\s"'<>(),;:@\\]+/g;
const TENANT_ID_JSON = /("tenantId"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/**
 * A copy of a stored record with the requester's e-mail and tenant id replaced by REDACTED,
 * wherever a `requester` object appears (the routed event, a duplicate's input). The raw text
 * of a rejected input is redacted too: as JSON when it parses, and by pattern in every case,
 * because a rejected input can be any text.
 */
export function redactPersonalData(value: unknown): unknown {
  return redact(value, undefined);
}

function redact(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, undefined));
  if (typeof value === 'string') {
    // Rejection reasons may quote the offending value.
    return key === 'raw' ? redactRawText(value) : key === 'message' ? redactText(value) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = redact(v, k);
  if (key === 'requester') {
    for (const field of PERSONAL_FIELDS) {
      if (copy[field] !== undefined && copy[field] !== null) copy[field] = REDACTED;
    }
  }
  return copy;
}

/** E-mail addresses and JSON "tenantId" values in free text. */
export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(TENANT_ID_JSON, `$1"${REDACTED}"`);
}

function redactRawText(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return redactText(raw);
  }
  return redactText(JSON.stringify(redact(parsed, undefined)));
}
