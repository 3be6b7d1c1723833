/** Values the router writes; the API filters and validates against these (one source). */
export { CATEGORIES, CATEGORY_SOURCES, PARTIES, TARGET_TYPES } from '@app/support-model';
export { AUDIT_OUTCOMES as OUTCOMES } from '@app/audit';
import type { AuditOutcome, AuditRow } from '@app/audit';

/**
 * The one rule of what an analyst counts. A row with one of these outcomes stands for a
 * message the router published: a routed event on a party topic, or a ticket.rejected record
 * on the dead-letter topic. Every other outcome published nothing (`duplicate`: a re-sent
 * eventId, audited but not routed again; any outcome added later, e.g. a `conflict`, is left
 * out until it is listed here). Searches, stats, top targets and exports count only these
 * unless the caller names an `outcome` or passes `includeUnpublished=true`
 * (toDecisionFilters applies it; docs/audit-api.md "What is counted").
 */
export const PUBLISHED_OUTCOMES: readonly AuditOutcome[] = ['routed', 'rejected'];

/** Filters shared by the search, stats and export endpoints (all optional, combined with AND). */
export interface DecisionFilters {
  /** decided_at >= from */
  from?: Date;
  /** decided_at < to */
  to?: Date;
  party?: string;
  targetType?: string;
  targetId?: string;
  category?: string;
  categorySource?: string;
  ruleId?: string;
  /** One outcome, or any of a set (PUBLISHED_OUTCOMES by default: see toDecisionFilters). */
  outcome?: string | readonly string[];
  source?: string;
  ticketId?: string;
  needsReview?: boolean;
  ruleSetVersion?: string;
}

/** Position after the last row of a page (newest first: decided_at, then id, descending). */
export interface PageCursor {
  decidedAt: Date;
  id: string;
}

/** An audit row without its payload, as search results show it (libs/audit AUDIT_COLUMNS). */
export type AuditRecordSummary = Omit<AuditRow, 'payload' | 'dedupKey'>;

/** An audit row with its payload: the routed event, the ticket.rejected record or the duplicate input. */
export type AuditRecord = Omit<AuditRow, 'dedupKey'>;

/**
 * One exported row, ready to write: times as ISO-8601 text. Its keys are in export column
 * order (NDJSON writes the object as it is), the payload fields only when asked for.
 */
export interface ExportRecord {
  id: string;
  eventId: string | null;
  source: string | null;
  ticketId: string | null;
  occurredAt: string | null;
  receivedAt: string;
  decidedAt: string;
  outcome: string;
  party: string | null;
  targetType: string | null;
  targetId: string | null;
  category: string | null;
  categorySource: string | null;
  requesterRole: string | null;
  ruleId: string | null;
  clauses: string[] | null;
  ruleSetVersion: string | null;
  needsReview: boolean;
  duplicateOfId: string | null;
  inputTopic: string;
  inputPartition: number;
  inputOffset: string;
  rationale?: string | null;
  requesterEmail?: string | null;
  requesterTenantId?: string | null;
}

/** Payload fields an export can add (each costs a JSON extraction per row on the server). */
export interface ExportExtras {
  rationale: boolean;
  requester: boolean;
}

export const STATS_DIMENSIONS = ['party', 'category', 'rule', 'target', 'outcome'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];
export const STATS_BUCKETS = ['hour', 'day', 'week'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];

/** One (bucket, key) count; bucket is the bucket's start. */
export interface BucketCount {
  bucketStart: Date;
  key: string | null;
  count: number;
}

export interface TargetCount {
  targetType: string;
  targetId: string;
  count: number;
}
