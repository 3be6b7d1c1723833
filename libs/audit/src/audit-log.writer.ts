import type { ExecuteValues, Pool, ResultSetHeader } from 'mysql2';
import { DataSource } from 'typeorm';
import { AUDIT_INSERT_COLUMNS, JsonText } from './audit-columns';
import { AuditOutcome } from './audit-event.entity';

/** What the router knows about one input message once it has decided it. */
export interface AuditDraft {
  /** The input's eventId when it had a usable one (≤128 characters), else null. */
  eventId: string | null;
  /**
   * For a routed input, the routed event's own eventId: derived from the input's eventId
   * alone, so it is the same for every message carrying that eventId (the dedup key).
   */
  routedEventId: string | null;
  source: string | null;
  ticketId: string | null;
  occurredAt: Date | null;
  receivedAt: Date;
  decidedAt: Date;
  inputTopic: string;
  inputPartition: number;
  inputOffset: string;
  outcome: Exclude<AuditOutcome, 'duplicate'>;
  party: string | null;
  targetType: string | null;
  targetId: string | null;
  category: string | null;
  categorySource: string | null;
  requesterRole: string | null;
  ruleId: string | null;
  clauses: string[] | null;
  ruleSetVersion: string | null;
  /** The offer catalog's version (routed decisions). */
  catalogVersion: string | null;
  needsReview: boolean;
  /** The routed event or the ticket.rejected record, serialised once by the caller. */
  payloadJson: string;
  /**
   * For a routed input found to be a duplicate: what the duplicate row keeps. A function:
   * duplicates are rare, and serialising every input twice would cost the hot path.
   */
  duplicatePayloadJson: () => string;
  /**
   * For a routed input whose eventId (from the same source) was routed before: whether the
   * stored routed event (its payload column) was made from this same input. If not, the
   * writer reports a `conflict` and writes nothing for it.
   */
  sameInputAs: (storedPayload: unknown) => boolean;
}

/**
 * What stands for an input message after record():
 * - `written`: this call wrote its row; publish `payloadJson`.
 * - `replay`: an earlier attempt wrote the row (its transaction did not commit): publish the
 *   stored `payloadJson`, byte for byte, whatever this attempt decided.
 * - `duplicate`: a re-send of an event already routed; the row points at the original and
 *   nothing is published.
 * - `conflict`: the eventId was routed before from the same source with another body; no row
 *   is written: the caller decides what the input becomes (the router dead-letters it).
 */
export type AuditRecord =
  | { kind: 'written' | 'replay'; outcome: AuditOutcome; payloadJson: string }
  | { kind: 'duplicate'; outcome: 'duplicate'; payloadJson: string }
  | { kind: 'conflict'; outcome: null; originalId: string; payloadJson?: undefined };

/** The INSERT's columns, in the order of the values below (AUDIT_COLUMNS without the id). */
const COLUMNS = AUDIT_INSERT_COLUMNS.names;

const ROW_PLACEHOLDER = `(${COLUMNS.map(() => '?').join(',')})`;
/** Keeps one statement well under max_allowed_packet (16 MiB on MariaDB, 64 MiB on MySQL 8). */
const MAX_STATEMENT_BYTES = 4 * 1024 * 1024;
/**
 * Row counts of the prepared INSERT IGNORE (each step at most 1.5× the one before). A batch's
 * rows go in the smallest that holds them, padded with copies of the last row: a copy collides
 * with that row on the unique input key and is skipped, so affectedRows still counts the rows
 * written. Few shapes keep the prepared statements per connection few (mysql2 caches them;
 * the server's max_prepared_stmt_count is global); 1,024 rows are 24,576 parameters, under
 * the protocol's 65,535.
 */
export const STATEMENT_ROWS = [
  1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024,
] as const;
const MAX_STATEMENT_ROWS = STATEMENT_ROWS[STATEMENT_ROWS.length - 1];
const INSERT_IGNORE = new Map<number, string>(
  STATEMENT_ROWS.map((rows) => [
    rows,
    `INSERT IGNORE INTO audit_events (${COLUMNS.join(',')}) VALUES ${Array.from(
      { length: rows },
      () => ROW_PLACEHOLDER,
    ).join(',')}`,
  ]),
);

/** The prepared INSERT IGNORE of one of STATEMENT_ROWS' row counts. */
export function insertIgnoreSql(rows: (typeof STATEMENT_ROWS)[number]): string {
  return INSERT_IGNORE.get(rows)!;
}

/**
 * Writes the audit rows of a batch of input messages, idempotently.
 *
 * 1. One multi-row INSERT IGNORE for the whole batch (split only to stay under the packet
 *    limit). The unique key on (topic, partition, offset) makes a replay of the same message
 *    a no-op; the unique dedup_key makes a second routed row for the same eventId a no-op.
 * 2. Only when fewer rows went in than were sent (rare): read back the rows of the batch's
 *    messages. A message with a row keeps what that row says (a replay publishes the stored
 *    event again, byte for byte). A message without one lost to an earlier routed row of its
 *    eventId: it is written as `duplicate`, pointing at that row, and publishes nothing.
 */
