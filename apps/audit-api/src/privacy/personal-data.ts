/** What an analyst sees instead of a requester's e-mail or tenant id. */
export const REDACTED = '[redacted]';

const EMAIL = /[^\s"'<>(),;:@\\]+@[^\s"'<>(),;:@\\]+\.[^\s"'<>(),;:@\\]+/g;

/** `email`, `E-Mail`, `tenantId`, `tenant_id`...: a key holding personal data wherever it is. */
function isPersonalKey(key: string): boolean {
  const name = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return name === 'email' || name === 'tenantid';
}

/**
 * The rule, by structure: a value (of any type but null) is replaced by REDACTED when its key
 * is an e-mail or tenant id key anywhere, when it is a `requester` that is not an object (an
 * e-mail sent as a plain string), or when it sits in a `requester` under any key but `role`.
 * In a rejected input (`anyText`) e-mail addresses in other text are replaced as well: it is
 * not known what its fields mean. A stored routed event keeps its other text (an ISV's
 * support contact is business data the analyst needs, C9).
 */
function redactedLeaf(
  key: string | undefined,
  parent: string | undefined,
  value: unknown,
  anyText: boolean,
): unknown {
  if (value === null) return null;
  if (key !== undefined && isPersonalKey(key)) return REDACTED;
  if (parent === 'requester' && key !== 'role') return REDACTED;
  if (key === 'requester' && (typeof value !== 'object' || Array.isArray(value))) return REDACTED;
  return anyText && typeof value === 'string' ? redactText(value) : value;
}

/** E-mail addresses in free text. */
export function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Frame {
  value: unknown;
  key: string | undefined;
  parent: string | undefined;
  /** Where the copy goes: a container and the key or index in it. */
  into: Record<string, unknown> | unknown[];
  at: string | number;
}

/**
 * A copy of a stored record (a routed event, a duplicate's input) with personal data
 * replaced (redactedLeaf). Iterative, so no nesting depth can exhaust the stack.
 */
export function redactPersonalData(value: unknown): unknown {
  const root: unknown[] = [undefined];
  const stack: Frame[] = [{ value, key: undefined, parent: undefined, into: root, at: 0 }];
  while (stack.length > 0) {
    const { value: raw, key, parent, into, at } = stack.pop()!;
    const leaf = redactedLeaf(key, parent, raw, false);
    let copy: unknown = leaf;
    if (Array.isArray(leaf)) {
      const items: unknown[] = new Array<unknown>(leaf.length);
      leaf.forEach((item, i) =>
        stack.push({ value: item, key: undefined, parent: key, into: items, at: i }),
      );
      copy = items;
    } else if (isRecord(leaf)) {
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(leaf)) {
        stack.push({ value: v, key: k, parent: key, into: fields, at: k });
      }
      copy = fields;
    }
    if (Array.isArray(into)) into[at as number] = copy;
    else into[at as string] = copy;
  }
  return root[0];
}

/**
 * JSON text of a parsed value with personal data replaced (redactedLeaf), written without
 * recursion: JSON.parse reads any nesting depth, JSON.stringify would overflow the stack.
 */
export function redactedJsonText(value: unknown): string {
  const out: string[] = [];
  type Item = string | { value: unknown; key: string | undefined; parent: string | undefined };
  const stack: Item[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const leaf = redactedLeaf(item.key, item.parent, item.value, true);
    if (Array.isArray(leaf)) {
      out.push('[');
      stack.push(']');
      for (let i = leaf.length - 1; i >= 0; i--) {
        stack.push({ value: leaf[i], key: undefined, parent: item.key });
        if (i > 0) stack.push(',');
      }
    } else if (isRecord(leaf)) {
      out.push('{');
      stack.push('}');
      const entries = Object.entries(leaf);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ value: entries[i][1], key: entries[i][0], parent: item.key });
        stack.push(`${JSON.stringify(entries[i][0])}:`);
        if (i > 0) stack.push(',');
      }
    } else {
      out.push(JSON.stringify(leaf) ?? 'null');
    }
  }
  return out.join('');
}

