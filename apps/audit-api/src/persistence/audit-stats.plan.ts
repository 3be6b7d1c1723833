import {
  BucketRange,
  bucketRanges,
  BUCKET_SQL,
  DIMENSION_SQL,
  filtersToSql,
  SqlCondition,
} from './audit-filters.sql';
import { DecisionFilters, StatsBucket, StatsDimension } from './audit-record';

// How the stats reader counts, as pure functions of the filters: which index, which plan,
// which statements. The reader (audit-stats.reader.ts) only runs what these return.

/** Stats filters always have a time range. */
export type RangeFilters = DecisionFilters & { from: Date; to: Date };

/** Above this many (bucket, key) counts a stats statement groups per bucket instead. */
export const MAX_COUNTS_PER_STATEMENT = 1000;

/** The (column, decided_at) index of a groupable column (first migration). */
const INDEX_BY_COLUMN: Record<string, string | undefined> = {
  party: 'ix_audit_party',
  category: 'ix_audit_category',
  rule_id: 'ix_audit_rule',
  outcome: 'ix_audit_outcome',
};

/** The column each filter constrains. */
const FILTER_COLUMN: Record<string, string> = {
  party: 'party',
  category: 'category',
  ruleId: 'rule_id',
  outcome: 'outcome',
};

/**
 * How counts per (bucket, key) are made. Both plans are exact:
 * - `index-ranges`, when only a time range constrains the rows (and perhaps a filter on the
 *   grouped column itself, whose allowed values are `only`): one COUNT(*) per bucket and key
 *   over a range of the (key, decided_at) index, UNION ALL'd into one statement; each is
 *   counted in index order with no temporary table, the cheapest a count gets. The keys are
 *   the values the column holds (`distinctValuesSql`), so every row is covered, including
 *   values the API does not know of;
 * - `stats-scan`, for any other filter: one scan of ix_audit_stats, which covers every
 *   column a filter or a group needs, grouped in a temporary table (about twice the cost per
 *   row).
 */
export type BucketCountPlan =
  | { kind: 'index-ranges'; column: string; index: string; only?: readonly string[] }
  | { kind: 'stats-scan'; column: string; index: 'ix_audit_stats' };

export function planBucketCounts(
  filters: RangeFilters,
  dimension: Exclude<StatsDimension, 'target'>,
): BucketCountPlan {
  const column = DIMENSION_SQL[dimension][0];
  const index = INDEX_BY_COLUMN[column];
  const others = Object.entries(filters).filter(
    ([name, value]) => value !== undefined && name !== 'from' && name !== 'to',
  );
  if (index && others.every(([name]) => FILTER_COLUMN[name] === column)) {
    // The values the filter on the grouped column allows (one, or a set such as the
    // published outcomes), or every value.
    const only = others.length ? [others[0][1] as string | readonly string[]].flat() : undefined;
    return { kind: 'index-ranges', column, index, ...(only ? { only } : {}) };
  }
  return { kind: 'stats-scan', column, index: 'ix_audit_stats' };
}

/** The values a column holds: a loose index scan, one dive per distinct value. */
export function distinctValuesSql(column: string): string {
  return `SELECT DISTINCT ${column} AS v FROM audit_events`;
}

/** The keys an index-ranges plan counts, from the values the column holds. */
export function countedKeys(
  plan: Extract<BucketCountPlan, { kind: 'index-ranges' }>,
  held: (string | null)[],
): (string | null)[] {
  const { only } = plan;
  return held.filter((v) => only === undefined || (v !== null && only.includes(v)));
}

/**
 * The statement counting one part of the buckets (rows `b`, `k`, `n`). `keys` are those of
 * countedKeys for an index-ranges plan (ignored by a stats scan).
 */
