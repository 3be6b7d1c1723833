import { auditColumn, AuditProperty, dbText } from '@app/audit';
import { Injectable, Scope } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pipeline, Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { EXPORT_COLUMNS } from '../exports/export-format';
import { filtersToSql, searchPlan } from './audit-filters.sql';
import { AuditRecordSummary, DecisionFilters, ExportExtras, ExportRecord } from './audit-record';
import { NEWEST_FIRST, SUMMARY } from './audit-row-columns';
import { AuditScope } from './audit-scope';

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

type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Each export column's place in a row read with rowsAsArray (SUMMARY order). */
const AT = Object.fromEntries(
  EXPORT_COLUMNS.map((key) => [key, SUMMARY.position(key as keyof AuditRecordSummary)]),
) as Record<ExportColumn, number>;

/**
 * Each export column's decoder, from the table's codecs: times stay text (the row is read
 * with dateStrings) and come out as ISO-8601.
 */
const DECODE = Object.fromEntries(
  EXPORT_COLUMNS.map((key) => {
    const { codec } = auditColumn(key as AuditProperty);
    return [key, codec.fromText ?? codec.fromDb];
  }),
) as { [K in ExportColumn]-?: (value: unknown) => ExportRecord[K] };
const EXTRAS_AT = SUMMARY.columns.length;

/**
 * An export row from its array of column values (no per-row object from the driver). The
 * record is one object literal in export column order (EXPORT_COLUMNS, which NDJSON writes
 * as it is; a unit test holds the two together): every call site then sees one decoder and
 * one object shape, several times faster per row than filling an object in a loop.
 */
export function exportRecord(row: unknown[], extras: ExportExtras): ExportRecord {
  const record: ExportRecord = {
    id: DECODE.id(row[AT.id]),
    eventId: DECODE.eventId(row[AT.eventId]),
    source: DECODE.source(row[AT.source]),
    ticketId: DECODE.ticketId(row[AT.ticketId]),
    occurredAt: DECODE.occurredAt(row[AT.occurredAt]),
    receivedAt: DECODE.receivedAt(row[AT.receivedAt]),
    decidedAt: DECODE.decidedAt(row[AT.decidedAt]),
    outcome: DECODE.outcome(row[AT.outcome]),
    party: DECODE.party(row[AT.party]),
    targetType: DECODE.targetType(row[AT.targetType]),
    targetId: DECODE.targetId(row[AT.targetId]),
    category: DECODE.category(row[AT.category]),
    categorySource: DECODE.categorySource(row[AT.categorySource]),
    requesterRole: DECODE.requesterRole(row[AT.requesterRole]),
    ruleId: DECODE.ruleId(row[AT.ruleId]),
    clauses: DECODE.clauses(row[AT.clauses]),
    ruleSetVersion: DECODE.ruleSetVersion(row[AT.ruleSetVersion]),
    needsReview: DECODE.needsReview(row[AT.needsReview]),
    duplicateOfId: DECODE.duplicateOfId(row[AT.duplicateOfId]),
    inputTopic: DECODE.inputTopic(row[AT.inputTopic]),
    inputPartition: DECODE.inputPartition(row[AT.inputPartition]),
    inputOffset: DECODE.inputOffset(row[AT.inputOffset]),
  };
  let next = EXTRAS_AT;
  if (extras.rationale) record.rationale = dbText(row[next++]);
  if (extras.requester) {
    record.requesterEmail = dbText(row[next++]);
    record.requesterTenantId = dbText(row[next++]);
  }
  return record;
}

/** Records handed downstream per chunk: stream bookkeeping once per batch, not per row. */
const EXPORT_BATCH = 256;

/** The export of filtered decisions as a stream of records, narrowed to the caller's target. */
@Injectable({ scope: Scope.REQUEST })
export class AuditExportStream {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AuditScope,
  ) {}

  /**
   * Streams the filtered rows, newest first, from one query on one connection: mysql2 pauses
   * the socket while the consumer is behind, so memory stays flat however many rows match.
   * A consumer that stops early gets its connection destroyed (the server then abandons the
   * query) rather than returned to the pool still busy with it.
   */
  async open(requested: DecisionFilters, extras: ExportExtras): Promise<ExportCursor> {
    const filters = this.scope.filters(requested);
    if (!filters) return { rows: Readable.from([]) };
    const plan = searchPlan(filters);
    const where = filtersToSql(plan.filters);
    const columns = [
      SUMMARY.select(),
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
