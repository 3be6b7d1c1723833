import {
  KafkaBatch,
  KafkaBatchContext,
  BatchOutcome,
  KafkaBatchServer,
  KafkaBatchServerOptions,
  OutgoingMessage,
  RethrowBatchErrors,
} from '@app/kafka';
import { Controller, INestMicroservice, Module, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { Admin, Kafka } from 'kafkajs';
import { readTopics } from '../support/topic-reader';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';

const suffix = uniqueSuffix();
// Each test of the first suite gets its own topics and group (see beforeEach): no test counts
// on what an earlier one left behind.
let input = `batch-in.${suffix}`;
let output = `batch-out.${suffix}`;

/**
 * Echoes every message; fails the first attempts of chosen batches to exercise the retry, and
 * takes `delayMs` a batch (like an INSERT) where a test needs batches in hand at once.
 */
@Controller()
class EchoConsumer {
  static failuresLeft = 0;
  static attemptsSeen: number[] = [];
  static delayMs = 0;

  @EventPattern('echo')
  async handle(
    @Payload() batch: KafkaBatch,
    @Ctx() context: KafkaBatchContext,
  ): Promise<OutgoingMessage[]> {
    if (EchoConsumer.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, EchoConsumer.delayMs));
    }
    EchoConsumer.attemptsSeen.push(context.getAttempt());
    if (EchoConsumer.failuresLeft > 0) {
      EchoConsumer.failuresLeft--;
      throw new Error('simulated failure (e.g. MySQL down)');
    }
    return batch.messages.map((m) => ({
      topic: output,
      key: m.key?.toString() ?? null,
      value: `${batch.partition}:${m.offset}:${m.value!.toString()}`,
      headers: { source: 'echo' },
    }));
  }
}

@Module({ controllers: [EchoConsumer] })
class EchoModule {}

