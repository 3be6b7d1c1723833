import { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { fetchLimits } from '../../apps/router/src/kafka/fetch-limits';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';

// The router's fetch limits (apps/router/src/kafka/fetch-limits.ts) on the real broker. Input
// written in record batches larger than a partition's fetch limit (a bulk load) comes one
// partition a fetch (KIP-74: only the first partition with data may exceed its limit), so
// batches were processed one at a time however many partitions may run at once. With a
// partition's limit of at least a default-sized record batch, one fetch brings as many
// partitions as are processed at once.
describe('router fetch limits (real broker)', () => {
  const PARTITIONS = 3;
  /** One record batch per partition, between 512 KiB (the old limit) and 1 MiB. */
  const MESSAGES_PER_PARTITION = 700;
  const VALUE = 'x'.repeat(1_000);
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  const topics: string[] = [];

  beforeAll(async () => {
    kafka = testKafka('fetch-limits');
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await consumer?.disconnect();
    consumer = undefined;
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  /** The most batches in hand at once while every partition's one large record batch is read. */
  async function mostBatchesAtOnce(limits: { maxBytesPerPartition: number; maxBytes: number }) {
    const topic = `fetch-limits.${uniqueSuffix()}`;
    topics.push(topic);
    await createTopics(admin, [topic], PARTITIONS);
    for (let partition = 0; partition < PARTITIONS; partition++) {
      // One request for one partition: kafkajs writes its messages as one record batch.
      await producer.send({
        topic,
        messages: Array.from({ length: MESSAGES_PER_PARTITION }, () => ({
          partition,
          value: VALUE,
        })),
      });
    }
    let inHand = 0;
    let most = 0;
    let read = 0;
    consumer = kafka.consumer({ groupId: `${topic}.group`, ...limits });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length === 0) return;
        inHand++;
        most = Math.max(most, inHand);
        // Long enough for the other workers to get their batches if the fetch brought any.
        await new Promise((resolve) => setTimeout(resolve, 500));
        read += batch.messages.length;
        inHand--;
      },
    });
    const deadline = Date.now() + 30_000;
    while (read < PARTITIONS * MESSAGES_PER_PARTITION && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(read).toBe(PARTITIONS * MESSAGES_PER_PARTITION);
    return most;
  }

  it('with the limit at ROUTER_MAX_BATCH_BYTES, large record batches came one partition at a time', async () => {
    expect(
      await mostBatchesAtOnce({ maxBytesPerPartition: 512 * 1024, maxBytes: 2048 * 1024 }),
    ).toBe(1);
  });

  it("with the router's limits, one fetch brings every partition that may be processed at once", async () => {
    const limits = fetchLimits(512 * 1024, PARTITIONS);
    expect(limits.maxBytesPerPartition).toBeGreaterThanOrEqual(1_048_588);
    expect(await mostBatchesAtOnce(limits)).toBe(PARTITIONS);
  });
});
