import { AUDIT_INSERT_COLUMNS, insertIgnoreSql, STATEMENT_ROWS } from '@app/audit';
import { createConnection, Connection, RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, TestDatabase } from '../support/services';

// patches/mysql2+3.24.6.patch: a prepared statement keeps, for each of its parameters, only the
// type and flags mysql2 reads when it encodes an execute's values (shared objects), not the
// whole column definition with the packet buffer it was read from. The audit writer's largest
// statement (1,024 rows of the audit columns) has more than 24,000 parameters, and every
// pooled connection caches all of its statement shapes: about 16 MiB of definitions a
// connection before, about 1 MiB after (docs/benchmarks.md).
describe('mysql2 prepared statements as patched (real MariaDB)', () => {
  let db: TestDatabase;
  let connection: Connection;
  const columns = AUDIT_INSERT_COLUMNS.names.length;
  const rows = STATEMENT_ROWS[STATEMENT_ROWS.length - 1];

  beforeAll(async () => {
    db = await createTestDatabase('mysql2_prepared');
    connection = await createConnection(db.url);
    await connection.query(
      'CREATE TABLE hints (n INT NOT NULL, big BIGINT UNSIGNED NOT NULL, s VARCHAR(64) NOT NULL, j JSON NULL)',
    );
  });

  afterAll(async () => {
    await connection?.end();
    await db?.drop();
  });

  it('keeps one small shared hint per parameter type instead of a column definition each', async () => {
    // The audit writer's largest statement, on the migrated audit table.
    const prepared = await connection.prepare(insertIgnoreSql(rows));
    // The promise wrapper keeps mysql2's own statement object, whose parameters Execute reads.
    const statement = (prepared as unknown as { statement: { parameters: object[] } }).statement;
    try {
      expect(statement.parameters).toHaveLength(rows * columns);
      const distinct = new Set(statement.parameters);
      expect(distinct.size).toBeLessThanOrEqual(4);
      for (const hint of distinct) {
        expect(Object.keys(hint).sort()).toEqual(['columnType', 'flags', 'type']);
        expect(Object.isFrozen(hint)).toBe(true);
      }
    } finally {
      await prepared.close();
    }
  });

  it('still binds every type the audit insert uses, values intact', async () => {
    const big = '18446744073709551615';
    const json = JSON.stringify({ a: 'ü', b: [1, 2] });
    await connection.execute('INSERT INTO hints (n, big, s, j) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [
      -7,
      big,
      'text',
      json,
      2147483647,
      '0',
      '',
      null,
    ]);
    const [read] = await connection.query<RowDataPacket[]>(
      'SELECT n, CAST(big AS CHAR) AS big, s, CAST(j AS CHAR) AS j FROM hints ORDER BY n',
    );
    expect(read.map((r) => ({ ...r }))).toEqual([
      { n: -7, big, s: 'text', j: json },
      { n: 2147483647, big: '0', s: '', j: null },
    ]);
  });
});
