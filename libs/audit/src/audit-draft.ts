import { Classification, sameTicketCreated } from '@app/classifier';
import { isIsoDateTime } from '@app/contracts';
import type { AuditDraft } from './audit-log.writer';

/**
 * The audit row of one decided message, as the writer beside it stores it: the router's one
 * way from a classification to a row (the bench baseline uses it too).
 */
export function auditDraft(
  classification: Classification,
  topic: string,
  partition: number,
  offset: string,
  receivedAt: Date,
): AuditDraft {
  if (classification.outcome === 'routed') {
    const { event } = classification;
    const { routing } = event;
    const payloadJson = classification.json;
    // The fields written out, not spread from a shared object: with a spread V8 built these
    // drafts about 30 µs slower each (docs/benchmarks.md, "Router (bench)").
    return {
      inputTopic: topic,
      inputPartition: partition,
      inputOffset: offset,
      receivedAt,
      eventId: event.sourceEventId,
      routedEventId: event.eventId,
      source: event.source,
      ticketId: event.ticket.id,
      occurredAt: storableDate(new Date(event.occurredAt)),
      decidedAt: new Date(event.routedAt),
      outcome: 'routed',
      party: routing.party,
      targetType: routing.target.type,
      targetId: routing.target.id,
      category: routing.category,
      categorySource: routing.categorySource,
      requesterRole: event.requester.role,
      ruleId: routing.ruleId,
      clauses: [...routing.clauses],
      ruleSetVersion: routing.ruleSetVersion,
      catalogVersion: routing.catalogVersion ?? null,
      needsReview: routing.needsReview,
      payloadJson,
      duplicatePayloadJson: () => JSON.stringify(classification.input),
      sameInputAs: (stored) => sameTicketCreated(stored, classification.input),
    };
  }
  const { record } = classification;
  const loose = looseFields(record.raw);
  const payloadJson = classification.json;
  return {
    inputTopic: topic,
    inputPartition: partition,
    inputOffset: offset,
    receivedAt,
    // An over-long eventId is itself a reason for rejection: do not store a misleading prefix.
    eventId:
      classification.eventId !== null && classification.eventId.length <= 128
        ? classification.eventId
        : null,
    routedEventId: null,
    source: clip(loose.source, 64),
    ticketId: clip(loose.ticketId, 128),
    occurredAt: loose.occurredAt,
    decidedAt: new Date(record.rejectedAt),
    outcome: 'rejected',
    party: null,
    targetType: null,
    targetId: null,
    category: null,
    categorySource: null,
    requesterRole: clip(loose.role, 32),
    ruleId: null,
    clauses: null,
    ruleSetVersion: null,
    catalogVersion: null,
    needsReview: false,
    payloadJson,
    duplicatePayloadJson: () => payloadJson,
    sameInputAs: () => false,
  };
}

/** What an analyst can still filter on for an input that was not a valid event. */
function looseFields(raw: string): {
  source?: unknown;
  ticketId?: unknown;
  role?: unknown;
  occurredAt: Date | null;
} {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { occurredAt: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { occurredAt: null };
  const v = value as Record<string, unknown>;
  const ticket =
    typeof v.ticket === 'object' && v.ticket !== null ? (v.ticket as Record<string, unknown>) : {};
  const requester =
    typeof v.requester === 'object' && v.requester !== null
      ? (v.requester as Record<string, unknown>)
      : {};
  // Only a real date-time: `new Date` would roll 2026-02-30 over to March 2.
  const occurred = isIsoDateTime(v.occurredAt) ? new Date(v.occurredAt) : null;
  return {
    source: v.source,
    ticketId: ticket.id,
    role: requester.role,
    occurredAt: occurred ? storableDate(occurred) : null,
  };
}

/** A string that fits its column, or null: a rejected input's fields can be anything. */
function clip(value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/** DATETIME holds years 1000 to 9999; anything else (or an invalid date) is not stored. */
function storableDate(date: Date): Date | null {
  const year = date.getUTCFullYear();
  return Number.isNaN(year) || year < 1000 || year > 9999 ? null : date;
}
