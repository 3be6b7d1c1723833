import { AUDIT_INDEXES, AuditEventEntity, UNIQUE_AUDIT_INDEXES } from '@app/audit';
import { DataSource } from 'typeorm';
import { createTestDatabase, openDataSource, TestDatabase } from '../support/services';

describe('Audit database (real MySQL protocol, TypeORM migrations)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('smoke');
    dataSource = await openDataSource(db.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('creates the schema only through migrations, and re-running them changes nothing', async () => {
    const applied = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((row: { name: string }) => row.name)).toEqual([
      'CreateAuditEvents1764160000000',
      'AddAuditApiIndexes1764170000000',
      'AddCatalogVersion1764180000000',
    ]);
    expect(await dataSource.runMigrations()).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('has exactly the indexes of the catalogue (AUDIT_INDEXES), column by column', async () => {
    const rows: {
      Key_name: string;
      Seq_in_index: number | string;
      Column_name: string;
      Collation: string | null;
      Non_unique: number | string;
    }[] = await dataSource.query('SHOW INDEX FROM audit_events');
    const actual: Record<string, string[]> = {};
    for (const row of [...rows].sort((a, b) => Number(a.Seq_in_index) - Number(b.Seq_in_index))) {
      const part = row.Collation === 'D' ? `${row.Column_name} DESC` : row.Column_name;
      (actual[row.Key_name] ??= []).push(part);
    }
    expect(actual).toEqual(AUDIT_INDEXES);
    const unique = [
      ...new Set(rows.filter((r) => Number(r.Non_unique) === 0).map((r) => r.Key_name)),
    ];
    expect(unique.sort()).toEqual([...UNIQUE_AUDIT_INDEXES].sort());
  });

  it('declares every index of the catalogue on the entity too', () => {
    const metadata = dataSource.getMetadata(AuditEventEntity);
    const declared = Object.fromEntries(
      metadata.indices.map((index) => [index.name, index.columns.map((c) => c.databaseName)]),
    );
    const catalogue = Object.entries(AUDIT_INDEXES).filter(([name]) => name !== 'PRIMARY');
    expect(declared).toEqual(
      Object.fromEntries(
        catalogue.map(([name, parts]) => [name, parts.map((p) => p.replace(/ DESC$/, ''))]),
      ),
    );
  });

  it('writes an audit row and reads it back with its JSON, times and flags intact', async () => {
    const repository = dataSource.getRepository(AuditEventEntity);
    const decidedAt = new Date('2026-11-23T10:15:01.234Z');
    const saved = await repository.save(
      repository.create({
        eventId: 'evt-1',
        source: 'zendesk-emea',
        ticketId: 'ZD-1',
        receivedAt: decidedAt,
        decidedAt,
        inputTopic: 'support.tickets.new',
        inputPartition: 0,
        inputOffset: '42',
        outcome: 'routed',
        party: 'isv',
        clauses: ['C2', 'C3'],
        needsReview: true,
        payload: { hello: '안녕', nested: { n: 1 } },
      }),
    );

    const row = await repository.findOneByOrFail({ id: saved.id });
    expect(row.eventId).toBe('evt-1');
    expect(row.decidedAt.toISOString()).toBe('2026-11-23T10:15:01.234Z');
    expect(row.inputOffset).toBe('42');
    expect(row.clauses).toEqual(['C2', 'C3']);
    expect(row.needsReview).toBe(true);
    expect(row.payload).toEqual({ hello: '안녕', nested: { n: 1 } });
  });

  it('refuses a second row for the same input message', async () => {
    const repository = dataSource.getRepository(AuditEventEntity);
    const row = {
      receivedAt: new Date(),
      decidedAt: new Date(),
      inputTopic: 't',
      inputPartition: 1,
      inputOffset: '7',
      outcome: 'rejected' as const,
      payload: {},
    };
    await repository.insert(row);
    await expect(repository.insert(row)).rejects.toThrow(/Duplicate entry/);
  });
});