export function bucketCountStatement(
  plan: BucketCountPlan,
  filters: RangeFilters,
  bucket: StatsBucket,
  ranges: BucketRange[],
  keys: (string | null)[] = [],
): SqlCondition {
  const { column } = plan;
  if (plan.kind === 'stats-scan') {
    const where = filtersToSql({
      ...filters,
      from: ranges[0].from,
      to: ranges[ranges.length - 1].to,
    });
    return {
      sql: `SELECT ${BUCKET_SQL[bucket]} AS b, ${column} AS k, COUNT(*) AS n
           FROM audit_events FORCE INDEX (${plan.index}) ${where.sql} GROUP BY b, k`,
      params: where.params,
    };
  }
  const { index } = plan;
  const parts: string[] = [];
  const params: unknown[] = [];
  if (ranges.length * keys.length <= MAX_COUNTS_PER_STATEMENT) {
    // A bare COUNT(*) per (bucket, key) range: no grouping at all.
    for (const range of ranges) {
      for (const key of keys) {
        parts.push(
          `SELECT ? AS b, ? AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (${index})
                  WHERE ${column} ${key === null ? 'IS NULL' : '= ?'}
                    AND decided_at >= ? AND decided_at < ?`,
        );
        params.push(range.bucket, key, ...(key === null ? [] : [key]), range.from, range.to);
      }
    }
  } else {
    // Many small buckets: one statement per bucket over all keys' ranges, grouped in index
    // order, keeps the statement short.
    const values = keys.filter((k): k is string => k !== null);
    const condition = [
      ...(values.length ? [`${column} IN (${values.map(() => '?').join(', ')})`] : []),
      ...(keys.includes(null) ? [`${column} IS NULL`] : []),
    ].join(' OR ');
    for (const range of ranges) {
      parts.push(
        `SELECT ? AS b, ${column} AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (${index})
                WHERE (${condition}) AND decided_at >= ? AND decided_at < ? GROUP BY ${column}`,
      );
      params.push(range.bucket, ...values, range.from, range.to);
    }
  }
  return { sql: parts.join(' UNION ALL '), params };
}

/** The filters other than the time range, as ` AND …` (the target statements add ranges). */
function restOf(filters: RangeFilters): SqlCondition {
  const rest = filtersToSql({ ...filters, from: undefined, to: undefined });
  return { sql: rest.sql.replace(/^WHERE /, ' AND '), params: rest.params };
}

/**
 * Per bucket, all rows (`n`) and those with a target (`t`): one aggregate over
 * ix_audit_stats each, no temporary table.
 */
export function targetTotalsStatement(filters: RangeFilters, ranges: BucketRange[]): SqlCondition {
  const rest = restOf(filters);
  return {
    sql: ranges
      .map(
        () => `SELECT ? AS b, COUNT(*) AS n, COUNT(target_type) AS t
                     FROM audit_events FORCE INDEX (ix_audit_stats)
                    WHERE decided_at >= ? AND decided_at < ?${rest.sql}`,
      )
      .join(' UNION ALL '),
    params: ranges.flatMap((r) => [r.bucket, r.from, r.to, ...rest.params]),
  };
}

/** Per bucket and target, its rows (`b`, `k0`, `k1`, `n`): one range of ix_audit_target each. */
export function perTargetStatement(
  filters: RangeFilters,
  ranges: BucketRange[],
  targets: { targetType: string; targetId: string }[],
): SqlCondition | undefined {
  if (targets.length === 0) return undefined;
  const rest = restOf(filters);
  return {
    sql: ranges
      .flatMap(() =>
        targets.map(
          () => `SELECT ? AS b, ? AS k0, ? AS k1, COUNT(*) AS n
                           FROM audit_events FORCE INDEX (ix_audit_target)
                          WHERE target_type = ? AND target_id = ? AND LENGTH(target_id) = ?
                            AND decided_at >= ? AND decided_at < ?${rest.sql}`,
        ),
      )
      .join(' UNION ALL '),
    params: ranges.flatMap((r) =>
      targets.flatMap((t) => [
        r.bucket,
        t.targetType,
        t.targetId,
        t.targetType,
        t.targetId,
        Buffer.byteLength(t.targetId, 'utf8'),
        r.from,
        r.to,
        ...rest.params,
      ]),
    ),
  };
}

/** Counts per target over one part of the range (rows `target_type`, `target_id`, `n`). */
export function topTargetsStatement(filters: RangeFilters, ranges: BucketRange[]): SqlCondition {
  const where = filtersToSql({
    ...filters,
    from: ranges[0].from,
    to: ranges[ranges.length - 1].to,
  });
  return {
    sql: `SELECT target_type, target_id, COUNT(*) AS n
           FROM audit_events FORCE INDEX (ix_audit_stats)
           ${where.sql} AND target_type IS NOT NULL GROUP BY target_type, target_id`,
    params: where.params,
  };
}

/**
 * The range's buckets cut into at most `parallelism` consecutive parts, each counted at once
 * on a connection of its own: one statement runs on one server thread.
 */
export function splitRanges(
  bucket: StatsBucket,
  from: Date,
  to: Date,
  parallelism: number,
): BucketRange[][] {
  const ranges = bucketRanges(bucket, from, to);
  const size = Math.ceil(ranges.length / parallelism);
  const parts: BucketRange[][] = [];
  for (let i = 0; i < ranges.length; i += size) parts.push(ranges.slice(i, i + size));
  return parts;
}
