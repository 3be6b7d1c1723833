import { Admin, Kafka, Producer } from 'kafkajs';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';

// The group coordinator applies a transaction's offsets only when the transaction's markers are
// written, a moment after the EndTxn answer (longer around a broker restart). A plain
// OffsetFetch in that moment answers the older offset, and a router that read it would publish
// the batch again (docs/router.md). patches/kafkajs+2.2.4.patch adds OffsetFetch v7, whose
// require_stable makes the coordinator answer UNSTABLE_OFFSET_COMMIT instead (KIP-447);
// KafkaBatchServer reads committed offsets that way. Without the patch kafkajs speaks v4,
// ignores requireStable and the second test gets the older offset.
describe('kafkajs OffsetFetch require_stable (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const topic = `stable-offsets.${uniqueSuffix()}`;
  const groupId = `stable-offsets-group.${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('stable-offsets');
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic], 1);
    producer = kafka.producer({
      transactionalId: `${topic}.tx`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    await (await openWithOffset('a', '5')).commit();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  /** A transaction that has sent one message and the group's offset, left open. */
  async function openWithOffset(value: string, offset: string) {
    const transaction = await producer.transaction();
    await transaction.send({ topic, messages: [{ value }] });
    await transaction.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic, partitions: [{ partition: 0, offset }] }],
    });
    return transaction;
  }

  const offsetOf = async (requireStable: boolean) => {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic], requireStable });
    return result.partitions.find((p) => p.partition === 0)?.offset;
  };

  /** Reads with require_stable until the coordinator answers with an offset. */
  async function stableOffset(): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await offsetOf(true);
      } catch (error) {
        if ((error as { type?: string }).type !== 'UNSTABLE_OFFSET_COMMIT' || attempt > 100) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  it('answers the committed offset when no transaction holds one pending', async () => {
    expect(await stableOffset()).toBe('5');
    expect(await offsetOf(false)).toBe('5');
  });

  it('refuses to answer while a transaction holds offsets pending, and answers the new one once it is committed', async () => {
    const pending = await openWithOffset('b', '9');
    try {
      // A plain read answers the older offset: the race the router must not fall into.
      expect(await offsetOf(false)).toBe('5');
      await expect(offsetOf(true)).rejects.toMatchObject({
        type: 'UNSTABLE_OFFSET_COMMIT',
        retriable: true,
      });
    } finally {
      await pending.commit();
    }
    expect(await stableOffset()).toBe('9');
  });

  it('answers the older offset again once the pending transaction is aborted', async () => {
    const aborted = await openWithOffset('c', '12');
    await expect(offsetOf(true)).rejects.toMatchObject({ type: 'UNSTABLE_OFFSET_COMMIT' });
    await aborted.abort();
    expect(await stableOffset()).toBe('9');
  });
});
