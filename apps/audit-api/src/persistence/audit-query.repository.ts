import { auditColumn, AuditColumnSet, AuditProperty, dbText } from '@app/audit';
import { Inject, Injectable, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { TargetScope } from '../auth/roles';
import { pipeline, Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { EXPORT_COLUMNS } from '../exports/export-format';
import {
  AuditRecord,
  AuditRecordSummary,
  BucketCount,
  DecisionFilters,
  ExportExtras,
  ExportRecord,
  PageCursor,
  StatsBucket,
  StatsDimension,
  TargetCount,
} from './audit-record';
import {
  BucketRange,
  bucketRanges,
  bucketStart,
  BUCKET_SQL,
  DIMENSION_SQL,
  filtersToSql,
  searchPlan,
  SqlCondition,
} from './audit-filters.sql';

/** A search result's columns: every column but the dedup key and the payload. */
const SUMMARY = new AuditColumnSet<keyof AuditRecordSummary>([
  'id',
  'eventId',
  'source',
  'ticketId',
  'occurredAt',
  'receivedAt',
  'decidedAt',
  'inputTopic',
  'inputPartition',
  'inputOffset',
  'outcome',
  'party',
  'targetType',
  'targetId',
  'category',
  'categorySource',
  'requesterRole',
  'ruleId',
  'clauses',
  'ruleSetVersion',
  'catalogVersion',
  'needsReview',
  'duplicateOfId',
]);
/** A record's columns: the summary's and the payload. */
const RECORD = new AuditColumnSet<keyof AuditRecord>([
  ...SUMMARY.columns.map((c) => c.property as keyof AuditRecordSummary),
  'payload',
]);
const SUMMARY_COLUMNS = SUMMARY.select();
const SUMMARY_COLUMNS_OF_A = SUMMARY.select('a');
const NEWEST_FIRST = 'ORDER BY decided_at DESC, id DESC';

/** Above this many (bucket, key) counts a stats statement groups per bucket instead. */
const MAX_COUNTS_PER_STATEMENT = 1000;

/** How many statements one stats request runs at once (AUDIT_API_STATS_PARALLELISM). */
export const STATS_PARALLELISM = Symbol('STATS_PARALLELISM');

function bucketCount(bucket: StatsBucket, row: Row): BucketCount {
  return {
    bucketStart: bucketStart(bucket, Number(row.b)),
    key: text(row.k),
    count: Number(row.n),
  };
}

/** Where a stats key is "every other target" (no target type is spelt like this). */
export const REST_KEY = '~rest';

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

type Row = Record<string, unknown>;

const text = dbText;

function toSummary(row: Row): AuditRecordSummary {
  return SUMMARY.fromRow(row);
}

function toRecord(row: Row): AuditRecord {
  return RECORD.fromRow(row);
}

/**
 * A running export: its rows newest first, in arrays of up to EXPORT_BATCH records.
 * Destroying `rows` early closes the connection.
 */
export interface ExportCursor {
  rows: Readable;
}

/** The mysql2 connection behind a TypeORM query runner. */
interface DriverConnection {
  query(options: { sql: string; values: unknown[]; dateStrings: boolean; rowsAsArray: boolean }): {
    stream(options: { highWaterMark: number }): Readable;
  };
  destroy(): void;
}

/**
 * Each export column's place in a row read with rowsAsArray (SUMMARY order) and its decoder;
 * times stay text (the row is read with dateStrings) and come out as ISO-8601.
 */
const EXPORT_DECODERS = EXPORT_COLUMNS.map((key) => {
  const { codec } = auditColumn(key as AuditProperty);
  return {
    key,
    at: SUMMARY.position(key as keyof AuditRecordSummary),
    decode: codec.fromText ?? codec.fromDb,
  };
});
const EXTRAS_AT = SUMMARY.columns.length;

/** An export row from its array of column values (no per-row object from the driver). */
function exportRecord(row: unknown[], extras: ExportExtras): ExportRecord {
  // Keys in export column order (EXPORT_COLUMNS): NDJSON writes this object as it is.
  const record: Record<string, unknown> = {};
  for (const { key, at, decode } of EXPORT_DECODERS) record[key] = decode(row[at]);
  let next = EXTRAS_AT;
  if (extras.rationale) record.rationale = text(row[next++]);
  if (extras.requester) {
    record.requesterEmail = text(row[next++]);
    record.requesterTenantId = text(row[next++]);
  }
  return record as unknown as ExportRecord;
}

/** Records handed downstream per chunk: stream bookkeeping once per batch, not per row. */
const EXPORT_BATCH = 256;

/**
 * Every read of the audit table. Only this class talks to the database, and only with
 * SELECT statements whose values are placeholders (see filtersToSql).
 */
@Injectable({ scope: Scope.REQUEST })
export class AuditQueryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STATS_PARALLELISM) private readonly parallelism: number,
    @Inject(REQUEST) private readonly request: AuthenticatedRequest,
  ) {}

  /**
   * The target a scoped key is bound to: every statement below is narrowed to it. Read when
   * a statement is built: this instance is made for the request before the guards have
   * authenticated it.
   */
  private get target(): TargetScope | undefined {
    return this.request.principal?.target;
  }

  /**
   * The filters narrowed to the caller's target, where a scoped key's restriction is applied
   * for every search, stats and export statement (the record lookups add scopeSql). Undefined
   * when they ask for another target: no row can match.
   */
  private scoped(filters: DecisionFilters): DecisionFilters | undefined {
    const target = this.target;
    if (!target) return filters;
    if (filters.targetType !== undefined && filters.targetType !== target.targetType) return;
    if (filters.targetId !== undefined && filters.targetId !== target.targetId) return;
    return { ...filters, targetType: target.targetType, targetId: target.targetId };
  }

  /** ` AND` the caller's target, for statements that look rows up by id. */
  private scopeSql(): SqlCondition {
    if (!this.target) return { sql: '', params: [] };
    const where = filtersToSql(this.target);
    return { sql: where.sql.replace(/^WHERE /, ' AND '), params: where.params };
  }

  /**
   * Up to `limit` rows after `cursor`, newest first. The page's ids are found first, in the
   * index alone (ordering included), and only then are those rows read: a filter whose rows
   * must be sorted (a target id of any type) sorts index entries, not whole rows.
   */
  async findPage(
    requested: DecisionFilters,
    limit: number,
    cursor?: PageCursor,
  ): Promise<AuditRecordSummary[]> {
    const filters = this.scoped(requested);
    if (!filters) return [];
    const plan = searchPlan(filters);
    const where = filtersToSql(plan.filters, cursor);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS_OF_A}
         FROM (SELECT id FROM audit_events ${plan.hint} ${where.sql} ${NEWEST_FIRST} LIMIT ?) AS page
         JOIN audit_events AS a ON a.id = page.id
        ORDER BY a.decided_at DESC, a.id DESC`,
      [...where.params, limit],
    );
    return rows.map(toSummary);
  }

  /** Every row of one event id (a routed row and its duplicates, or rejected inputs). */
  async findByEventId(eventId: string, limit: number): Promise<AuditRecord[]> {
    const scope = this.scopeSql();
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${RECORD.select()} FROM audit_events
        WHERE event_id = ? AND LENGTH(event_id) = ?${scope.sql} ORDER BY id LIMIT ?`,
      [eventId, Buffer.byteLength(eventId, 'utf8'), ...scope.params, limit],
    );
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<AuditRecord | undefined> {
    const scope = this.scopeSql();
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${RECORD.select()} FROM audit_events WHERE id = ?${scope.sql}`,
      [id, ...scope.params],
    );
    return rows.length ? toRecord(rows[0]) : undefined;
  }

  /** One ticket's decisions, oldest first. */
  async findTicketHistory(
    source: string,
    ticketId: string,
    limit: number,
  ): Promise<AuditRecordSummary[]> {
    const scope = this.scopeSql();
    const ticket = filtersToSql({ source, ticketId });
    const where = { sql: ticket.sql + scope.sql, params: [...ticket.params, ...scope.params] };
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM audit_events ${where.sql}
        ORDER BY decided_at, id LIMIT ?`,
      [...where.params, limit],
    );
    return rows.map(toSummary);
  }

  /**
   * Counts per (bucket, key) over [from, to) and the other filters. Two plans, both exact:
   * - only a time range (and perhaps the grouped column itself): one COUNT(*) per bucket and
   *   key over a range of the (key, decided_at) index, UNION ALL'd into one statement; each
   *   is counted in index order with no temporary table, the cheapest a count gets;
   * - any other filter: one scan of ix_audit_stats, which covers every column a filter or a
   *   group needs, grouped in a temporary table (about twice the cost per row).
   * Either way the range is cut into `parallelism` parts counted at once on their own
   * connections: one statement runs on one server thread.
   */
  async countByBucket(
    requested: DecisionFilters & { from: Date; to: Date },
    bucket: StatsBucket,
    dimension: Exclude<StatsDimension, 'target'>,
  ): Promise<BucketCount[]> {
    const scoped = this.scoped(requested);
    if (!scoped) return [];
    const filters = { ...scoped, from: requested.from, to: requested.to };
    const column = DIMENSION_SQL[dimension][0];
    const index = INDEX_BY_COLUMN[column];
    const others = Object.entries(filters).filter(
      ([name, value]) => value !== undefined && name !== 'from' && name !== 'to',
    );
    if (index && others.every(([name]) => FILTER_COLUMN[name] === column)) {
      // The values the filter on the grouped column allows (one, or a set such as the
      // published outcomes), or every value.
      const only = others.length ? [others[0][1] as string | readonly string[]].flat() : undefined;
      // The values the column holds (a loose index scan: one dive per distinct value), so the
      // ranges cover every row, including values the API does not know of.
      const distinct: Row[] = await this.dataSource.query(
        `SELECT DISTINCT ${column} AS v FROM audit_events`,
      );
      const keys = distinct
        .map((r) => text(r.v))
        .filter((v) => only === undefined || (v !== null && only.includes(v)));
      if (keys.length === 0) return [];
      const values = keys.filter((k): k is string => k !== null);
      const withNull = keys.includes(null);
      return this.acrossRanges(bucket, filters.from, filters.to, async (ranges) => {
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
          // Many small buckets: one statement per bucket over all keys' ranges, grouped in
          // index order, keeps the statement short.
          const condition = [
            ...(values.length ? [`${column} IN (${values.map(() => '?').join(', ')})`] : []),
            ...(withNull ? [`${column} IS NULL`] : []),
          ].join(' OR ');
          for (const range of ranges) {
            parts.push(
              `SELECT ? AS b, ${column} AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (${index})
                WHERE (${condition}) AND decided_at >= ? AND decided_at < ? GROUP BY ${column}`,
            );
            params.push(range.bucket, ...values, range.from, range.to);
          }
        }
        const rows: Row[] = await this.dataSource.query(parts.join(' UNION ALL '), params);
        return rows.filter((row) => Number(row.n) > 0).map((row) => bucketCount(bucket, row));
      });
    }
    return this.acrossRanges(bucket, filters.from, filters.to, async (ranges) => {
      const where = filtersToSql({
        ...filters,
        from: ranges[0].from,
        to: ranges[ranges.length - 1].to,
      });
      const rows: Row[] = await this.dataSource.query(
        `SELECT ${BUCKET_SQL[bucket]} AS b, ${column} AS k, COUNT(*) AS n
           FROM audit_events FORCE INDEX (ix_audit_stats) ${where.sql} GROUP BY b, k`,
        where.params,
      );
      return rows.map((row) => bucketCount(bucket, row));
    });
  }

  /**
   * Counts per bucket for the given targets; the rows of every other target come back under
   * REST_KEY and rows without a target under null. Neither statement needs a temporary
   * table: per bucket and target one range of ix_audit_target, and per bucket one aggregate
   * over ix_audit_stats for the totals.
   */
  async countTargetsByBucket(
    requested: DecisionFilters & { from: Date; to: Date },
    bucket: StatsBucket,
    targets: { targetType: string; targetId: string }[],
  ): Promise<BucketCount[]> {
    const scoped = this.scoped(requested);
    if (!scoped) return [];
    const filters = { ...scoped, from: requested.from, to: requested.to };
    const rest = filtersToSql({ ...filters, from: undefined, to: undefined });
    const restSql = rest.sql.replace(/^WHERE /, ' AND ');
    const rows = await this.acrossRanges(bucket, filters.from, filters.to, async (ranges) => {
      const totals: Row[] = await this.dataSource.query(
        ranges
          .map(
            () => `SELECT ? AS b, COUNT(*) AS n, COUNT(target_type) AS t
                     FROM audit_events FORCE INDEX (ix_audit_stats)
                    WHERE decided_at >= ? AND decided_at < ?${restSql}`,
          )
          .join(' UNION ALL '),
        ranges.flatMap((r) => [r.bucket, r.from, r.to, ...rest.params]),
      );
      const perTarget: Row[] = targets.length
        ? await this.dataSource.query(
            ranges
              .flatMap(() =>
                targets.map(
                  () => `SELECT ? AS b, ? AS k0, ? AS k1, COUNT(*) AS n
                           FROM audit_events FORCE INDEX (ix_audit_target)
                          WHERE target_type = ? AND target_id = ? AND LENGTH(target_id) = ?
                            AND decided_at >= ? AND decided_at < ?${restSql}`,
                ),
              )
              .join(' UNION ALL '),
            ranges.flatMap((r) =>
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
          )
        : [];
      return [...totals.map((row): Row => ({ ...row, total: true })), ...perTarget];
    });
    const counts: BucketCount[] = [];
    const inTop = new Map<number, number>();
    for (const row of rows.filter((r) => !r.total && Number(r.n) > 0)) {
      const b = Number(row.b);
      inTop.set(b, (inTop.get(b) ?? 0) + Number(row.n));
      counts.push({
        bucketStart: bucketStart(bucket, b),
        key: `${text(row.k0)}:${text(row.k1)}`,
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
  async topTargets(
    requested: DecisionFilters & { from: Date; to: Date },
    limit: number,
  ): Promise<TargetCount[]> {
    const scoped = this.scoped(requested);
    if (!scoped) return [];
    const filters = { ...scoped, from: requested.from, to: requested.to };
    const parts = await this.acrossRanges('hour', filters.from, filters.to, async (ranges) => {
      const where = filtersToSql({
        ...filters,
        from: ranges[0].from,
        to: ranges[ranges.length - 1].to,
      });
      const rows: Row[] = await this.dataSource.query(
        `SELECT target_type, target_id, COUNT(*) AS n
           FROM audit_events FORCE INDEX (ix_audit_stats)
           ${where.sql} AND target_type IS NOT NULL GROUP BY target_type, target_id`,
        where.params,
      );
      return rows;
    });
    const byTarget = new Map<string, TargetCount>();
    for (const row of parts) {
      const targetType = text(row.target_type) as string;
      const targetId = text(row.target_id) as string;
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

  /**
   * Runs `count` on `parallelism` consecutive parts of the range's buckets at once (each on a
   * pool connection of its own) and concatenates what they return.
   */
  private async acrossRanges<T>(
    bucket: StatsBucket,
    from: Date,
    to: Date,
    count: (ranges: BucketRange[]) => Promise<T[]>,
  ): Promise<T[]> {
    const ranges = bucketRanges(bucket, from, to);
    const size = Math.ceil(ranges.length / this.parallelism);
    const parts: BucketRange[][] = [];
    for (let i = 0; i < ranges.length; i += size) parts.push(ranges.slice(i, i + size));
    return (await Promise.all(parts.map(count))).flat();
  }

  /**
   * Streams the filtered rows, newest first, from one query on one connection: mysql2 pauses
   * the socket while the consumer is behind, so memory stays flat however many rows match.
   * A consumer that stops early gets its connection destroyed (the server then abandons the
   * query) rather than returned to the pool still busy with it.
   */
  async streamForExport(requested: DecisionFilters, extras: ExportExtras): Promise<ExportCursor> {
    const filters = this.scoped(requested);
    if (!filters) return { rows: Readable.from([]) };
    const plan = searchPlan(filters);
    const where = filtersToSql(plan.filters);
    const columns = [
      SUMMARY_COLUMNS,
      ...(extras.rationale
        ? [`JSON_UNQUOTE(JSON_EXTRACT(payload, '$.routing.rationale')) AS rationale`]
        : []),
      ...(extras.requester
        ? [
            `JSON_UNQUOTE(JSON_EXTRACT(payload, '$.requester.email')) AS requester_email`,
            `JSON_UNQUOTE(JSON_EXTRACT(payload, '$.requester.tenantId')) AS requester_tenant_id`,
          ]
        : []),
    ];
    const sql = `SELECT ${columns.join(', ')} FROM audit_events ${plan.hint}
      ${where.sql} ${NEWEST_FIRST}`;
    const runner = this.dataSource.createQueryRunner();
    let source: Readable;
    let connection: DriverConnection;
    try {
      // The driver's own connection: TypeORM's stream() cannot ask for dates as text, and
      // turning every DATETIME into a Date and back into ISO text costs a third of the time.
      connection = (await runner.connect()) as DriverConnection;
      source = connection
        .query({ sql, values: where.params, dateStrings: true, rowsAsArray: true })
        .stream({ highWaterMark: 512 });
    } catch (error) {
      await runner.release();
      throw error;
    }
    let ended = false;
    source.once('end', () => (ended = true));
    source.once('close', () => {
      if (!ended) connection.destroy();
      void runner.release();
    });
    let batch: ExportRecord[] = [];
    const toExportRecords = new Transform({
      objectMode: true,
      writableHighWaterMark: 512,
      readableHighWaterMark: 4,
      transform(row: unknown[], _encoding, done) {
        batch.push(exportRecord(row, extras));
        if (batch.length < EXPORT_BATCH) return done();
        const full = batch;
        batch = [];
        done(null, full);
      },
      flush(done) {
        done(null, batch.length ? batch : undefined);
      },
    });
    // pipeline destroys the database stream when the consumer stops early or fails.
    const rows = pipeline(source, toExportRecords, () => undefined);
    return { rows };
  }
}
