import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  caseMessage,
  isRejectedCase,
  loadConformanceCases,
  RoutedExpectation,
} from '../support/conformance';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { createTopics, openDataSource, uniqueSuffix } from '../support/services';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { SecureKafka } from '../support/secure-kafka';
import { readTopics, sleep } from '../support/topic-reader';

// The router on the secured broker (SASL_SSL, SCRAM and PLAIN users, StandardAuthorizer with
// ACLs): what an operator sees when the credentials are wrong or TLS is not trusted, the
// Event Hubs style PLAIN login, and the isolation of one ISV's topic (`npm run acl`).
// The conformance cases over SASL_SSL are in router-conformance.e2e-spec.ts.
const root = join(__dirname, '..', '..');
const cases = loadConformanceCases();
const isvCase = (id: string) => (c: (typeof cases)[number]) =>
  !isRejectedCase(c) &&
  (c.expect as RoutedExpectation).party === 'isv' &&
  (c.expect as RoutedExpectation).target.id === id;

let broker: SecureKafka;

beforeAll(() => {
  ensureBuilt('router');
  broker = SecureKafka.start();
});

async function health(router: RouterProcess): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${router.httpPort}/health`);
  return { status: response.status, body: await response.json() };
}

async function auditRowCount(stack: RouterStack): Promise<number> {
  const dataSource = await openDataSource(stack.db.url);
  try {
    const [row] = await dataSource.query<{ n: string }[]>('SELECT COUNT(*) AS n FROM audit_events');
    return Number(row.n);
  } finally {
    await dataSource.destroy();
  }
}

describe('wrong credentials', () => {
  let stack: RouterStack;
  let router: RouterProcess;

  beforeAll(async () => {
    stack = await routerStack('secure-badpw', {
      brokers: broker.brokers,
      kafka: broker.client('admin'),
      env: broker.env('router', { password: 'not-the-password' }),
    });
    // The router cannot create them: an integration that already writes tickets.
    const admin = stack.kafka.admin();
    await admin.connect();
    await createTopics(admin, [stack.topics.input, ...stack.routedTopics, stack.topics.dlq], 3);
    await admin.disconnect();
    router = new RouterProcess('router-secure-badpw', stack.env);
    await router.start();
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('says in its log that Kafka rejected the credentials, naming the settings', () => {
    expect(router.output()).toContain('Kafka rejected the credentials');
    expect(router.output()).toMatch(/KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/);
    expect(router.output()).toMatch(/"msg":"not consuming; \/health says 503/);
    expect(router.output()).not.toContain('not-the-password');
  });

  it('answers /health with 503 and the reason', async () => {
    const { status, body } = await health(router);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      error: { kafka: { status: 'down', message: expect.stringContaining('rejected') } },
    });
  });

  it('routes nothing, not even part of a batch, and audits nothing', async () => {
    const inputs = cases.slice(0, 20).map(caseMessage);
    await produceInputs(stack.kafka, stack.topics.input, inputs);
    await sleep(5_000);
    const out = await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      () => true,
      {
        quietMs: 3_000,
      },
    );
    expect(out).toHaveLength(0);
    expect(await auditRowCount(stack)).toBe(0);
    expect((await health(router)).status).toBe(503);
  });

  it('still stops cleanly on SIGTERM', async () => {
    expect(await router.stop()).toBe(0);
  });
});

describe('TLS the router does not trust', () => {
  it('stops start-up saying that TLS failed and naming KAFKA_SSL_CA_FILE', async () => {
    const stack = await routerStack('secure-noca', { brokers: broker.brokers });
    try {
      const env = { ...stack.env, ...broker.env('router') };
      delete env.KAFKA_SSL_CA_FILE; // the system CAs, which never signed the test CA
      const result = spawnSync('node', [join(root, 'dist', 'apps', 'router', 'main.js')], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Kafka: TLS to Kafka failed .*certificate/);
      expect(result.stderr).toContain('KAFKA_SSL_CA_FILE');
    } finally {
      await stack.db.drop();
    }
  });
});

describe('PLAIN over TLS (the Event Hubs login)', () => {
  let stack: RouterStack;
  let router: RouterProcess;

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('routes a ticket exactly once', async () => {
    stack = await routerStack('secure-plain', {
      brokers: broker.brokers,
      kafka: broker.client('admin', 'test-admin', { mechanism: 'plain' }),
      env: broker.env('router', { mechanism: 'plain' }),
    });
    router = new RouterProcess('router-secure-plain', stack.env);
    await router.start();
    const testCase = cases.find(isvCase('contoso'))!;
    await produceInputs(stack.kafka, stack.topics.input, [caseMessage(testCase)]);
    const out = await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      (m) => m.length >= 1,
    );
    expect(out.map((m) => m.topic)).toEqual([stack.topics.isv]);
    expect(out[0].headers).toMatchObject({ targetId: 'contoso', party: 'isv' });
    expect((await health(router)).status).toBe(200);
  });
});

describe('one ISV, one topic (TOPIC_ROUTED_PER_TARGET=isv and npm run acl)', () => {
  let stack: RouterStack;
  let router: RouterProcess;
  const contosoCases = cases.filter(isvCase('contoso'));
  const fabrikamCases = cases.filter(isvCase('fabrikam'));
  const group = `contoso.${uniqueSuffix()}`;

  beforeAll(async () => {
    stack = await routerStack('secure-acl', {
      brokers: broker.brokers,
      kafka: broker.client('admin'),
      env: { ...broker.env('router'), TOPIC_ROUTED_PER_TARGET: 'isv' },
    });
    router = new RouterProcess('router-secure-acl', stack.env);
    await router.start();
    // Every case: routed to all parties and ISVs, and dead-lettered.
    await produceInputs(stack.kafka, stack.topics.input, cases.map(caseMessage));
    await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      (m) => m.length >= cases.length,
    );
    // The real command, as an operator runs it (the admin user is a super user).
    const acl = spawnSync(
      'npm',
      ['run', '--silent', 'acl', '--', 'grant-isv', 'contoso', '--group-prefix', 'contoso.'],
      {
        cwd: root,
        env: {
          ...process.env,
          ...broker.env('admin'),
          TOPIC_ROUTED_ISV: stack.topics.isv,
        },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(acl.stderr).toBe('');
    expect(acl.status).toBe(0);
    expect(acl.stdout).toContain(`granted User:contoso READ on topic ${stack.topics.isv}.contoso`);
    expect(acl.stdout).toContain('granted User:contoso READ on groups contoso.*');
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it("publishes each ISV's events to its own topic, exactly once", async () => {
    const admin = broker.client('admin');
    const all = await readTopics(
      admin,
      [...stack.routedTopics, stack.topics.dlq],
      (m) => m.length >= cases.length,
    );
    expect(all).toHaveLength(cases.length);
    for (const [id, topic] of Object.entries(stack.isvTopics)) {
      const expected = cases
        .filter(isvCase(id))
        .map((c) => (c.input as { eventId: string }).eventId);
      expect(
        all
          .filter((m) => m.topic === topic)
          .map((m) => m.headers.sourceEventId)
          .sort(),
      ).toEqual(expected.sort());
    }
    expect(all.filter((m) => m.topic === stack.topics.isv)).toHaveLength(0);
  });

  it('lets contoso read its own topic with a group of its prefix', async () => {
    const contoso = broker.client('contoso');
    const read = await readTopics(
      contoso,
      [stack.isvTopics.contoso],
      (m) => m.length >= contosoCases.length,
      { groupId: group },
    );
    expect(read.map((m) => m.headers.targetId)).toEqual(contosoCases.map(() => 'contoso'));
    expect(read).toHaveLength(contosoCases.length);
  });

  it("keeps one ticket's events in order on the ISV's own topic, as the ISV reads them", async () => {
    const template = contosoCases[0].input as { ticket: Record<string, unknown>; source: string };
    const ticket = { ...template.ticket, id: `ORDER-${uniqueSuffix()}` };
    const values = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ ...template, eventId: `${ticket.id}-${i}`, ticket }),
    );
    await produceInputs(stack.kafka, stack.topics.input, values);
    const read = await readTopics(
      broker.client('contoso'),
      [stack.isvTopics.contoso],
      (m) => m.filter((x) => x.headers.sourceEventId?.startsWith(ticket.id)).length >= 30,
      { groupId: `contoso.${uniqueSuffix()}` },
    );
    const mine = read.filter((m) => m.headers.sourceEventId?.startsWith(ticket.id));
    expect(mine.map((m) => Number(m.headers.sourceEventId.split('-').pop()))).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
    expect(new Set(mine.map((m) => m.key))).toEqual(new Set([`${template.source}:${ticket.id}`]));
  });

  it.each([
    ["another ISV's topic (fabrikam)", (s: RouterStack) => s.isvTopics.fabrikam],
    ['the shared ISV topic', (s: RouterStack) => s.topics.isv],
    ['the partner topic', (s: RouterStack) => s.topics.partner],
    ['the dead-letter topic', (s: RouterStack) => s.topics.dlq],
  ])('denies contoso %s (TOPIC_AUTHORIZATION_FAILED)', async (_what, topicOf) => {
    const contoso = broker.client('contoso', 'test-contoso', { retries: 0 });
    const consumer = contoso.consumer({ groupId: `${group}-x` });
    await consumer.connect();
    try {
      await expect(
        consumer.subscribe({ topics: [topicOf(stack)], fromBeginning: true }),
      ).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    } finally {
      await consumer.disconnect();
    }
    expect(fabrikamCases.length).toBeGreaterThan(0);
  });

  // The broker answers GROUP_AUTHORIZATION_FAILED; kafkajs reports "Failed to find group coordinator".
  it('denies contoso a consumer group outside its prefix', async () => {
    const contoso = broker.client('contoso', 'test-contoso', { retries: 0 });
    const consumer = contoso.consumer({ groupId: `fabrikam.${uniqueSuffix()}` });
    const crashed = new Promise<unknown>((resolve) =>
      consumer.on(consumer.events.CRASH, ({ payload }) => resolve(payload.error)),
    );
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [stack.isvTopics.contoso], fromBeginning: true });
      await consumer.run({ eachMessage: () => Promise.resolve() });
      expect(await crashed).toMatchObject({ name: 'KafkaJSGroupCoordinatorNotFound' });
    } finally {
      await consumer.disconnect();
    }
  });

  it('denies fabrikam, which has no grant, even its own topic', async () => {
    const fabrikam = broker.client('fabrikam', 'test-fabrikam', { retries: 0 });
    const consumer = fabrikam.consumer({ groupId: `fabrikam.${uniqueSuffix()}` });
    await consumer.connect();
    try {
      await expect(
        consumer.subscribe({ topics: [stack.isvTopics.fabrikam], fromBeginning: true }),
      ).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    } finally {
      await consumer.disconnect();
    }
  });
});
