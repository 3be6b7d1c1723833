import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { CompressionTypes } from 'kafkajs';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { routerStack, RouterStack } from '../support/router-stack';
import { createTopics, openDataSource } from '../support/services';
import { ReadMessage, readTopics, sleep } from '../support/topic-reader';

// The poison trial: inputs that once held every partition for good (issue "One message must
// never stop the router"), interleaved with valid traffic on several partitions, through the
// built router on the real broker and MariaDB. Every input must end with exactly one outcome
// (routed, dead-lettered, or a duplicate that publishes nothing), every dead letter must fit
// the dead-letter topic as the broker has it (here the broker default, 1 MiB, as an operator
// would provision it), and routing must go on.
const DLQ_MAX_BYTES = 1_048_588;

type Expect = 'routed' | 'dlq' | 'duplicate';
interface TrialInput {
  name: string;
  value: Buffer;
  key: string;
  gzip?: boolean;
  expect: Expect;
}

const ticket = (n: number, overrides: Record<string, unknown> = {}) =>
  aTicketCreated({
    eventId: `E-${n}`,
    source: 'zendesk-emea',
    ticket: { id: `T-${n}`, subject: 'Charged twice', category: 'billing' },
    ...overrides,
  });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function trialInputs(): TrialInput[] {
  const poison: TrialInput[] = [
    {
      name: 'subject ending in a lone surrogate',
      value: json(
        ticket(1001, {
          ticket: {
            id: 'T-1001',
            subject: ('Refund please '.padEnd(499, '.') + '😀').slice(0, 500),
          },
        }),
      ),
      key: 'zendesk-emea:T-1001',
      expect: 'dlq',
    },
    {
      name: 'invalid input whose eventId holds a lone surrogate',
      value: Buffer.from(
        '{"eventId":"bad-\\ud83d","type":"ticket.created","source":"zendesk-emea"}',
      ),
      key: 'zendesk-emea:T-1002',
      expect: 'dlq',
    },
    {
      name: '600 KB channel.partnerId',
      value: json(ticket(1003, { channel: { model: 'direct', partnerId: 'p'.repeat(600_000) } })),
      key: 'zendesk-emea:T-1003',
      expect: 'dlq',
    },
    {
      name: 'gzip input of 3 MB',
      value: json(ticket(1004, { channel: { model: 'direct', partnerId: 'q'.repeat(3_000_000) } })),
      key: 'zendesk-emea:T-1004',
      gzip: true,
      expect: 'dlq',
    },
    {
      name: 'gzip non-UTF-8 input of 8 MB',
      value: Buffer.alloc(8_000_000, 0xe9),
      key: 'zendesk-emea:T-1005',
      gzip: true,
      expect: 'dlq',
    },
    {
      name: '980 KB input whose escaped dead letter would be 1.4 MB',
      value: Buffer.from(`{"eventId":"E-1006","junk":"${'\\"'.repeat(490_000)}"}`),
      key: 'zendesk-emea:T-1006',
      expect: 'dlq',
    },
    {
      name: 'occurredAt with offset +99:99',
      value: json(ticket(1007, { occurredAt: '2026-11-23T10:15:00+99:99' })),
      key: 'zendesk-emea:T-1007',
      expect: 'dlq',
    },
    {
      name: 'the eventId of E-1 from another helpdesk',
      value: json(
        ticket(1, {
          source: 'servicenow-na',
          ticket: { id: 'SN-1', subject: 'Charged twice', category: 'billing' },
        }),
      ),
      key: 'servicenow-na:SN-1',
      expect: 'routed',
    },
    {
      name: 'E-2 again from the same helpdesk with another body',
      value: json(
        ticket(2, {
          ticket: { id: 'T-2', subject: 'Something else entirely', category: 'billing' },
        }),
      ),
      key: 'zendesk-emea:T-2',
      expect: 'dlq',
    },
    {
      name: 'E-3 re-sent as it was',
      value: json(ticket(3)),
      key: 'zendesk-emea:T-3',
      expect: 'duplicate',
    },
    {
      name: 'a row the database refuses every time (test trigger)',
      value: json(
        ticket(1011, {
          ticket: { id: 'T-REFUSED', subject: 'Charged twice', category: 'billing' },
        }),
      ),
      key: 'zendesk-emea:T-REFUSED',
      expect: 'dlq',
    },
  ];
  const valid = Array.from({ length: 60 }, (_, i): TrialInput => ({
    name: `valid E-${i + 1}`,
    value: json(ticket(i + 1)),
    key: `zendesk-emea:T-${i + 1}`,
    expect: 'routed',
  }));
  // Valid traffic first (E-1..E-3 must exist before their re-sends), then poison interleaved
  // with more valid traffic so that valid messages follow each poison on its partition.
  const more = Array.from({ length: 60 }, (_, i): TrialInput => ({
    name: `valid E-${i + 101}`,
    value: json(ticket(i + 101)),
    key: `zendesk-emea:T-${i + 101}`,
    expect: 'routed',
  }));
  const mixed: TrialInput[] = [];
  more.forEach((input, i) => {
    mixed.push(input);
    if (i % 5 === 0 && poison.length > 0) mixed.push(poison.shift()!);
  });
  return [...valid, ...mixed, ...poison];
}