/** What a role without personal data learns of a rejected input's bytes. */
export interface RawInputView {
  /**
   * Only when the input parsed as a JSON object: that JSON with personal data replaced
   * (redactedLeaf). Otherwise null: nothing of bytes that did not parse can be shown safely.
   */
  raw: string | null;
  /** True when `raw` is null because the input was not a JSON object. */
  rawWithheld: boolean;
  /** The input's size in bytes, as received. */
  rawBytes: number;
  /** Whether the input parsed as a JSON object. */
  rawJson: boolean;
}

function parseRaw(raw: unknown, rawBase64: unknown): { parsed: unknown; rawBytes: number } {
  const text = typeof raw === 'string' ? raw : '';
  const rawBytes =
    typeof rawBase64 === 'string'
      ? Buffer.from(rawBase64, 'base64').length
      : Buffer.byteLength(text, 'utf8');
  try {
    return { parsed: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), rawBytes };
  } catch {
    return { parsed: undefined, rawBytes };
  }
}

/** The size and kind of a rejected input, for every role. */
export function rawInputFacts(raw: unknown, rawBase64: unknown): Omit<RawInputView, 'raw'> {
  const { parsed, rawBytes } = parseRaw(raw, rawBase64);
  return { rawWithheld: false, rawBytes, rawJson: isRecord(parsed) };
}

/** The analyst's view of a rejected input's raw text (and raw bytes, never shown). */
export function rawInputView(raw: unknown, rawBase64: unknown): RawInputView {
  const { parsed, rawBytes } = parseRaw(raw, rawBase64);
  return isRecord(parsed)
    ? { raw: redactedJsonText(parsed), rawWithheld: false, rawBytes, rawJson: true }
    : { raw: null, rawWithheld: true, rawBytes, rawJson: false };
}

/**
 * A rejection reason for a role without personal data. Reasons about a field come from the
 * contract's fixed messages (they name the rule, never the value); a reason about the input as
 * a whole (`$`) may quote it (a JSON parse error shows the text around the error), so only its
 * fixed lead-in is kept: "is not valid JSON", "could not be classified".
 */
export function analystReason(error: unknown): { path: string; message: string } {
  const path = isRecord(error) && typeof error.path === 'string' ? error.path : '$';
  const message = isRecord(error) && typeof error.message === 'string' ? error.message : '';
  return {
    path,
    message: redactText(path === '$' ? message.replace(/\s*[(:][\s\S]*$/, '') : message),
  };
}

const REJECTION_FIELDS = ['eventId', 'type', 'version', 'rejectedAt', 'sourceEventId'] as const;
const ORIGIN_FIELDS = ['topic', 'partition', 'offset', 'file', 'line'] as const;

/**
 * A stored ticket.rejected record as a role without personal data sees it, built field by
 * field from what is known to be safe: its ids, time and origin, the raw input only as
 * rawInputView allows, the reasons as analystReason allows. `rawBase64` (the exact bytes of
 * an input that was not UTF-8) is never part of it.
 */
export function redactRejectedRecord(payload: unknown): Record<string, unknown> {
  const stored = isRecord(payload) ? payload : {};
  const view: Record<string, unknown> = {};
  for (const field of REJECTION_FIELDS) {
    if (field in stored) view[field] = stored[field];
  }
  if (isRecord(stored.origin)) {
    const origin = stored.origin;
    view.origin = Object.fromEntries(
      ORIGIN_FIELDS.filter((f) => f in origin).map((f) => [f, origin[f]]),
    );
  }
  Object.assign(view, rawInputView(stored.raw, stored.rawBase64));
  if (stored.rawTruncated === true) {
    // Only the start of the input was kept (it did not fit the dead-letter topic): say so, and
    // give the whole input's size the router recorded, not the size of what was kept.
    view.rawTruncated = true;
    if (typeof stored.rawBytes === 'number') view.rawBytes = stored.rawBytes;
  }
  view.errors = Array.isArray(stored.errors) ? stored.errors.map(analystReason) : [];
  return view;
}