describe(KafkaBatchServer.name, () => {
  let kafka: Kafka;
  let admin: Admin;
  let app: INestMicroservice | undefined;
  let groupId = `echo-${suffix}`;

  async function startApp(
    options: Partial<KafkaBatchServerOptions> = {},
  ): Promise<INestMicroservice> {
    const moduleRef = await Test.createTestingModule({ imports: [EchoModule] }).compile();
    const microservice = moduleRef.createNestMicroservice({
      strategy: new KafkaBatchServer({
        kafka,
        groupId,
        topics: { echo: input },
        retry: { initialMs: 50, maxMs: 200 },
        partitionsConsumedConcurrently: 2,
        ...options,
      }),
      logger: false,
    });
    await microservice.listen();
    return microservice;
  }

  async function produce(values: string[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: values.map((value, i) => ({ key: `ticket-${i % 7}`, value })),
    });
    await producer.disconnect();
  }

  async function committedTotal(): Promise<number> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
    return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  beforeAll(async () => {
    kafka = testKafka('batch-server');
    admin = kafka.admin();
    await admin.connect();
  });

  beforeEach(async () => {
    const id = uniqueSuffix();
    input = `batch-in.${id}`;
    output = `batch-out.${id}`;
    groupId = `echo-${id}`;
    await createTopics(admin, [input], 3);
    await createTopics(admin, [output], 3);
  });

  afterEach(async () => {
    EchoConsumer.delayMs = 0;
    await app?.close();
    app = undefined;
    await admin.deleteTopics({ topics: [input, output] }).catch(() => undefined);
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it("ends a crashed owner's open transaction as soon as it joins, not when the partition's next input comes", async () => {
    // A previous owner of input partition 0 (same transactional id) died mid-transaction: its
    // open transaction holds back what read_committed consumers of the output may read.
    const zombie = kafka.producer({
      transactionalId: `${groupId}.${input}.0`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 300_000,
    });
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: output, messages: [{ value: 'zombie', partition: 0 }] });
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: output, messages: [{ value: 'after', partition: 0 }] });
    await plain.disconnect();

    app = await startApp(); // no input at all
    const out = await readTopics(kafka, [output], (m) => m.length > 0, {
      timeoutMs: 30_000,
      quietMs: 500,
    });
    await zombie.disconnect().catch(() => undefined);
    expect(out.map((m) => m.value)).toEqual(['after']);
  });

  it('hands batches to the @EventPattern handler and commits its output with the offsets', async () => {
    const values = Array.from({ length: 300 }, (_, i) => `m${i}`);
    await produce(values);
    app = await startApp();

    const out = await readTopics(kafka, [output], (m) => m.length >= values.length);
    expect(out.map((m) => m.value.split(':')[2]).sort()).toEqual([...values].sort());
    await waitFor(async () => (await committedTotal()) === values.length);
  });

  it('commits the batches of several partitions that are ready together in one transaction', async () => {
    // 3 partitions, handled 3 at a time: the batches of one fetch share transactions
    // (group commit), each partition's offset committed with the group generation. The
    // handler takes 100 ms a batch and the linger is long, so that the batches' being in hand
    // together does not depend on how busy the machine is (CI runs suites side by side).
    EchoConsumer.delayMs = 100;
    const values = Array.from({ length: 600 }, (_, i) => `g${i}`);
    await produce(values);
    const transactions: { contributions: number; messages: number }[] = [];
    const completed: BatchOutcome[] = [];
    app = await startApp({
      partitionsConsumedConcurrently: 3,
      lingerMs: 2_000,
      observer: {
        transactionCommitted: (transaction) => transactions.push(transaction),
        batchCompleted: (outcome) => completed.push(outcome),
      },
    });

    const out = await readTopics(kafka, [output], (m) => m.length >= values.length);
    expect(out.map((m) => m.value.split(':')[2]).sort()).toEqual([...values].sort());
    await waitFor(async () => (await committedTotal()) === values.length);
    const fresh = completed.filter((c) => c.messages > 0);
    expect(transactions.reduce((sum, t) => sum + t.contributions, 0)).toBe(fresh.length);
    expect(transactions.reduce((sum, t) => sum + t.messages, 0)).toBe(values.length);
    expect(Math.max(...transactions.map((t) => t.contributions))).toBeGreaterThan(1);
    expect(transactions.length).toBeLessThan(fresh.length);
  });

  it("splits a producer's record batch larger than maxBatchBytes into transactions of at most that size, in order", async () => {
    // One send, one key: one record batch of about 200 KiB in one partition, which the broker
    // returns whole although the fetch asks for 16 KiB.
    const producer = kafka.producer();
    await producer.connect();
    const values = Array.from({ length: 200 }, (_, i) => `${i}:${'v'.repeat(1000)}`);
    await producer.send({
      topic: input,
      messages: values.map((value) => ({ key: 'one-ticket', value })),
    });
    await producer.disconnect();
    const completed: BatchOutcome[] = [];
    app = await startApp({
      maxBatchBytes: 16 * 1024,
      consumer: { maxBytesPerPartition: 16 * 1024 },
      observer: { batchCompleted: (outcome) => completed.push(outcome) },
    });

    const out = await readTopics(kafka, [output], (m) => m.length >= values.length);
    expect(out.map((m) => Number(m.value.split(':')[2]))).toEqual(values.map((_, i) => i));
    await waitFor(async () => (await committedTotal()) === values.length);
    // Keys and values of at most 16 KiB a part: 16 of these messages (1,012-1,014 bytes each).
    expect(Math.max(...completed.map((c) => c.messages))).toBeLessThanOrEqual(16);
    expect(completed.reduce((sum, c) => sum + c.messages, 0)).toBe(values.length);
  });

  it('retries a failed batch until it succeeds, skipping and doubling nothing', async () => {
    EchoConsumer.failuresLeft = 3;
    EchoConsumer.attemptsSeen = [];
    const values = Array.from({ length: 50 }, (_, i) => `retry${i}`);
    await produce(values);
    app = await startApp();

    const out = await readTopics(
      kafka,
      [output],
      (m) => m.filter((x) => x.value.includes(':retry')).length >= 50,
    );
    const retried = out.filter((m) => m.value.includes(':retry')).map((m) => m.value.split(':')[2]);
    expect(retried.sort()).toEqual([...values].sort());
    expect(Math.max(...EchoConsumer.attemptsSeen)).toBeGreaterThan(1);
    await waitFor(async () => (await committedTotal()) === 50);
  });

  it('resumes after a restart from the committed offsets, without re-publishing', async () => {
    const before = Array.from({ length: 40 }, (_, i) => `before${i}`);
    await produce(before);
    app = await startApp();
    await waitFor(async () => (await committedTotal()) === before.length);
    await app.close();
    app = undefined;
    await produce(['after-restart']);
    app = await startApp();

    const out = await readTopics(kafka, [output], (m) =>
      m.some((x) => x.value.endsWith(':after-restart')),
    );
    expect(out).toHaveLength(41);
    expect(new Set(out.map((m) => `${m.value.split(':')[0]}:${m.value.split(':')[1]}`)).size).toBe(
      41,
    );
  });
});

