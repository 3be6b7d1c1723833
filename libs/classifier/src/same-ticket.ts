import { TicketCreatedV1 } from '@app/contracts';

/**
 * Whether a stored routed event (its JSON, or the value MySQL 8 returns for a JSON column) was
 * made from this very input: same eventId, source and fields. A re-send of the same event is a
 * duplicate; the same eventId and source with another body is a conflict, never silent.
 * Key order does not matter (MySQL 8 reorders JSON keys); unknown input fields were dropped
 * by validation on both sides.
 */
export function sameTicketCreated(stored: unknown, input: TicketCreatedV1): boolean {
  let event: unknown = stored;
  if (typeof stored === 'string') {
    try {
      event = JSON.parse(stored);
    } catch {
      return false;
    }
  }
  if (event === null || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  const original = {
    eventId: e.sourceEventId,
    type: input.type,
    version: input.version,
    occurredAt: e.occurredAt,
    source: e.source,
    ticket: e.ticket,
    requester: e.requester,
    product: e.product,
    channel: e.channel,
  };
  return canonical(original) === canonical({ ...input, channel: input.channel });
}

/** JSON with object keys sorted; `undefined` members left out, as JSON.stringify does. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
