// CPU and wall time of one kafkajs transaction (one message and its input offsets), the unit
// the router pays per batch at low rates: `npm run bench:transaction [-- --kafkajs DIR ...]`.
// `--kafkajs DIR` loads another kafkajs copy (e.g. stock 2.2.4) to compare side by side; runs
// alternate between the copies. `--gap-ms 0` runs them back to back on one producer, where the
// coordinator answers CONCURRENT_TRANSACTIONS until the previous commit's markers are written
// (counted); `--retry-ms` sets kafkajs' first retry. `--floor` adds what lies under it: the same
// requests by kafkajs' protocol code over a plain socket, and 5 and 1 pre-encoded round trips
// (scripts/bench/transaction-floor.ts). `--protocols 2,1` (the default) runs this tree's kafkajs
// on transaction protocol 2 (KIP-890: Produce, TxnOffsetCommit, EndTxn) and on protocol 1 (five
// requests), side by side. `--rdkafka DIR` adds @confluentinc/kafka-javascript (librdkafka)
// loaded from DIR, not a dependency of the project: the same transaction through its KafkaJS-
// compatible API. See docs/benchmarks.md "One kafkajs transaction".
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bareTransaction, roundTrips, Timed } from './transaction-floor';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const brokers = (arg('brokers') ?? process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const transactions = Number(arg('transactions') ?? 500);
const gapMs = Number(arg('gap-ms') ?? 20);
const runs = Number(arg('runs') ?? 3);
const retryMs = Number(arg('retry-ms') ?? 20); // the router's producers' initialRetryTime
const copies = ['kafkajs', ...(arg('kafkajs') ? [arg('kafkajs')!] : [])];
const floor = argv.includes('--floor');
const protocols = (arg('protocols') ?? '2,1').split(',').map(Number);
const rdkafka = arg('rdkafka');
const value = 'x'.repeat(1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  cpuMs: number;
  wallMs: number;
  wallP99Ms: number;
  /** CONCURRENT_TRANSACTIONS answers to the timed transactions (the producer's only). */
  conflicts: number;
}

/** A contender: what it sends for one transaction, on a fresh topic of the run's kafkajs. */
type Contender = (
  topic: string,
  kafkajs: typeof import('kafkajs'),
) => Promise<Timed & { conflicts?: () => number }>;

function producerContender(retryMsOfRun: number, transactionV2 = false): Contender {
  return async (topic, { Kafka, logLevel }) => {
    let conflicts = 0;
    const kafka = new Kafka({
      brokers,
      clientId: 'bench-transaction',
      logLevel: logLevel.ERROR,
      logCreator:
        () =>
        ({ log }) => {
          // kafkajs logs every error answer; the retried sends are counted here.
          if (log.message.startsWith('Response ') && /concurrent operation/.test(String(log.error)))
            conflicts++;
        },
    });
    const producer = kafka.producer({
      transactionalId: `${topic}-tx`,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { initialRetryTime: retryMsOfRun, maxRetryTime: 2000, retries: 10 },
      transactionV2,
    });
    await producer.connect();
    await (await producer.transaction()).abort(); // initialises the id (and the protocol)
    const onV2 = (producer as { isTransactionV2?: () => boolean }).isTransactionV2?.() ?? false;
    if (onV2 !== transactionV2)
      throw new Error(`asked for protocol ${transactionV2 ? 2 : 1}, got ${onV2 ? 2 : 1}`);
    return {
      one: async (i) => {
        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: [{ value }] });
        await transaction.sendOffsets({
          consumerGroupId: `${topic}-group`,
          topics: [{ topic, partitions: [{ partition: 0, offset: String(i) }] }],
        });
        await transaction.commit();
      },
      close: () => producer.disconnect(),
      conflicts: () => conflicts,
    };
  };
}

/**
 * The same transaction on librdkafka (@confluentinc/kafka-javascript's KafkaJS-compatible API,
 * where the producer is the transaction). Its sendOffsets takes a consumer, not a group id, for
 * the group's metadata: one connected in the group and never subscribed (generation -1, as a
 * group without members accepts). `linger.ms` 0: librdkafka's default 5 ms would only add wall
 * time to a lone message.
 */
