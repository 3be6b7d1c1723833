// Fills the benchmark database with generated audit rows, fast: a seed of realistic rows from
// the test factory (decided by the real classifier, written by the router's AuditLogWriter),
// then INSERT ... SELECT copies of it, each shifted back in time by the seed's span. Secondary indexes are dropped while loading and
// rebuilt in one ALTER afterwards (a sorted build instead of millions of random B-tree
// inserts); they are exactly the ones the migrations define. A populated database is reused.
import {
  AUDIT_INSERT_COLUMNS,
  auditDataSourceOptions,
  connectMysql,
  ensureDatabase,
  migrateAuditDatabase,
} from '@app/audit';
import { parseDatabaseUrl } from '@app/config';
import { Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { AuditMessage, insertAuditRows, realisticRows } from './audit-rows.factory';

export interface BenchDataOptions {
  url: string;
  /** At least this many rows. */
  rows: number;
  /** The rows end at `end` and cover this many days before it. */
  days: number;
  end: Date;
  log: (message: string) => void;
}

const SEED_ROWS = 20_000;

/**
 * How a copy of the seed differs from it, by column (every other column is copied as it is):
 * other event and ticket ids, times shifted back by `shift` microseconds, later offsets. The
 * placeholders are the copy number `k` (three times), the shift (three times), the offset
 * step, in this column order.
 */
const COPY_EXPRESSION: Record<string, string> = {
  event_id: "CONCAT(event_id, '.', ?)",
  dedup_key: "CASE WHEN dedup_key IS NULL THEN NULL ELSE SHA2(CONCAT(event_id, '.', ?), 256) END",
  ticket_id: "CONCAT(ticket_id, '.', ?)",
  occurred_at: 'occurred_at - INTERVAL ? MICROSECOND',
  received_at: 'received_at - INTERVAL ? MICROSECOND',
  decided_at: 'decided_at - INTERVAL ? MICROSECOND',
  input_offset: 'input_offset + ?',
  duplicate_of_id: 'NULL',
};

function connect(url: string): Promise<Connection> {
  return connectMysql(url, { useDatabase: true, bigNumberStrings: true });
}

interface IndexDefinition {
  name: string;
  unique: boolean;
  columns: string[];
}

async function secondaryIndexes(db: Connection): Promise<IndexDefinition[]> {
  const [rows] = await db.query(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'audit_events' AND INDEX_NAME <> 'PRIMARY'
      ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
  );
  const byName = new Map<string, IndexDefinition>();
  for (const r of rows as { name: string; nonUnique: number | string; col: string }[]) {
    const index = byName.get(r.name) ?? {
      name: r.name,
      unique: Number(r.nonUnique) === 0,
      columns: [],
    };
    index.columns.push(r.col);
    byName.set(r.name, index);
  }
  return [...byName.values()];
}

export async function countRows(url: string): Promise<number> {
  const db = await connect(url);
  try {
    // Exact and quick enough on the primary key; the loader never leaves gaps in meaning.
    const [rows] = await db.query('SELECT COUNT(*) AS n FROM audit_events');
    return Number((rows as { n: string }[])[0].n);
  } finally {
    await db.end();
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const c = parseDatabaseUrl(url);
  const server = await connectMysql(url);
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${c.database}\``);
  } finally {
    await server.end();
  }
  await migrateAuditDatabase(url);
}

export async function ensureBenchData(o: BenchDataOptions): Promise<number> {
  await ensureDatabase(o.url);
  const applied = await migrateAuditDatabase(o.url);
  if (applied.length) o.log(`migrations applied: ${applied.join(', ')}`);
  const existing = await countRows(o.url);
  if (existing >= o.rows) {
    o.log(`reusing ${existing} rows in ${parseDatabaseUrl(o.url).database}`);
    return existing;
  }
  // Start from the migrations' schema: an interrupted load may have left indexes dropped.
  o.log(`${existing} rows: generating ${o.rows} into ${parseDatabaseUrl(o.url).database}`);
  await recreateDatabase(o.url);
  const seedSpanMs = (o.days * 86_400_000 * SEED_ROWS) / o.rows;
  // The seed goes through the router's writer while the unique keys are there: they are what
  // makes a re-send a duplicate row.
  const seedFrom = new Date(o.end.getTime() - seedSpanMs);
  const seed: AuditMessage[] = realisticRows(SEED_ROWS, {
    from: seedFrom,
    to: o.end,
    seed: 42,
  }).map((row, i) => ({ ...row, inputPartition: i % 6, inputOffset: String(i) }));
  const writer = new DataSource(auditDataSourceOptions(o.url));
  await writer.initialize();
  try {
    await insertAuditRows(writer, seed, 1000);
  } finally {
    await writer.destroy();
  }
  const db = await connect(o.url);
  try {
    const indexes = await secondaryIndexes(db);
    if (indexes.length) {
      o.log(`dropping ${indexes.length} secondary indexes while loading`);
      await db.query(
        `ALTER TABLE audit_events ${indexes.map((i) => `DROP INDEX \`${i.name}\``).join(', ')}`,
      );
    }
    // The copies are read from a separate seed table: INSERT ... SELECT from the same table
    // would make the server materialize every source row in a temporary file first.
    await db.query('DROP TABLE IF EXISTS bench_seed');
    await db.query('CREATE TABLE bench_seed LIKE audit_events');
    await db.query('INSERT INTO bench_seed SELECT * FROM audit_events');
    o.log(`seed: ${seed.length} rows over ${(seedSpanMs / 3_600_000).toFixed(1)} h`);

    const copies = Math.ceil(o.rows / seed.length);
    const started = Date.now();
    for (let k = 1; k < copies; k++) {
      const shiftUs = Math.round(seedSpanMs * k) * 1000;
      await db.query(
        `INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS.names.join(', ')})
         SELECT ${AUDIT_INSERT_COLUMNS.names.map((c) => COPY_EXPRESSION[c] ?? c).join(', ')}
           FROM bench_seed ORDER BY id`,
        [k, k, k, shiftUs, shiftUs, shiftUs, k * seed.length],
      );
      if (k % 25 === 0 || k === copies - 1) {
        o.log(
          `copies ${k + 1}/${copies} (${(((k + 1) * seed.length) / 1e6).toFixed(2)} M rows, ` +
            `${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
    await db.query('DROP TABLE bench_seed');
    if (indexes.length) {
      const started = Date.now();
      o.log(`rebuilding ${indexes.length} secondary indexes`);
      await db.query(
        `ALTER TABLE audit_events ${indexes
          .map(
            (i) =>
              `ADD ${i.unique ? 'UNIQUE ' : ''}INDEX \`${i.name}\` (${i.columns.map((c) => `\`${c}\``).join(', ')})`,
          )
          .join(', ')}`,
      );
      o.log(`indexes rebuilt (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await db.query('ANALYZE TABLE audit_events');
  } finally {
    await db.end();
  }
  return countRows(o.url);
}
