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
export function exportRecord(row: unknown[], extras: ExportExtras): ExportRecord {
  // Keys in export column order (EXPORT_COLUMNS): NDJSON writes this object as it is.
  const record: Record<string, unknown> = {};
  for (const { key, at, decode } of EXPORT_DECODERS) record[key] = decode(row[at]);
  let next = EXTRAS_AT;
  if (extras.rationale) record.rationale = dbText(row[next++]);
  if (extras.requester) {
    record.requesterEmail = dbText(row[next++]);
    record.requesterTenantId = dbText(row[next++]);
  }
  return record as unknown as ExportRecord;
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