const bigInput = `batch-big-in.${suffix}`;
const bigOutput = `batch-big-out.${suffix}`;

/** 40 messages of 64 KiB per input, all keyed alike: 2.5 MiB for one partition. */
@Controller()
class FanOutConsumer {
  @EventPattern('fan-out')
  handle(@Payload() batch: KafkaBatch): OutgoingMessage[] {
    return batch.messages.flatMap((m) =>
      Array.from({ length: 40 }, (_, i) => ({
        topic: bigOutput,
        key: 'one-ticket',
        value: `${m.value!.toString()}:${i}:${'x'.repeat(64 * 1024)}`,
      })),
    );
  }
}

@Module({ controllers: [FanOutConsumer] })
class FanOutModule {}

describe(`${KafkaBatchServer.name} with a large batch output`, () => {
  let kafka: Kafka;
  let admin: Admin;
  let app: INestMicroservice | undefined;

  beforeAll(async () => {
    kafka = testKafka('batch-server-big');
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [bigInput, bigOutput], 1);
  });

  afterAll(async () => {
    await app?.close();
    await admin.deleteTopics({ topics: [bigInput, bigOutput] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("publishes outputs above the broker's 1 MiB record batch limit for one partition", async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: bigInput, messages: [{ key: 'k', value: 'big' }] });
    await producer.disconnect();
    const moduleRef = await Test.createTestingModule({ imports: [FanOutModule] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new KafkaBatchServer({
        kafka,
        groupId: `fan-out-${suffix}`,
        topics: { 'fan-out': bigInput },
        retry: { initialMs: 50, maxMs: 200 },
      }),
      logger: false,
    });
    await app.listen();

    const out = await readTopics(kafka, [bigOutput], (m) => m.length >= 40);
    expect(out.map((m) => Number(m.value.split(':')[1]))).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
  });
});

const poisonInput = `batch-poison-in.${suffix}`;
const poisonOutput = `batch-poison-out.${suffix}`;

/**
 * Fails every batch that holds a message "poison" (as a value the database refuses would), and
 * the first attempts of any batch with "outage" by a broker-style connection error; on the
 * last resort it returns a dead letter instead.
 */
@Controller()
@UseFilters(new RethrowBatchErrors())
class PoisonConsumer {
  static outagesLeft = 0;
  static lastResorts: { offset: string; reason: string; attempts: number }[] = [];
  static batchSizes: number[] = [];

  @EventPattern('poison')
  handle(@Payload() batch: KafkaBatch): OutgoingMessage[] {
    PoisonConsumer.batchSizes.push(batch.messages.length);
    if (batch.lastResort) {
      expect(batch.messages).toHaveLength(1);
      PoisonConsumer.lastResorts.push({ offset: batch.messages[0].offset, ...batch.lastResort });
      return [
        { topic: poisonOutput, key: null, value: `dead:${batch.messages[0].value!.toString()}` },
      ];
    }
    const values = batch.messages.map((m) => m.value!.toString());
    if (values.some((v) => v.startsWith('outage')) && PoisonConsumer.outagesLeft > 0) {
      PoisonConsumer.outagesLeft--;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
        code: 'ECONNREFUSED',
      });
    }
    if (values.includes('poison')) {
      throw Object.assign(new Error('CONSTRAINT `audit_events.payload` failed'), { errno: 4025 });
    }
    return batch.messages.map((m) => ({
      topic: poisonOutput,
      key: m.key?.toString() ?? null,
      value: `ok:${m.value!.toString()}`,
    }));
  }
}

@Module({ controllers: [PoisonConsumer] })
class PoisonModule {}

