import type { AuditOutcome } from './audit-event.entity';

/**
 * How one column's value goes into a statement (a placeholder's value) and comes back from
 * mysql2. `fromText` reads a row fetched with `dateStrings` (the API's exports): a time stays
 * text and comes out as ISO-8601, with no Date made and formatted again per row.
 */
export interface AuditCodec<T> {
  toDb(this: void, value: T): unknown;
  fromDb(this: void, value: unknown): T;
  fromText?(this: void, value: unknown): string | null;
}

/** A column value as text: mysql2 gives strings, numbers (bigNumberStrings aside) or Buffers. */
export function dbText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** MariaDB returns JSON columns as text, MySQL 8 (through mysql2) as parsed values. */
export function dbJson(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

/** DATETIME(3) in UTC: a Date from mysql2 (timezone 'Z'), or its text with dateStrings. */
function dbDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(`${dbText(value)?.replace(' ', 'T')}Z`);
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' (a UTC DATETIME(3) as text) as ISO-8601. */
function isoText(value: unknown): string | null {
  const s = dbText(value);
  return s === null ? null : `${s.slice(0, 10)}T${s.slice(11)}Z`;
}

/**
 * JSON the caller has already serialised (the router serialises an event once, and publishes
 * and stores those very bytes). A JSON column's codec writes its text as it is.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

const same = <T>(value: T): unknown => value;

const TEXT: AuditCodec<string> = { toDb: same, fromDb: (v) => dbText(v) as string };
const NULLABLE_TEXT: AuditCodec<string | null> = { toDb: same, fromDb: dbText };
const OUTCOME: AuditCodec<AuditOutcome> = {
  toDb: same,
  fromDb: (v) => dbText(v) as AuditOutcome,
};
const INT: AuditCodec<number> = { toDb: same, fromDb: Number };
const DATE: AuditCodec<Date> = {
  toDb: same,
  fromDb: (v) => dbDate(v) as Date,
  fromText: isoText,
};
const NULLABLE_DATE: AuditCodec<Date | null> = { toDb: same, fromDb: dbDate, fromText: isoText };
const FLAG: AuditCodec<boolean> = {
  toDb: (v) => (v ? 1 : 0),
  fromDb: (v) => Boolean(Number(v)),
};
const JSON_VALUE: AuditCodec<unknown> = {
  toDb: (v) => (v instanceof JsonText ? v.text : JSON.stringify(v)),
  fromDb: dbJson,
};
const NULLABLE_STRINGS: AuditCodec<string[] | null> = {
  toDb: (v) => (v === null ? null : JSON.stringify(v)),
  fromDb: (v) => (dbJson(v) as string[] | null) ?? null,
};

function column<P extends string, T>(property: P, name: string, codec: AuditCodec<T>) {
  return { property, name, codec };
}

/**
 * Every column of `audit_events`, in the order statements list them: the row's property
 * name, its SQL name, and how its value is written and read. The one place that spells the
 * row out: the writer's INSERT, the audit API's SELECT lists and decoders, the row type and
 * the tests' rows come from it. The schema itself comes from the migrations (the entity
 * declares the same columns; a unit test holds the three together).
 */
export const AUDIT_COLUMNS = [
  column('id', 'id', TEXT),
  column('eventId', 'event_id', NULLABLE_TEXT),
  column('dedupKey', 'dedup_key', NULLABLE_TEXT),
  column('source', 'source', NULLABLE_TEXT),
  column('ticketId', 'ticket_id', NULLABLE_TEXT),
  column('occurredAt', 'occurred_at', NULLABLE_DATE),
  column('receivedAt', 'received_at', DATE),
  column('decidedAt', 'decided_at', DATE),
  column('inputTopic', 'input_topic', TEXT),
  column('inputPartition', 'input_partition', INT),
  column('inputOffset', 'input_offset', TEXT),
  column('outcome', 'outcome', OUTCOME),
  column('party', 'party', NULLABLE_TEXT),
  column('targetType', 'target_type', NULLABLE_TEXT),
  column('targetId', 'target_id', NULLABLE_TEXT),
  column('category', 'category', NULLABLE_TEXT),
  column('categorySource', 'category_source', NULLABLE_TEXT),
  column('requesterRole', 'requester_role', NULLABLE_TEXT),
  column('ruleId', 'rule_id', NULLABLE_TEXT),
  column('clauses', 'clauses', NULLABLE_STRINGS),
  column('ruleSetVersion', 'rule_set_version', NULLABLE_TEXT),
  column('catalogVersion', 'catalog_version', NULLABLE_TEXT),
  column('needsReview', 'needs_review', FLAG),
  column('duplicateOfId', 'duplicate_of_id', NULLABLE_TEXT),
  column('payload', 'payload', JSON_VALUE),
] as const;

type AnyColumn = (typeof AUDIT_COLUMNS)[number];
export type AuditProperty = AnyColumn['property'];
export interface AuditColumn {
  property: AuditProperty;
  name: string;
  codec: AuditCodec<unknown>;
}

/**
 * One `audit_events` row as read back: what the table's codecs give. The payload is the
 * routed event, the ticket.rejected record or the duplicate input, as the router wrote it.
 */
export type AuditRow = {
  [C in AnyColumn as C['property']]: C['codec'] extends AuditCodec<infer T> ? T : never;
};

/** A row to insert: every column but the id the database assigns. */
export type NewAuditRow = Omit<AuditRow, 'id'>;

/** The column of a property. */
export function auditColumn(property: AuditProperty): AuditColumn {
  return AUDIT_COLUMNS.find((c) => c.property === property) as AuditColumn;
}

/**
 * Some of the table's columns, in table order: their SELECT list and the decoders of what
 * mysql2 returns (rows as objects keyed by column name, or as arrays of values).
 */
export class AuditColumnSet<P extends AuditProperty> {
  readonly columns: readonly AuditColumn[];

  /**
   * Each property's place in the set's order, and its codec's functions, as plain objects:
   * for hot paths that fill a row field by field (`v[at.eventId] = toDb.eventId(…)`), where
   * every site then sees one function and V8 inlines it. A loop over `columns` calls a
   * different codec at one site and costs several times as much per row.
   */
  readonly at: { readonly [K in P]: number };
  readonly toDb: { readonly [K in P]: (value: AuditRow[K]) => unknown };
  readonly fromDb: { readonly [K in P]: (value: unknown) => AuditRow[K] };
  private readonly positions: Map<AuditProperty, number>;

  constructor(properties: readonly P[]) {
    this.columns = AUDIT_COLUMNS.filter((c) =>
      (properties as readonly string[]).includes(c.property),
    );
    this.positions = new Map(this.columns.map((c, i) => [c.property, i]));
    this.at = Object.fromEntries(this.columns.map((c, i) => [c.property, i])) as this['at'];
    this.toDb = Object.fromEntries(
      this.columns.map((c) => [c.property, c.codec.toDb]),
    ) as unknown as this['toDb'];
    this.fromDb = Object.fromEntries(
      this.columns.map((c) => [c.property, c.codec.fromDb]),
    ) as unknown as this['fromDb'];
  }

  /** The SQL names in order, for an INSERT's column list. */
  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** `event_id, source, …`, or `a.event_id, a.source, …` with a table alias. */
  select(alias?: string): string {
    return this.columns.map((c) => (alias ? `${alias}.${c.name}` : c.name)).join(', ');
  }

  /** Where a property's value is in a row of this set read as an array (rowsAsArray). */
  position(property: P): number {
    return this.positions.get(property) as number;
  }

  /** A row read as an object keyed by column name. */
  fromRow(row: Record<string, unknown>): Pick<AuditRow, P> {
    const out: Record<string, unknown> = {};
    for (const c of this.columns) out[c.property] = c.codec.fromDb(row[c.name]);
    return out as Pick<AuditRow, P>;
  }

  /** The values of a row to insert, in the order of `names`. */
  values(row: Pick<AuditRow, P>): unknown[] {
    const values = new Array<unknown>(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      values[i] = c.codec.toDb(row[c.property as P]);
    }
    return values;
  }
}

/** Every column but the id: what the writer inserts, in this order. */
export const AUDIT_INSERT_COLUMNS = new AuditColumnSet<Exclude<AuditProperty, 'id'>>(
  AUDIT_COLUMNS.map((c) => c.property).filter((p): p is Exclude<AuditProperty, 'id'> => p !== 'id'),
);
