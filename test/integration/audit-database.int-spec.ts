import { AuditEventEntity } from '@app/audit';
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
    ]);
    expect(await dataSource.runMigrations()).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(false);
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
