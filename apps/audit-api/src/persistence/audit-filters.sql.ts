import {
  DecisionFilters,
  PageCursor,
  StatsBucket,
  StatsDimension,
  TARGET_TYPES,
} from './audit-record';

/** A WHERE clause with `?` placeholders and its values: user input only ever travels as values. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * The filters as SQL. Column names are constants of this file; every value is a placeholder.
 * Free-text ids compare with `=` (never LIKE, so `%` and `_` match only themselves) plus a
 * byte-length check: MySQL and MariaDB compare VARCHARs with PAD SPACE collations, where
 * 'acme' = 'acme   ' would otherwise match.
 */
export function filtersToSql(filters: DecisionFilters, cursor?: PageCursor): SqlCondition {
  const where: string[] = [];
  const params: unknown[] = [];
  const equals = (column: string, value: unknown) => {
    where.push(`${column} = ?`);
    params.push(value);
  };
  const equalsExactly = (column: string, value: string) => {
    where.push(`${column} = ? AND LENGTH(${column}) = ?`);
    params.push(value, Buffer.byteLength(value, 'utf8'));
  };

  if (filters.from) {
    where.push('decided_at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    where.push('decided_at < ?');
    params.push(filters.to);
  }
  if (filters.party !== undefined) equals('party', filters.party);
  if (filters.targetType !== undefined) equals('target_type', filters.targetType);
  else if (filters.targetId !== undefined) {
    // Lets ix_audit_target (target_type, target_id, ...) serve a search by id alone.
    where.push(`target_type IN (${TARGET_TYPES.map(() => '?').join(', ')})`);
    params.push(...TARGET_TYPES);
  }
  if (filters.targetId !== undefined) equalsExactly('target_id', filters.targetId);
  if (filters.category !== undefined) equals('category', filters.category);
  if (filters.categorySource !== undefined) equals('category_source', filters.categorySource);
  if (filters.ruleId !== undefined) equalsExactly('rule_id', filters.ruleId);
  if (typeof filters.outcome === 'string') equals('outcome', filters.outcome);
  else if (filters.outcome !== undefined) {
    where.push(`outcome IN (${filters.outcome.map(() => '?').join(', ')})`);
    params.push(...filters.outcome);
  }
  if (filters.source !== undefined) equalsExactly('source', filters.source);
  if (filters.ticketId !== undefined) equalsExactly('ticket_id', filters.ticketId);
  if (filters.needsReview !== undefined) equals('needs_review', filters.needsReview ? 1 : 0);
  if (filters.ruleSetVersion !== undefined) {
    equalsExactly('rule_set_version', filters.ruleSetVersion);
  }
  if (cursor) {
    // Rows after the cursor in (decided_at DESC, id DESC) order. The first conjunct alone is
    // a range both servers can scan an index with; the second removes the ties already seen.
    where.push('decided_at <= ? AND (decided_at < ? OR id < ?)');
    params.push(cursor.decidedAt, cursor.decidedAt, cursor.id);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Filters that pick few rows; the server's own choice of index is right for them. */
const SELECTIVE: (keyof DecisionFilters)[] = ['targetId', 'ticketId', 'ruleSetVersion'];
/** Filters with an index of their own, (column, decided_at): one of them alone is a range. */
const OWN_INDEX: Partial<Record<keyof DecisionFilters, string>> = {
  party: 'ix_audit_party',
  targetType: 'ix_audit_target',
  category: 'ix_audit_category',
  ruleId: 'ix_audit_rule',
  outcome: 'ix_audit_outcome',
  needsReview: 'ix_audit_needs_review',
};

/**
 * The index a search or an export walks, newest first, so rows come out in page order with
 * no sort. The server is left to choose only for selective filters (few rows). Otherwise:
 * a filter with its own (column, decided_at) index uses it; no filter but time uses
 * ix_audit_decided_at; any other mix uses ix_audit_stats, which holds (decided_at, id) then
 * every such column, so the filters are checked inside the index and a wide row is read only
 * for a match. Left alone, the server picks one filter's index and reads a row per candidate
 * (a disk read each when cold: seconds, minutes for a rare combination), and for an export of
 * a large range it estimates a full table scan and a sort of every matching row as cheaper.
 */
export function searchIndexHint(filters: DecisionFilters): string {
  return searchPlan(filters).hint;
}

/**
 * The hint, and the filters to run with it: on ix_audit_stats a search always has a range
 * on decided_at (from 1970 when none is given), because MariaDB pushes the filters into the
 * index scan only for a range scan, not for a walk of the whole index.
 */
export function searchPlan(filters: DecisionFilters): { hint: string; filters: DecisionFilters } {
  const hint = indexHint(filters);
  const bounded =
    hint === STATS_HINT && !filters.from && !filters.to
      ? { ...filters, from: new Date(0) }
      : filters;
  return { hint, filters: bounded };
}

const STATS_HINT = 'FORCE INDEX (ix_audit_stats)';

function indexHint(filters: DecisionFilters): string {
  // A set of outcomes (the published ones, by default) lets nearly every row through: it
  // does not choose the index. ix_audit_stats checks it inside the index; the others read
  // the row of each candidate, which a page or an export reads anyway.
  const used = (Object.keys(filters) as (keyof DecisionFilters)[]).filter(
    (name) =>
      filters[name] !== undefined &&
      name !== 'from' &&
      name !== 'to' &&
      !(name === 'outcome' && typeof filters.outcome !== 'string'),
  );
  if (used.some((name) => SELECTIVE.includes(name))) return '';
  const index =
    used.length === 0
      ? 'ix_audit_decided_at'
      : used.length === 1 && OWN_INDEX[used[0]]
        ? OWN_INDEX[used[0]]
        : 'ix_audit_stats';
  return `FORCE INDEX (${index})`;
}

/** TO_DAYS() of 1970-01-01: turns server day numbers into JavaScript times. */
const EPOCH_DAYS = 719528;
const DAY_MS = 86_400_000;

/**
 * Bucket numbers computed on the DATETIME itself (stored in UTC), so the session time zone
 * plays no part; integer arithmetic is cheaper per row than DATE_FORMAT. Weeks start on
 * Monday (TO_DAYS of a Monday is 2 modulo 7).
 */
export const BUCKET_SQL: Record<StatsBucket, string> = {
  hour: 'TO_DAYS(decided_at) * 24 + HOUR(decided_at)',
  day: 'TO_DAYS(decided_at)',
  week: 'FLOOR((TO_DAYS(decided_at) - 2) / 7)',
};

export function bucketStart(bucket: StatsBucket, n: number): Date {
  switch (bucket) {
    case 'hour':
      return new Date((Math.floor(n / 24) - EPOCH_DAYS) * DAY_MS + (n % 24) * 3_600_000);
    case 'day':
      return new Date((n - EPOCH_DAYS) * DAY_MS);
    case 'week':
      return new Date((n * 7 + 2 - EPOCH_DAYS) * DAY_MS);
  }
}

/** The bucket a time falls in, computed the way the server does (for zero-filling). */
export function bucketOf(bucket: StatsBucket, time: Date): number {
  const days = Math.floor(time.getTime() / DAY_MS) + EPOCH_DAYS;
  switch (bucket) {
    case 'hour':
      return days * 24 + time.getUTCHours();
    case 'day':
      return days;
    case 'week':
      return Math.floor((days - 2) / 7);
  }
}

export interface BucketRange {
  bucket: number;
  from: Date;
  to: Date;
}

/** The buckets over [from, to), each clipped to the range. */
export function bucketRanges(bucket: StatsBucket, from: Date, to: Date): BucketRange[] {
  const ranges: BucketRange[] = [];
  const last = bucketOf(bucket, new Date(to.getTime() - 1));
  for (let n = bucketOf(bucket, from); n <= last; n++) {
    const start = bucketStart(bucket, n);
    const end = bucketStart(bucket, n + 1);
    ranges.push({
      bucket: n,
      from: start < from ? from : start,
      to: end > to ? to : end,
    });
  }
  return ranges;
}

/** Columns a stats dimension groups by (target groups by its type and id together). */
export const DIMENSION_SQL: Record<StatsDimension, [string] | [string, string]> = {
  party: ['party'],
  category: ['category'],
  rule: ['rule_id'],
  outcome: ['outcome'],
  target: ['target_type', 'target_id'],
};
