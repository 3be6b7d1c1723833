import { ensureReaderUser } from '@app/audit';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { insertAuditRows, routedRow } from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import {
  createTestDatabase,
  openDataSource,
  TestDatabase,
  uniqueSuffix,
} from '../../support/services';

describe('The audit API read-only database user', () => {
  let db: TestDatabase;
  let user: string;
  let readerUrl: string;
  let api: RunningAuditApi | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('api_reader');
    const writer = await openDataSource(db.url);
    await insertAuditRows(writer, [routedRow({ eventId: 'evt-reader' })]);
    await writer.destroy();
    user = `trr_${uniqueSuffix()}`.slice(0, 32);
    readerUrl = db.url.replace('mysql://root@', `mysql://${user}:s3cret-${user}@`);
  });

  afterAll(async () => {
    await api?.close();
    const root = await createConnection({ host: '127.0.0.1', user: 'root' });
    await root.query('DROP USER IF EXISTS ?@?', [user, '%']);
    await root.end();
    await db?.drop();
  });

  it('is created by the migrator with SELECT on the audit table only', async () => {
    const result = await ensureReaderUser(db.url, readerUrl);
    expect(result).toMatchObject({ status: 'created', user: `${user}@%` });
    const grants = (result as { grants: string[] }).grants.join('\n');
    expect(grants).toContain(`GRANT SELECT ON \`${db.name}\`.\`audit_events\` TO`);
    expect(grants).not.toMatch(/INSERT|UPDATE|DELETE|ALL PRIVILEGES/);
    expect(grants).not.toMatch(/PASSWORD|\*[0-9A-F]{40}/);

    const reader = await createConnection({
      host: '127.0.0.1',
      user,
      password: `s3cret-${user}`,
      database: db.name,
    });
    try {
      const [rows] = await reader.query('SELECT event_id FROM audit_events');
      expect(rows).toEqual([{ event_id: 'evt-reader' }]);
      await expect(reader.query('DELETE FROM audit_events')).rejects.toThrow(/command denied/);
      await expect(reader.query("UPDATE audit_events SET outcome = 'rejected'")).rejects.toThrow(
        /command denied/,
      );
      await expect(reader.query('SELECT * FROM migrations')).rejects.toThrow(/command denied/);
    } finally {
      await reader.end();
    }
  });

  it('is updated, not duplicated, when the migration runs again', async () => {
    await expect(ensureReaderUser(db.url, readerUrl)).resolves.toMatchObject({ status: 'updated' });
  });

  it('is enough for the API to answer', async () => {
    api = await startAuditApi(readerUrl);
    const res = await request(api.server).get('/v1/decisions').set(api.auth('analyst')).expect(200);
    expect(res.body.items.map((i: { eventId: string }) => i.eventId)).toEqual(['evt-reader']);
  });

  it('is skipped when the API uses the migrating user, and needs a password', async () => {
    await expect(ensureReaderUser(db.url, db.url)).resolves.toMatchObject({ status: 'skipped' });
    await expect(
      ensureReaderUser(db.url, db.url.replace('mysql://root@', 'mysql://nopass@')),
    ).rejects.toThrow(/give nopass a password/);
  });

  it('hands a DBA the statements when the migrator may not create users', async () => {
    const limited = `trl_${uniqueSuffix()}`.slice(0, 32);
    const root = await createConnection({ host: '127.0.0.1', user: 'root' });
    try {
      await root.query('CREATE USER ?@? IDENTIFIED BY ?', [limited, '%', 'pw']);
      await root.query(`GRANT ALL ON \`${db.name}\`.* TO ?@?`, [limited, '%']);
      const limitedUrl = db.url.replace('mysql://root@', `mysql://${limited}:pw@`);
      const result = await ensureReaderUser(limitedUrl, readerUrl);
      expect(result).toMatchObject({ status: 'not-allowed' });
      expect((result as { statements: string[] }).statements.join('\n')).toContain(
        `GRANT SELECT ON \`${db.name}\`.\`audit_events\` TO '${user}'@'%';`,
      );
    } finally {
      await root.query('DROP USER IF EXISTS ?@?', [limited, '%']);
      await root.end();
    }
  });
});
