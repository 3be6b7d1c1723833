import { Injectable } from '@nestjs/common';
import { toDecisionFilters } from '../common/dto/decision-filters.query';
import { badRequest } from '../common/validation';
import { bucketOf, bucketStart } from '../persistence/audit-filters.sql';
import { AuditStatsReader, REST_KEY } from '../persistence/audit-stats.reader';
import { DecisionFilters, StatsBucket } from '../persistence/audit-record';
import { StatsDto, StatsSeriesDto, TopTargetsDto } from './dto/stats.dto';
import { MAX_BUCKETS, MAX_TARGET_COUNTS, StatsQuery, TopTargetsQuery } from './dto/stats.query';

export const DEFAULT_STATS_DAYS = 30;
const DAY_MS = 86_400_000;

/** A range always has both ends: the last 30 days unless the caller says otherwise. */
function rangeOf(filters: DecisionFilters, now: Date): { from: Date; to: Date } {
  const to = filters.to ?? now;
  const from = filters.from ?? new Date(to.getTime() - DEFAULT_STATS_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw badRequest([{ field: 'from', messages: ['from must be earlier than to'] }]);
  }
  return { from, to };
}

@Injectable()
export class StatsService {
  constructor(private readonly audit: AuditStatsReader) {}

  async counts(query: StatsQuery, now = new Date()): Promise<StatsDto> {
    const groupBy = query.groupBy ?? 'party';
    const bucket: StatsBucket = query.bucket ?? 'day';
    const top = query.top ?? 20;
    const filters = toDecisionFilters(query);
    const { from, to } = rangeOf(filters, now);
    const first = bucketOf(bucket, from);
    const last = bucketOf(bucket, new Date(to.getTime() - 1));
    const size = last - first + 1;
    if (size > MAX_BUCKETS) {
      throw badRequest([
        {
          field: 'bucket',
          messages: [
            `bucket ${bucket} over this range makes ${size} buckets (at most ${MAX_BUCKETS}): ` +
              'choose a larger bucket or a shorter range',
          ],
        },
      ]);
    }
    if (groupBy === 'target' && size * top > MAX_TARGET_COUNTS) {
      throw badRequest([
        {
          field: 'top',
          messages: [
            `groupBy=target counts ${size} ${bucket} buckets × top ${top} = ${size * top} ` +
              `series points (at most ${MAX_TARGET_COUNTS}): choose a smaller top, a larger ` +
              'bucket or a shorter range',
          ],
        },
      ]);
    }
    const range = { ...filters, from, to };
    // Targets are many: only the top ones get a series, the others are counted as one.
    const rows =
      groupBy === 'target'
        ? await this.audit.countTargetsByBucket(
            range,
            bucket,
            await this.audit.topTargets(range, top),
          )
        : await this.audit.countByBucket(range, bucket, groupBy);

    const byKey = new Map<string | null, StatsSeriesDto>();
    const restCounts = new Array<number>(size).fill(0);
    let total = 0;
    for (const row of rows) {
      const index = bucketOf(bucket, row.bucketStart) - first;
      total += row.count;
      if (row.key === REST_KEY) {
        restCounts[index] += row.count;
        continue;
      }
      let series = byKey.get(row.key);
      if (!series) {
        series = { key: row.key, total: 0, counts: new Array<number>(size).fill(0) };
        byKey.set(row.key, series);
      }
      series.counts[index] += row.count;
      series.total += row.count;
    }
    const ranked = [...byKey.values()].sort(
      (a, b) => b.total - a.total || String(a.key).localeCompare(String(b.key)),
    );
    const kept = ranked.slice(0, top);
    for (const other of ranked.slice(top)) {
      other.counts.forEach((n, i) => (restCounts[i] += n));
    }
    const restTotal = restCounts.reduce((sum, n) => sum + n, 0);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      bucket,
      buckets: Array.from({ length: size }, (_, i) => bucketStart(bucket, first + i).toISOString()),
      total,
      series: kept,
      rest: restTotal > 0 ? { total: restTotal, counts: restCounts } : null,
    };
  }

  async topTargets(query: TopTargetsQuery, now = new Date()): Promise<TopTargetsDto> {
    const filters = toDecisionFilters(query);
    const { from, to } = rangeOf(filters, now);
    const targets = await this.audit.topTargets({ ...filters, from, to }, query.limit ?? 10);
    return { from: from.toISOString(), to: to.toISOString(), targets };
  }
}
