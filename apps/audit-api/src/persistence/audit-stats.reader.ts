import { dbText } from '@app/audit';
import { Inject, Injectable, Scope } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BucketRange, bucketStart, SqlCondition } from './audit-filters.sql';
import { BucketCount, StatsBucket, StatsDimension, TargetCount } from './audit-record';
import { AuditScope } from './audit-scope';
import {
  bucketCountStatement,
  countedKeys,
  distinctValuesSql,
  perTargetStatement,
  planBucketCounts,
  RangeFilters,
  splitRanges,
  targetTotalsStatement,
  topTargetsStatement,
} from './audit-stats.plan';

/** How many statements one stats request runs at once (AUDIT_API_STATS_PARALLELISM). */
export const STATS_PARALLELISM = Symbol('STATS_PARALLELISM');

/** Where a stats key is "every other target" (no target type is spelt like this). */
export const REST_KEY = '~rest';

type Row = Record<string, unknown>;

function bucketCount(bucket: StatsBucket, row: Row): BucketCount {
  return {
    bucketStart: bucketStart(bucket, Number(row.b)),
    key: dbText(row.k),
    count: Number(row.n),
  };
}

/**
 * Counts over the audit table for the stats endpoints, narrowed to the caller's target. What
 * is run is planned by the pure functions of audit-stats.plan.ts; this class runs their
 * statements, `parallelism` parts of the range at once, and adds up what they return.
 */
@Injectable({ scope: Scope.REQUEST })
export class AuditStatsReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STATS_PARALLELISM) private readonly parallelism: number,
    private readonly scope: AuditScope,
  ) {}

  /** Counts per (bucket, key) over [from, to) and the other filters (see planBucketCounts). */
  async countByBucket(
    requested: RangeFilters,
    bucket: StatsBucket,
    dimension: Exclude<StatsDimension, 'target'>,
  ): Promise<BucketCount[]> {
    const filters = this.scope.filters(requested);
    if (!filters) return [];
    const plan = planBucketCounts(filters, dimension);
    let keys: (string | null)[] = [];
    if (plan.kind === 'index-ranges') {
      const held: Row[] = await this.dataSource.query(distinctValuesSql(plan.column));
      keys = countedKeys(
        plan,
        held.map((r) => dbText(r.v)),
      );
      if (keys.length === 0) return [];
    }
    return this.acrossRanges(bucket, filters, async (ranges) => {
      const rows = await this.run(bucketCountStatement(plan, filters, bucket, ranges, keys));
      return rows.filter((row) => Number(row.n) > 0).map((row) => bucketCount(bucket, row));
    });
  }

  /**
   * Counts per bucket for the given targets; the rows of every other target come back under
   * REST_KEY and rows without a target under null. Neither statement needs a temporary
   * table: per bucket and target one range of ix_audit_target, and per bucket one aggregate
   * over ix_audit_stats for the totals.
   */
  async countTargetsByBucket(
    requested: RangeFilters,
    bucket: StatsBucket,
    targets: { targetType: string; targetId: string }[],
  ): Promise<BucketCount[]> {
    const filters = this.scope.filters(requested);
    if (!filters) return [];
    const rows = await this.acrossRanges(bucket, filters, async (ranges) => {
      const totals = await this.run(targetTotalsStatement(filters, ranges));
      const perTarget = perTargetStatement(filters, ranges, targets);
      return [
        ...totals.map((row): Row => ({ ...row, total: true })),
        ...(perTarget ? await this.run(perTarget) : []),
      ];
    });
    const counts: BucketCount[] = [];
    const inTop = new Map<number, number>();
    for (const row of rows.filter((r) => !r.total && Number(r.n) > 0)) {
      const b = Number(row.b);
      inTop.set(b, (inTop.get(b) ?? 0) + Number(row.n));
      counts.push({
        bucketStart: bucketStart(bucket, b),
        key: `${dbText(row.k0)}:${dbText(row.k1)}`,
        count: Number(row.n),
      });
    }
    for (const row of rows.filter((r) => r.total)) {
      const b = Number(row.b);
      const withTarget = Number(row.t);
      const others = withTarget - (inTop.get(b) ?? 0);
      const without = Number(row.n) - withTarget;
      const start = bucketStart(bucket, b);
      if (others > 0) counts.push({ bucketStart: start, key: REST_KEY, count: others });
      if (without > 0) counts.push({ bucketStart: start, key: null, count: without });
    }
    return counts;
  }

  /** The targets with most decisions over the filtered rows (counted in parallel parts). */
  async topTargets(requested: RangeFilters, limit: number): Promise<TargetCount[]> {
    const filters = this.scope.filters(requested);
    if (!filters) return [];
    const parts = await this.acrossRanges('hour', filters, (ranges) =>
      this.run(topTargetsStatement(filters, ranges)),
    );
    const byTarget = new Map<string, TargetCount>();
    for (const row of parts) {
      const targetType = dbText(row.target_type) as string;
      const targetId = dbText(row.target_id) as string;
      const key = JSON.stringify([targetType, targetId]);
      const found = byTarget.get(key);
      if (found) found.count += Number(row.n);
      else byTarget.set(key, { targetType, targetId, count: Number(row.n) });
    }
    return [...byTarget.values()]
      .sort(
        (a, b) =>
          b.count - a.count ||
          a.targetType.localeCompare(b.targetType) ||
          a.targetId.localeCompare(b.targetId),
      )
      .slice(0, limit);
  }

  private run(statement: SqlCondition): Promise<Row[]> {
    return this.dataSource.query(statement.sql, statement.params);
  }

  /**
   * Runs `count` on `parallelism` consecutive parts of the range's buckets at once (each on a
   * pool connection of its own) and concatenates what they return.
   */
  private async acrossRanges<T>(
    bucket: StatsBucket,
    filters: RangeFilters,
    count: (ranges: BucketRange[]) => Promise<T[]>,
  ): Promise<T[]> {
    const parts = splitRanges(bucket, filters.from, filters.to, this.parallelism);
    return (await Promise.all(parts.map(count))).flat();
  }
}