export class AuditLogWriter {
  constructor(private readonly dataSource: DataSource) {}

  async record(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    if (drafts.length === 0) return [];
    const inserted = await this.insertIgnore(drafts.map(draftValues));
    if (inserted === drafts.length) {
      return drafts.map((d) => ({
        kind: 'written',
        outcome: d.outcome,
        payloadJson: d.payloadJson,
      }));
    }
    return this.resolveConflicts(drafts);
  }

  /**
   * Writes these rows over whatever the same input messages have (the router's last resort:
   * an input that could not be published becomes a dead-letter record, even where an earlier
   * attempt had audited it as routed). Never a dedup key: nothing was routed.
   */
  async overwrite(drafts: AuditDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const rows = drafts.map((d) => {
      const values = draftValues(d);
      values[COLUMNS.indexOf('dedup_key')] = null;
      return values;
    });
    const updates = COLUMNS.map((c) => `${c} = VALUES(${c})`).join(', ');
    await this.dataSource.query(
      `INSERT INTO audit_events (${COLUMNS.join(',')}) VALUES ${rows
        .map(() => ROW_PLACEHOLDER)
        .join(',')} ON DUPLICATE KEY UPDATE ${updates}`,
      rows.flat(),
    );
  }

  private async resolveConflicts(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    const stored = await this.findByInput(drafts);
    const missing = drafts.filter((d) => !stored.has(inputKey(d)));
    const conflicts = new Map<string, string>();
    if (missing.length > 0) {
      const originals = await this.findRoutedByDedupKey(
        missing.flatMap((d) => (d.routedEventId === null ? [] : [d.routedEventId])),
      );
      const duplicates: unknown[][] = [];
      for (const d of missing) {
        const original = d.routedEventId === null ? undefined : originals.get(d.routedEventId);
        if (d.outcome !== 'routed' || original === undefined) {
          // Not a dedup conflict: something this writer does not expect. Fail the batch (it
          // is retried) rather than publish a message without its audit row.
          throw new Error(
            `audit row for ${inputKey(d)} was neither written nor found; see the server's warnings`,
          );
        }
        if (d.sameInputAs(original.payload)) duplicates.push(duplicateValues(d, original.id));
        else conflicts.set(inputKey(d), original.id);
      }
      await this.insertIgnore(duplicates);
      for (const [key, row] of await this.findByInput(missing)) stored.set(key, row);
    }
    return drafts.map((d): AuditRecord => {
      const key = inputKey(d);
      const originalId = conflicts.get(key);
      if (originalId !== undefined) return { kind: 'conflict', outcome: null, originalId };
      const row = stored.get(key);
      if (!row) throw new Error(`audit row for ${key} is missing after the write`);
      if (row.outcome === 'duplicate') return { kind: 'duplicate', ...row, outcome: 'duplicate' };
      // Written by this call only if it holds exactly what this attempt decided.
      return { kind: row.payloadJson === d.payloadJson ? 'written' : 'replay', ...row };
    });
  }

  /** INSERT IGNORE of these rows, in statements under the packet and parameter limits. */
  private async insertIgnore(rows: unknown[][]): Promise<number> {
    let inserted = 0;
    for (const chunk of chunkBySize(rows)) inserted += await this.insertStatement(chunk);
    return inserted;
  }

  /**
   * One prepared INSERT IGNORE (binary protocol: the values are not escaped into the SQL text
   * in JavaScript, which took a sixth of the router's CPU with dataSource.query).
   */
  private async insertStatement(rows: unknown[][]): Promise<number> {
    const shape = statementRows(rows.length);
    const params = new Array<unknown>(shape * COLUMNS.length);
    let at = 0;
    for (const row of rows) for (const value of row) params[at++] = value;
    const last = rows[rows.length - 1];
    while (at < params.length) for (const value of last) params[at++] = value;
    const result = await this.execute(insertIgnoreSql(shape), params);
    return result.affectedRows;
  }

