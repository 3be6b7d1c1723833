import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import {
  caseMessage,
  EXPECTED_REJECTION_PATHS,
  isRejectedCase,
  loadConformanceCases,
  RoutedExpectation,
  summarize,
} from '../support/conformance';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { SecureKafka } from '../support/secure-kafka';
import { openDataSource } from '../support/services';
import { ReadMessage, readTopics } from '../support/topic-reader';

// The built router on the real broker and MySQL: every public conformance case goes in as a
// Kafka message; what an integration reads (read_committed) and what an analyst finds in the
// audit table must both be right. Twice: on the plain broker with the shared topics, and on
// the secured broker (SASL_SSL, SCRAM, ACLs; the router a super user) with a topic per ISV.
const cases = loadConformanceCases();

const transports = [
  { name: 'plaintext, shared topics', log: 'conformance', stack: () => routerStack('conformance') },
  {
    name: 'SASL_SSL (SCRAM-SHA-512, ACLs), a topic per ISV',
    log: 'conformance-secure',
    stack: () => {
      const broker = SecureKafka.start();
      return routerStack('conformance-secure', {
        brokers: broker.brokers,
        kafka: broker.client('admin'),
        env: { ...broker.env('router'), TOPIC_ROUTED_PER_TARGET: 'isv' },
      });
    },
  },
];

