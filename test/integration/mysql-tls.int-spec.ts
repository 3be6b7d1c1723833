import {
  auditDataSourceOptions,
  auditMigrations,
  connectMysql,
  ensureReaderUser,
  migrateAuditDatabase,
} from '@app/audit';
import { databaseTls, DatabaseTlsSettings, validateEnvironment } from '@app/config';
import { DataSource } from 'typeorm';
import { uniqueSuffix } from '../support/services';
import request from 'supertest';
import { startAuditApi } from '../support/audit-api';
import { startTlsMariaDb, TLS_MARIADB_PORTS, TlsMariaDb } from '../support/tls-mariadb';

// A MariaDB of the tests' own that offers TLS with a certificate made by openssl, and a user
// created REQUIRE SSL: the settings (DATABASE_SSL*) reach mysql2 and TypeORM, the connection
// is encrypted and the server's certificate is verified.
describe('MySQL over TLS', () => {
  let db: TlsMariaDb;
  let url: string;

  beforeAll(async () => {
    db = await startTlsMariaDb(TLS_MARIADB_PORTS.integration);
    url = `${db.tlsUserServerUrl}/tr_tls_${uniqueSuffix()}`;
  }, 120_000);

  afterAll(async () => {
    await db?.server.destroy();
  });

  const settingsTls = (env: Record<string, string>) =>
    databaseTls(validateEnvironment(DatabaseTlsSettings, env));

  it('migrates over TLS with the settings DATABASE_SSL and DATABASE_SSL_CA_FILE', async () => {
    const ssl = settingsTls({ DATABASE_SSL: 'true', DATABASE_SSL_CA_FILE: db.caFile });
    expect(ssl).toEqual({ ca: db.ssl.ca, rejectUnauthorized: true });
    // Every migration, applied over TLS.
    expect(await migrateAuditDatabase(url, ssl)).toHaveLength(auditMigrations.length);
  });

  it('encrypts the session of a mysql2 connection', async () => {
    const connection = await connectMysql(url, { useDatabase: true, ssl: db.ssl });
    try {
      const [rows] = await connection.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
      expect((rows as { Value: string }[])[0].Value).toMatch(/^TLSv1\.[23]$/);
    } finally {
      await connection.end();
    }
  });

  it('encrypts the sessions of the TypeORM pool (the apps’ data source)', async () => {
    const dataSource = await new DataSource(
      auditDataSourceOptions(url, { ssl: db.ssl }),
    ).initialize();
    try {
      const rows = await dataSource.query<{ Value: string }[]>(
        "SHOW SESSION STATUS LIKE 'Ssl_cipher'",
      );
      expect(rows[0].Value).not.toBe('');
      expect(await dataSource.query('SELECT COUNT(*) AS n FROM audit_events')).toEqual([
        { n: '0' },
      ]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('creates the audit API user over TLS (db:migrate)', async () => {
    const reader = `mysql://tls_reader:reader-pw@127.0.0.1:${db.server.port}/${url.split('/').pop()}`;
    const result = await ensureReaderUser(url, reader, '%', db.ssl);
    expect(result).toMatchObject({ status: 'created' });
  });

  it('serves the audit API over a TLS pool (DATABASE_SSL settings of the audit API)', async () => {
    const api = await startAuditApi(url, {
      DATABASE_SSL: 'true',
      DATABASE_SSL_CA_FILE: db.caFile,
    });
    try {
      const res = await request(api.server).get('/v1/decisions').set(api.auth('analyst'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [] });
    } finally {
      await api.close();
    }
  });

  it('is refused without TLS for a user created REQUIRE SSL', async () => {
    await expect(connectMysql(url)).rejects.toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR' });
  });

  it('refuses a server whose certificate the CA file did not sign', async () => {
    const ssl = settingsTls({ DATABASE_SSL: 'true', DATABASE_SSL_CA_FILE: db.otherCaFile });
    await expect(connectMysql(url, { ssl })).rejects.toThrow(/certificate/);
  });

  it('accepts it only with DATABASE_SSL_REJECT_UNAUTHORIZED=false', async () => {
    const ssl = settingsTls({
      DATABASE_SSL: 'true',
      DATABASE_SSL_CA_FILE: db.otherCaFile,
      DATABASE_SSL_REJECT_UNAUTHORIZED: 'false',
    });
    const connection = await connectMysql(url, { ssl });
    await connection.end();
  });
});