function rdkafkaContender(dir: string): Contender {
  return async (topic) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KafkaJS } = require(dir) as {
      KafkaJS: {
        Kafka: new (config: object) => {
          producer(config: object): RdProducer;
          consumer(config: object): { connect(): Promise<void>; disconnect(): Promise<void> };
        };
        logLevel: { ERROR: number };
      };
    };
    interface RdProducer {
      connect(): Promise<void>;
      disconnect(): Promise<void>;
      transaction(): Promise<RdProducer>;
      send(record: { topic: string; messages: { value: string }[] }): Promise<unknown>;
      sendOffsets(args: { consumer: unknown; topics: unknown[] }): Promise<void>;
      commit(): Promise<void>;
    }
    const kafka = new KafkaJS.Kafka({
      kafkaJS: { brokers, clientId: 'bench-transaction', logLevel: KafkaJS.logLevel.ERROR },
    });
    const producer = kafka.producer({
      kafkaJS: { transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1 },
      'linger.ms': 0,
    });
    const consumer = kafka.consumer({ kafkaJS: { groupId: `${topic}-group` } });
    await Promise.all([producer.connect(), consumer.connect()]);
    return {
      one: async (i) => {
        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: [{ value }] });
        await transaction.sendOffsets({
          consumer,
          topics: [{ topic, partitions: [{ partition: 0, offset: String(i) }] }],
        });
        await transaction.commit();
      },
      close: async () => {
        await Promise.all([producer.disconnect(), consumer.disconnect()]);
      },
    };
  };
}

async function measure(copy: string, contender: Contender): Promise<Measured> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const kafkajs = require(copy) as typeof import('kafkajs');
  const kafka = new kafkajs.Kafka({
    brokers,
    clientId: 'bench-transaction-admin',
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const topic = `bench-transaction-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const timed = await contender(topic, kafkajs);
  for (let i = 0; i < 20; i++) await timed.one(i); // warm-up
  const conflictsBefore = timed.conflicts?.() ?? 0;
  const cpu = process.cpuUsage();
  const walls: number[] = [];
  for (let i = 0; i < transactions; i++) {
    const started = performance.now();
    await timed.one(20 + i);
    walls.push(performance.now() - started);
    if (gapMs > 0) await sleep(gapMs);
  }
  const used = process.cpuUsage(cpu);
  const conflicts = (timed.conflicts?.() ?? 0) - conflictsBefore;
  await timed.close();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  walls.sort((a, b) => a - b);
  return {
    cpuMs: (used.user + used.system) / 1000 / transactions,
    wallMs: walls.reduce((sum, ms) => sum + ms, 0) / transactions,
    wallP99Ms: walls[Math.min(transactions - 1, Math.floor(transactions * 0.99))],
    conflicts,
  };
}

async function main(): Promise<void> {
  const contenders: { name: string; copy: string; contender: Contender }[] = [
    ...protocols.map((protocol) => ({
      name: `kafkajs, protocol ${protocol}`,
      copy: 'kafkajs',
      contender: producerContender(retryMs, protocol === 2),
    })),
    ...copies.slice(1).map((copy) => ({ name: copy, copy, contender: producerContender(retryMs) })),
  ];
  if (rdkafka)
    contenders.push({
      name: 'librdkafka (@confluentinc/kafka-javascript)',
      copy: 'kafkajs',
      contender: rdkafkaContender(rdkafka),
    });
  if (floor) {
    const kafkajsDir = dirname(require.resolve('kafkajs/package.json'));
    contenders.push(
      {
        name: 'kafkajs protocol code, plain socket',
        copy: 'kafkajs',
        contender: (topic) =>
          bareTransaction({
            kafkajsDir,
            broker: brokers[0],
            topic,
            groupId: `${topic}-group`,
            value,
          }),
      },
      {
        name: '5 pre-encoded round trips',
        copy: 'kafkajs',
        contender: () => roundTrips({ broker: brokers[0], trips: 5 }),
      },
      {
        name: '1 pre-encoded round trip',
        copy: 'kafkajs',
        contender: () => roundTrips({ broker: brokers[0], trips: 1 }),
      },
    );
  }
  process.stdout.write(
    `${transactions} transactions a run, ${gapMs} ms apart, first retry after ${retryMs} ms, ${runs} runs of each contender, brokers ${brokers.join(',')}\n`,
  );
  for (let run = 1; run <= runs; run++) {
    for (const { name, copy, contender } of contenders) {
      const { cpuMs, wallMs, wallP99Ms, conflicts } = await measure(copy, contender);
      process.stdout.write(
        `run ${run} ${name}: ${cpuMs.toFixed(2)} ms CPU and ${wallMs.toFixed(2)} ms wall a transaction (p99 ${wallP99Ms.toFixed(1)} ms), ${conflicts} CONCURRENT_TRANSACTIONS\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
