/**
 * The floor of the router's Kafka path, for `npm run bench:latency-floor`: a process that
 * consumes the input topic as the router does (kafkajs, read_committed, the router's default
 * fetch options, 3 partitions at a time) and copies each batch to one output topic in a
 * transaction of its own with the batch's offsets (send, sendOffsets, commit: exactly once,
 * Kafka to Kafka), on transactional producers taken idle longest. It decides nothing and
 * writes no audit row: its latency and CPU are what the router cannot go below with kafkajs
 * transactions on this machine. It reads each input's eventId (one JSON.parse) for the
 * sourceEventId header the bench matches outputs by.
 *
 * Environment: KAFKA_BROKERS, INPUT_TOPIC, OUTPUT_TOPIC, GROUP_ID.
 */
import { Kafka, logLevel, Producer } from 'kafkajs';
import { fetchOptions } from '../../apps/router/src/kafka/fetch-limits';

const CONCURRENTLY = 3;
/**
 * Twice as many producers as batches in progress, taken idle longest: right after a commit the
 * coordinator refuses that producer's next transaction (CONCURRENT_TRANSACTIONS, retried after
 * 20 ms) until the commit's markers are written, and with nothing else to do between two
 * batches (no decision, no INSERT) a producer taken back at once would meet it nearly every
 * time at 2,000 events/s.
 */
const PRODUCERS = 2 * CONCURRENTLY;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function eventIdOf(value: Buffer | null): string | undefined {
  try {
    const id = (JSON.parse(value?.toString('utf8') ?? '') as { eventId?: unknown }).eventId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const input = required('INPUT_TOPIC');
  const output = required('OUTPUT_TOPIC');
  const groupId = required('GROUP_ID');
  const kafka = new Kafka({
    clientId: 'pass-through',
    brokers: required('KAFKA_BROKERS').split(','),
    logLevel: logLevel.ERROR,
  });
  const free: Producer[] = [];
  for (let slot = 0; slot < PRODUCERS; slot++) {
    // As the router's (libs/kafka/src/transactional-producers.ts): transaction protocol 2 where
    // the broker has it, a 20 ms first retry for CONCURRENT_TRANSACTIONS, and the transactional
    // id initialised before the first batch.
    const producer = kafka.producer({
      transactionalId: `${groupId}.${slot}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
      transactionV2: true,
      retry: { initialRetryTime: 20, maxRetryTime: 2000, retries: 10 },
    });
    await producer.connect();
    await (await producer.transaction()).abort();
    free.push(producer);
  }
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    ...fetchOptions({
      ROUTER_MAX_BATCH_BYTES: 524_288,
      ROUTER_PARTITIONS_CONCURRENTLY: CONCURRENTLY,
      ROUTER_FETCH_MIN_BYTES: 1,
      ROUTER_FETCH_MAX_WAIT_MS: 5000,
    }),
  });
  consumer.on(consumer.events.GROUP_JOIN, () => console.log('joined consumer group'));
  await consumer.connect();
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: CONCURRENTLY,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0) return;
      // At most CONCURRENTLY batches run at once, so a producer is always free: the one idle
      // longest, as the router takes.
      const producer = free.shift()!;
      try {
        const transaction = await producer.transaction();
        try {
          await transaction.send({
            topic: output,
            messages: batch.messages.map((m) => {
              const id = eventIdOf(m.value);
              return {
                key: m.key,
                value: m.value,
                headers: id === undefined ? {} : { sourceEventId: id },
              };
            }),
          });
          const next = (BigInt(batch.lastOffset()) + 1n).toString();
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [
              { topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] },
            ],
          });
          await transaction.commit();
          // Committed: the next fetch of this partition starts after the batch.
          payload.resolveOffset(batch.lastOffset());
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
      } finally {
        free.push(producer);
      }
    },
  });
  console.log('pass-through started');
  const stop = async () => {
    await consumer.disconnect();
    await Promise.all(free.map((p) => p.disconnect()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
