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
  if (filters.outcome !== undefined) equals('outcome', filters.outcome);
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

/** The buckets over [from, to), each clipped to the range. */
export function bucketRanges(
  bucket: StatsBucket,
  from: Date,
  to: Date,
): { bucket: number; from: Date; to: Date }[] {
  const ranges: { bucket: number; from: Date; to: Date }[] = [];
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