describe.each(transports)('router on Kafka and MySQL ($name)', (transport) => {
  let stack: RouterStack;
  let router: RouterProcess;
  let all: ReadMessage[];

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw rows, checked column by column
  const auditRows = async (where = '1 = 1', params: unknown[] = []): Promise<any[]> => {
    const dataSource = await openDataSource(stack.db.url);
    try {
      return await dataSource.query(
        `SELECT * FROM audit_events WHERE ${where} ORDER BY id`,
        params,
      );
    } finally {
      await dataSource.destroy();
    }
  };

  beforeAll(async () => {
    ensureBuilt('router');
    stack = await transport.stack();
    router = new RouterProcess(`router-${transport.log}`, stack.env);
    await router.start();
    await produceInputs(stack.kafka, stack.topics.input, cases.map(caseMessage));
    all = await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      (messages) => messages.length >= cases.length,
    );
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('publishes exactly one message per input, routed or dead-lettered', () => {
    expect(all).toHaveLength(cases.length);
  });

  it.each(cases.filter((c) => !isRejectedCase(c)).map((c) => [c.line, c] as const))(
    'case %i: routed to its party topic with the expected decision',
    (_line, testCase) => {
      const eventId = (testCase.input as { eventId: string }).eventId;
      const out = all.filter((m) => m.headers.sourceEventId === eventId);
      expect(out).toHaveLength(1);
      const [message] = out;
      const expected = testCase.expect as RoutedExpectation;
      const event = JSON.parse(message.value);
      expect(message.topic).toBe(
        (expected.party === 'isv' && stack.isvTopics[expected.target.id]) ||
          stack.topics[expected.party as 'partner' | 'isv' | 'microsoft'],
      );
      expect(summarize(event.routing)).toEqual(expected);
      expect(message.key).toBe(`${event.source}:${event.ticket.id}`);
      expect(message.headers).toMatchObject({
        eventId: event.eventId,
        party: expected.party,
        targetType: expected.target.type,
        targetId: expected.target.id,
        ruleId: event.routing.ruleId,
      });
    },
  );

  it.each(cases.filter(isRejectedCase).map((c) => [c.line, c.why ?? '', c] as const))(
    'case %i (%s): dead-lettered with its reasons, never routed',
    (_line, why, testCase) => {
      const raw = caseMessage(testCase);
      const out = all.filter((m) => JSON.parse(m.value).raw === raw);
      expect(out).toHaveLength(1);
      expect(out[0].topic).toBe(stack.topics.dlq);
      const record = JSON.parse(out[0].value);
      expect(record).toMatchObject({ type: 'ticket.rejected', version: 1 });
      expect(record.origin).toMatchObject({ topic: stack.topics.input });
      expect(record.errors.map((e: { path: string }) => e.path)).toContain(
        EXPECTED_REJECTION_PATHS[why],
      );
    },
  );

  it('writes one audit row per input message, agreeing with what was published', async () => {
    const rows = await auditRows();
    expect(rows).toHaveLength(cases.length);
    expect(
      new Set(
        rows.map(
          (r: { input_offset: string; input_partition: number }) =>
            `${r.input_partition}:${r.input_offset}`,
        ),
      ).size,
    ).toBe(cases.length);
    for (const message of all.filter((m) => m.topic !== stack.topics.dlq)) {
      const event = JSON.parse(message.value);
      const row = rows.find((r: { event_id: string }) => r.event_id === event.sourceEventId);
      expect(row).toMatchObject({
        outcome: 'routed',
        party: event.routing.party,
        target_type: event.routing.target.type,
        target_id: event.routing.target.id,
        category: event.routing.category,
        category_source: event.routing.categorySource,
        rule_id: event.routing.ruleId,
        rule_set_version: event.routing.ruleSetVersion,
        source: event.source,
        ticket_id: event.ticket.id,
      });
    }
    expect(rows.filter((r: { outcome: string }) => r.outcome === 'rejected')).toHaveLength(
      cases.filter(isRejectedCase).length,
    );
  });

  it('audits a re-sent eventId as a duplicate and does not route it twice', async () => {
    const event = aTicketCreated({ eventId: `dup-${Date.now()}` });
    const value = JSON.stringify(event);
    await produceInputs(stack.kafka, stack.topics.input, [value]);
    await waitForRows(() => auditRows('event_id = ?', [event.eventId]), 1);
    await produceInputs(stack.kafka, stack.topics.input, [value]);
    const rows = await waitForRows(() => auditRows('event_id = ?', [event.eventId]), 2);
    expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['routed', 'duplicate']);
    expect(String(rows[1].duplicate_of_id)).toBe(String(rows[0].id));

    const published = await readTopics(stack.kafka, stack.routedTopics, (m) =>
      m.some((x) => x.headers.sourceEventId === event.eventId),
    );
    expect(published.filter((m) => m.headers.sourceEventId === event.eventId)).toHaveLength(1);
  });

  it('keeps one ticket’s events in order, and a poison message does not hold up the rest', async () => {
    const ticket = { id: `ORDER-${Date.now()}`, subject: 'Order check', category: 'billing' };
    const values = Array.from({ length: 30 }, (_, i) =>
      i === 10
        ? '{"this is": not json'
        : JSON.stringify(aTicketCreated({ eventId: `order-${ticket.id}-${i}`, ticket })),
    );
    // One key: every message, the poison one included, lands in one input partition.
    await produceInputs(stack.kafka, stack.topics.input, values, () => `zendesk-emea:${ticket.id}`);

    const published = await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      (m) =>
        m.filter((x) => x.headers.sourceEventId?.startsWith(`order-${ticket.id}`)).length >= 29,
    );
    const routed = published.filter((m) =>
      m.headers.sourceEventId?.startsWith(`order-${ticket.id}`),
    );
    expect(routed.map((m) => Number(m.headers.sourceEventId.split('-').pop()))).toEqual(
      Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 10),
    );
    expect(new Set(routed.map((m) => `${m.topic}:${m.partition}`)).size).toBe(1);
  });

  it('answers /health with Kafka and MySQL up, and counts decisions in /metrics', async () => {
    const health = await fetch(`http://127.0.0.1:${router.httpPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      info: { kafka: { status: 'up' }, mysql: { status: 'up' } },
    });
    const metrics = await (await fetch(`http://127.0.0.1:${router.httpPort}/metrics`)).text();
    // What the metrics counted is what the audit table holds, whichever tests ran before.
    const outcomes = await auditRows();
    const count = (outcome: string) => outcomes.filter((r) => r.outcome === outcome).length;
    expect(count('rejected')).toBeGreaterThanOrEqual(cases.filter(isRejectedCase).length);
    expect(metrics).toContain(`router_tickets_rejected_total ${count('rejected')}`);
    expect(metrics).toContain(`router_tickets_duplicate_total ${count('duplicate')}`);
    for (const party of ['partner', 'isv', 'microsoft']) {
      const routed = outcomes.filter((r) => r.outcome === 'routed' && r.party === party).length;
      expect(metrics).toContain(`router_tickets_routed_total{party="${party}"} ${routed}`);
    }
    expect(metrics).toMatch(/router_batch_duration_seconds_count \d+/);
    expect(metrics).toMatch(/router_consumer_lag\{topic="[^"]+",partition="0"\} 0/);
  });

  it('stops on SIGTERM with exit code 0 after stopping the consumer', async () => {
    expect(await router.stop()).toBe(0);
    expect(router.output()).toMatch(/"msg":"consumer stopped"[\s\S]*"msg":"shut down"/);
  });
});

async function waitForRows<T>(query: () => Promise<T[]>, count: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await query();
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}