describe('router poison trial', () => {
  const inputs = trialInputs();
  const expected = (kind: Expect) => inputs.filter((i) => i.expect === kind).length;
  let stack: RouterStack;
  let router: RouterProcess;
  let out: ReadMessage[];
  const healthSeen: { status: number; body: string }[] = [];

  beforeAll(async () => {
    ensureBuilt('router');
    stack = await routerStack('poison', { partitions: 3 });
    const admin = stack.kafka.admin();
    await admin.connect();
    // Operators provisioned the dead-letter topic at the broker default (1 MiB).
    await createTopics(admin, [stack.topics.dlq], 3);
    await admin.disconnect();
    // A row MariaDB refuses every time it is to be routed, as an unforeseen constraint would.
    const dataSource = await openDataSource(stack.db.url);
    await dataSource.query(`
      CREATE TRIGGER refuse_one_ticket BEFORE INSERT ON audit_events FOR EACH ROW
      BEGIN
        IF NEW.ticket_id = 'T-REFUSED' AND NEW.outcome = 'routed' THEN
          SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the trial trigger';
        END IF;
      END`);
    await dataSource.destroy();

    router = new RouterProcess('router-poison', stack.env);
    await router.start();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          const response = await fetch(`http://127.0.0.1:${router.httpPort}/health`);
          healthSeen.push({ status: response.status, body: await response.text() });
        } catch {
          // between restarts: nothing to record
        }
        await sleep(100);
      }
    })();

    const producer = stack.kafka.producer();
    await producer.connect();
    for (const input of inputs) {
      await producer.send({
        topic: stack.topics.input,
        compression: input.gzip ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: [{ key: input.key, value: input.value }],
      });
    }
    await producer.disconnect();
    out = await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      (messages) => messages.length >= inputs.length - expected('duplicate'),
      { timeoutMs: 180_000, quietMs: 3_000 },
    );
    watching = false;
    await watcher;
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('publishes exactly one message for every input that is not a duplicate', () => {
    expect(out.filter((m) => m.topic !== stack.topics.dlq)).toHaveLength(expected('routed'));
    expect(out.filter((m) => m.topic === stack.topics.dlq)).toHaveLength(expected('dlq'));
  });

  it('writes one audit row per input, each with its outcome', async () => {
    const dataSource = await openDataSource(stack.db.url);
    try {
      const rows: { outcome: string; n: string | number }[] = await dataSource.query(
        'SELECT outcome, COUNT(*) AS n FROM audit_events GROUP BY outcome',
      );
      const counts = Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
      expect(counts).toEqual({
        routed: expected('routed'),
        rejected: expected('dlq'),
        duplicate: expected('duplicate'),
      });
    } finally {
      await dataSource.destroy();
    }
  });

  it('fits every dead letter into the topic as the broker has it', () => {
    for (const m of out.filter((x) => x.topic === stack.topics.dlq)) {
      let size = Buffer.byteLength(m.value) + Buffer.byteLength(m.key ?? '');
      for (const [name, value] of Object.entries(m.headers))
        size += name.length + Buffer.byteLength(value);
      expect(size).toBeLessThanOrEqual(DLQ_MAX_BYTES);
    }
    const big = out
      .filter((x) => x.topic === stack.topics.dlq)
      .map(
        (x) =>
          JSON.parse(x.value) as { rawTruncated?: boolean; rawBytes?: number; rawBase64?: string },
      );
    // Cut: the 3 MB gzip input, the 980 KB one (1.96 MB escaped) and the 8 MB Latin-1 one.
    const cut = big.filter((r) => r.rawTruncated).map((r) => r.rawBytes!);
    expect(cut).toHaveLength(3);
    expect(cut).toContain(8_000_000);
    for (const bytes of cut) expect(bytes).toBeGreaterThan(900_000);
    const latin1 = big.find((r) => r.rawBytes === 8_000_000)!;
    const kept = Buffer.from(latin1.rawBase64!, 'base64');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((b) => b === 0xe9)).toBe(true);
  });

  it.each([
    ['ticket.subject', 'must be well-formed Unicode text'],
    ['channel.partnerId', 'must be a string of 1 to 128 characters'],
    ['occurredAt', 'must be an ISO-8601 date-time'],
    ['eventId', 'was already routed for this source with a different event'],
    ['$', 'could not be routed or published after 7 attempts'],
  ])('dead-letters with the reason at %s', (path, message) => {
    const reasons = out
      .filter((m) => m.topic === stack.topics.dlq)
      .flatMap(
        (m) => (JSON.parse(m.value) as { errors: { path: string; message: string }[] }).errors,
      );
    expect(reasons).toContainEqual({ path, message: expect.stringContaining(message) as string });
  });

  it('routes the same eventId from two helpdesks as two tickets', () => {
    const e1 = out.filter((m) => m.headers.sourceEventId === 'E-1' && m.topic !== stack.topics.dlq);
    expect(e1.map((m) => (JSON.parse(m.value) as { source: string }).source).sort()).toEqual([
      'servicenow-na',
      'zendesk-emea',
    ]);
    expect(new Set(e1.map((m) => m.headers.eventId)).size).toBe(2);
  });

  it('routes every valid ticket that came after a poison on its partition', () => {
    const routedIds = new Set(
      out.filter((m) => m.topic !== stack.topics.dlq).map((m) => m.headers.sourceEventId),
    );
    for (let n = 101; n <= 160; n++) expect(routedIds).toContain(`E-${n}`);
  });

  it('showed the stuck partition in /health while it lasted, and is healthy after', async () => {
    const stuck = healthSeen.filter((h) => h.status === 503);
    expect(stuck.length).toBeGreaterThan(0);
    const body = JSON.parse(stuck[0].body) as {
      error: { routing?: { status: string; stuck: { attempts: number; lastError: string }[] } };
    };
    expect(body.error.routing?.status).toBe('down');
    expect(body.error.routing?.stuck[0].lastError).toContain('refused by the trial trigger');
    const health = await fetch(`http://127.0.0.1:${router.httpPort}/health`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${router.httpPort}/metrics`)).text();
    expect(metrics).toContain('router_last_resort_total 1');
    expect(metrics).toContain('router_oldest_failing_batch_attempts 0');
  });
});