  private execute(sql: string, params: unknown[]): Promise<ResultSetHeader> {
    // TypeORM's MySQL driver keeps its mysql2 pool here (connectorPackage 'mysql2').
    const pool = (this.dataSource.driver as unknown as { pool?: Pool }).pool;
    if (!pool) throw new Error('AuditLogWriter needs a connected mysql2 data source');
    return new Promise((resolve, reject) =>
      pool.execute<ResultSetHeader>(sql, params as ExecuteValues[], (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  }

  private async findByInput(
    drafts: AuditDraft[],
  ): Promise<Map<string, { outcome: AuditOutcome; payloadJson: string }>> {
    const found = new Map<string, { outcome: AuditOutcome; payloadJson: string }>();
    const byPartition = new Map<string, AuditDraft[]>();
    for (const d of drafts) {
      const k = `${d.inputTopic}\u0000${d.inputPartition}`;
      byPartition.set(k, [...(byPartition.get(k) ?? []), d]);
    }
    for (const group of byPartition.values()) {
      const { inputTopic, inputPartition } = group[0];
      const rows = await this.dataSource.query<
        { inputOffset: string | number; outcome: AuditOutcome; payload: unknown }[]
      >(
        `SELECT input_offset AS inputOffset, outcome, payload FROM audit_events
          WHERE input_topic = ? AND input_partition = ? AND input_offset IN (?)`,
        [inputTopic, inputPartition, group.map((d) => d.inputOffset)],
      );
      for (const row of rows) {
        found.set(`${inputTopic}\u0000${inputPartition}\u0000${String(row.inputOffset)}`, {
          outcome: row.outcome,
          // MariaDB returns JSON columns as text, MySQL 8 as parsed values.
          payloadJson: typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload),
        });
      }
    }
    return found;
  }

  private async findRoutedByDedupKey(
    keys: string[],
  ): Promise<Map<string, { id: string; payload: unknown }>> {
    if (keys.length === 0) return new Map();
    const rows = await this.dataSource.query<
      { id: string | number; dedupKey: string; payload: unknown }[]
    >('SELECT id, dedup_key AS dedupKey, payload FROM audit_events WHERE dedup_key IN (?)', [keys]);
    return new Map(rows.map((r) => [r.dedupKey, { id: String(r.id), payload: r.payload }]));
  }
}

function inputKey(d: AuditDraft): string {
  return `${d.inputTopic}\u0000${d.inputPartition}\u0000${d.inputOffset}`;
}

const AT = AUDIT_INSERT_COLUMNS.at;
const TO_DB = AUDIT_INSERT_COLUMNS.toDb;

/** A draft's values in COLUMNS order: each put at its column's place, through its codec. */
function draftValues(d: AuditDraft): unknown[] {
  const v = new Array<unknown>(COLUMNS.length);
  v[AT.eventId] = TO_DB.eventId(d.eventId);
  v[AT.dedupKey] = TO_DB.dedupKey(d.outcome === 'routed' ? d.routedEventId : null);
  v[AT.source] = TO_DB.source(d.source);
  v[AT.ticketId] = TO_DB.ticketId(d.ticketId);
  v[AT.occurredAt] = TO_DB.occurredAt(d.occurredAt);
  v[AT.receivedAt] = TO_DB.receivedAt(d.receivedAt);
  v[AT.decidedAt] = TO_DB.decidedAt(d.decidedAt);
  v[AT.inputTopic] = TO_DB.inputTopic(d.inputTopic);
  v[AT.inputPartition] = TO_DB.inputPartition(d.inputPartition);
  v[AT.inputOffset] = TO_DB.inputOffset(d.inputOffset);
  v[AT.outcome] = TO_DB.outcome(d.outcome);
  v[AT.party] = TO_DB.party(d.party);
  v[AT.targetType] = TO_DB.targetType(d.targetType);
  v[AT.targetId] = TO_DB.targetId(d.targetId);
  v[AT.category] = TO_DB.category(d.category);
  v[AT.categorySource] = TO_DB.categorySource(d.categorySource);
  v[AT.requesterRole] = TO_DB.requesterRole(d.requesterRole);
  v[AT.ruleId] = TO_DB.ruleId(d.ruleId);
  v[AT.clauses] = TO_DB.clauses(d.clauses);
  v[AT.ruleSetVersion] = TO_DB.ruleSetVersion(d.ruleSetVersion);
  v[AT.catalogVersion] = TO_DB.catalogVersion(d.catalogVersion);
  v[AT.needsReview] = TO_DB.needsReview(d.needsReview);
  v[AT.duplicateOfId] = TO_DB.duplicateOfId(null);
  v[AT.payload] = TO_DB.payload(new JsonText(d.payloadJson));
  return v;
}

function duplicateValues(d: AuditDraft, originalId: string): unknown[] {
  const values = draftValues({ ...d, payloadJson: d.duplicatePayloadJson() });
  values[COLUMNS.indexOf('dedup_key')] = null;
  values[COLUMNS.indexOf('outcome')] = 'duplicate';
  values[COLUMNS.indexOf('duplicate_of_id')] = originalId;
  return values;
}

/** The row count of the statement that holds `rows` rows (padded up to it). */
function statementRows(rows: number): (typeof STATEMENT_ROWS)[number] {
  const shape = STATEMENT_ROWS.find((n) => n >= rows);
  if (shape === undefined) throw new Error(`insertIgnore: ${rows} rows in one statement`);
  return shape;
}

/**
 * Splits rows into statements of at most MAX_STATEMENT_ROWS rows and, padding included,
 * MAX_STATEMENT_BYTES (estimated).
 */
function* chunkBySize(rows: unknown[][]): Generator<unknown[][]> {
  let chunk: unknown[][] = [];
  let bytes = 0;
  for (const row of rows) {
    // At most 3 bytes of UTF-8 a UTF-16 code unit, plus framing and the other columns.
    let size = 2048;
    for (const value of row) if (typeof value === 'string') size += value.length * 3;
    const count = chunk.length + 1;
    const padded =
      bytes + size + (statementRows(Math.min(count, MAX_STATEMENT_ROWS)) - count) * size;
    if (chunk.length > 0 && (count > MAX_STATEMENT_ROWS || padded > MAX_STATEMENT_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