describe(`${KafkaBatchServer.name} with a message that always fails`, () => {
  let kafka: Kafka;
  let admin: Admin;
  let app: INestMicroservice | undefined;
  let probes = 0;
  const failed: { transient: boolean }[] = [];

  beforeAll(async () => {
    kafka = testKafka('batch-server-poison');
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [poisonInput], 2);
    await createTopics(admin, [poisonOutput], 1);
  });

  afterAll(async () => {
    await app?.close();
    await admin.deleteTopics({ topics: [poisonInput, poisonOutput] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('gives it to the last resort after bounded attempts; the rest of its batch and the other partitions go through in order', async () => {
    PoisonConsumer.outagesLeft = 8; // more than maxAttempts: an outage is never counted
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: poisonInput,
      messages: [
        ...['a1', 'a2', 'poison', 'a3'].map((value) => ({ key: 'a', value, partition: 0 })),
        ...['outage-b1', 'b2'].map((value) => ({ key: 'b', value, partition: 1 })),
      ],
    });
    await producer.disconnect();
    const moduleRef = await Test.createTestingModule({ imports: [PoisonModule] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new KafkaBatchServer({
        kafka,
        groupId: `poison-${suffix}`,
        topics: { poison: poisonInput },
        retry: { initialMs: 20, maxMs: 100, maxAttempts: 3 },
        partitionsConsumedConcurrently: 2,
        // The database "answers" only from the third probe on: no dead letter before that.
        probe: () => (++probes < 3 ? Promise.reject(new Error('db down')) : Promise.resolve()),
        observer: { batchFailed: (f) => failed.push({ transient: f.transient }) },
      }),
      logger: false,
    });
    await app.listen();

    const out = await readTopics(kafka, [poisonOutput], (m) => m.length >= 6);
    expect(
      out.filter((m) => m.key === 'a' || m.value.startsWith('dead')).map((m) => m.value),
    ).toEqual(['ok:a1', 'ok:a2', 'dead:poison', 'ok:a3']);
    expect(out.filter((m) => m.key === 'b').map((m) => m.value)).toEqual(['ok:outage-b1', 'ok:b2']);
    expect(out).toHaveLength(6);
    expect(PoisonConsumer.lastResorts).toEqual([
      {
        offset: '2',
        reason: expect.stringContaining('CONSTRAINT `audit_events.payload` failed') as string,
        attempts: 5,
      },
    ]);
    expect(probes).toBeGreaterThanOrEqual(3);
    expect(failed.filter((f) => f.transient)).toHaveLength(8);
  });

  it('with a batch split in parts, commits the parts before a failing one and dead-letters only its message', async () => {
    await app?.close();
    app = undefined;
    const input = `${poisonInput}.parts`;
    const groupId = `poison-parts-${suffix}`;
    await createTopics(admin, [input], 1);
    const before = (await readTopics(kafka, [poisonOutput], (m) => m.length >= 6)).length;
    PoisonConsumer.lastResorts = [];
    PoisonConsumer.batchSizes = [];
    const producer = kafka.producer();
    await producer.connect();
    // One request, one record batch; with 7 bytes a part: [c1 c2] [c3] [poison] [c4].
    await producer.send({
      topic: input,
      messages: ['c1', 'c2', 'c3', 'poison', 'c4'].map((value) => ({ key: 'c', value })),
    });
    await producer.disconnect();
    const moduleRef = await Test.createTestingModule({ imports: [PoisonModule] }).compile();
    app = moduleRef.createNestMicroservice({
      strategy: new KafkaBatchServer({
        kafka,
        groupId,
        topics: { poison: input },
        retry: { initialMs: 20, maxMs: 100, maxAttempts: 3 },
        maxBatchBytes: 7,
      }),
      logger: false,
    });
    await app.listen();

    const out = await readTopics(kafka, [poisonOutput], (m) => m.length >= before + 5);
    expect(out.slice(before).map((m) => m.value)).toEqual([
      'ok:c1',
      'ok:c2',
      'ok:c3',
      'dead:poison',
      'ok:c4',
    ]);
    expect(PoisonConsumer.lastResorts.map((r) => r.offset)).toEqual(['3']);
    expect(Math.max(...PoisonConsumer.batchSizes)).toBe(2);
    await waitFor(async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
      return offsets.partitions[0].offset === '5';
    });
    await admin.deleteTopics({ topics: [input] }).catch(() => undefined);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
