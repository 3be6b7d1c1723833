import { connectMysql, migrateAuditDatabase } from '@app/audit';
import { caseMessage, isRejectedCase, loadConformanceCases } from '../support/conformance';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { uniqueSuffix } from '../support/services';
import { startTlsMariaDb, TLS_MARIADB_PORTS, TlsMariaDb } from '../support/tls-mariadb';
import { readTopics } from '../support/topic-reader';

// The built router with DATABASE_SSL settings against a MariaDB that offers TLS, as a user
// created REQUIRE SSL: it creates its database, migrates and audits over TLS.
describe('router with MySQL over TLS', () => {
  let db: TlsMariaDb;
  let stack: RouterStack;
  let router: RouterProcess;
  let url: string;

  beforeAll(async () => {
    ensureBuilt('router');
    db = await startTlsMariaDb(TLS_MARIADB_PORTS.e2e);
    stack = await routerStack('mysql-tls');
    url = `${db.tlsUserServerUrl}/tr_router_tls_${uniqueSuffix()}`;
  }, 120_000);

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
    await db?.server.destroy();
  });

  it('does not start without TLS: the user requires it', async () => {
    router = new RouterProcess('router-mysql-notls', { ...stack.env, DATABASE_URL: url });
    await expect(router.start(30_000)).rejects.toThrow(/exited during start/);
    await router.close();
  });

  it('routes and audits with DATABASE_SSL=true and the CA file', async () => {
    router = new RouterProcess('router-mysql-tls', {
      ...stack.env,
      DATABASE_URL: url,
      DATABASE_SSL: 'true',
      DATABASE_SSL_CA_FILE: db.caFile,
    });
    await router.start();
    const cases = loadConformanceCases()
      .filter((c) => !isRejectedCase(c))
      .slice(0, 5);
    await produceInputs(stack.kafka, stack.topics.input, cases.map(caseMessage));
    const out = await readTopics(stack.kafka, stack.routedTopics, (m) => m.length >= 5);
    expect(out).toHaveLength(5);
    // Already migrated by the router: nothing left to apply.
    expect(await migrateAuditDatabase(url, db.ssl)).toEqual([]);
    const connection = await connectMysql(url, { useDatabase: true, ssl: db.ssl });
    try {
      const [rows] = await connection.query('SELECT outcome FROM audit_events');
      expect(rows).toHaveLength(5);
    } finally {
      await connection.end();
    }
  });
});
