// CPU and wall time of one kafkajs transaction (one message and its input offsets), the unit
// the router pays per batch at low rates: `npm run bench:transaction [-- --kafkajs DIR ...]`.
// `--kafkajs DIR` loads another kafkajs copy (e.g. stock 2.2.4) to compare side by side; runs
// alternate between the copies. See docs/benchmarks.md "One kafkajs transaction".
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const brokers = (arg('brokers') ?? process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const transactions = Number(arg('transactions') ?? 500);
const gapMs = Number(arg('gap-ms') ?? 20);
const runs = Number(arg('runs') ?? 3);
const copies = ['kafkajs', ...(arg('kafkajs') ? [arg('kafkajs')!] : [])];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(copy: string): Promise<{ cpuMs: number; wallMs: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Kafka, logLevel } = require(copy) as typeof import('kafkajs');
  const kafka = new Kafka({ brokers, clientId: 'bench-transaction', logLevel: logLevel.NOTHING });
  const topic = `bench-transaction-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer({
    transactionalId: `${topic}-tx`,
    idempotent: true,
    maxInFlightRequests: 1,
    retry: { initialRetryTime: 20, maxRetryTime: 2000, retries: 10 },
  });
  await producer.connect();
  const one = async (i: number) => {
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: [{ value: 'x'.repeat(1000) }] });
    await transaction.sendOffsets({
      consumerGroupId: `${topic}-group`,
      topics: [{ topic, partitions: [{ partition: 0, offset: String(i) }] }],
    });
    await transaction.commit();
  };
  for (let i = 0; i < 20; i++) await one(i); // warm-up
  const cpu = process.cpuUsage();
  let wall = 0;
  for (let i = 0; i < transactions; i++) {
    const started = performance.now();
    await one(i);
    wall += performance.now() - started;
    await sleep(gapMs);
  }
  const used = process.cpuUsage(cpu);
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  return { cpuMs: (used.user + used.system) / 1000 / transactions, wallMs: wall / transactions };
}

async function main(): Promise<void> {
  process.stdout.write(
    `${transactions} transactions a run, ${gapMs} ms apart, ${runs} runs of each copy, brokers ${brokers.join(',')}\n`,
  );
  for (let run = 1; run <= runs; run++) {
    for (const copy of copies) {
      const { cpuMs, wallMs } = await measure(copy);
      process.stdout.write(
        `run ${run} ${copy}: ${cpuMs.toFixed(2)} ms CPU and ${wallMs.toFixed(2)} ms wall a transaction\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
