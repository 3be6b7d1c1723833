import { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';

// KIP-447: a transactional producer's offsets carry the consumer's generation and member id
// (TxnOffsetCommit v3, added by patches/kafkajs+2.2.4.patch), and the group coordinator
// refuses them once the group has moved on. That, not a transactional id per input partition,
// is what keeps a zombie router from committing a batch the new owner also processes
// (docs/router.md). Without the patch kafkajs speaks v1, drops the generation, and the stale
// commit below is accepted.
describe('kafkajs TxnOffsetCommit v3: offsets fenced by the group generation (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const topic = `group-fencing.${uniqueSuffix()}`;
  /** Where the transactions write: the group's members must fetch (and so resolve) nothing. */
  const output = `${topic}.out`;
  const groupId = `group-fencing-group.${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('group-fencing');
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic, output], 2);
    // Inputs, so the offsets committed below are in range (a member that fetched from an
    // offset past the end would reset and commit the earliest one).
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({
      topic,
      messages: Array.from({ length: 20 }, (_, i) => ({ partition: 0, value: `input ${i}` })),
    });
    await plain.disconnect();
    producer = kafka.producer({
      transactionalId: `${topic}.tx`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await producer?.disconnect();
    await admin.deleteTopics({ topics: [topic, output] }).catch(() => undefined);
    await admin.disconnect();
  });

  /** A consumer of the group, running, and the generation and member of its first join. */
  async function join(): Promise<{ generationId: number; memberId: string }> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    consumers.push(consumer);
    const joined = new Promise<{ generationId: number; memberId: string }>((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        remove();
        resolve({ generationId: payload.generationId, memberId: payload.memberId });
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // Resolves and commits nothing itself.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: () => Promise.resolve(),
    });
    return joined;
  }

  async function commitOffset(
    offset: string,
    consumerGroupMetadata?: { generationId: number; memberId: string },
  ): Promise<void> {
    const transaction = await producer.transaction();
    try {
      await transaction.send({ topic: output, messages: [{ value: offset }] });
      await transaction.sendOffsets({
        consumerGroupId: groupId,
        topics: [{ topic, partitions: [{ partition: 0, offset }] }],
        ...(consumerGroupMetadata ? { consumerGroupMetadata } : {}),
      });
      await transaction.commit();
    } catch (error) {
      if (transaction.isActive()) await transaction.abort();
      throw error;
    }
  }

  /** The committed offset once no transaction holds one pending (right after a commit it may). */
  async function committed(): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [result] = await admin.fetchOffsets({
          groupId,
          topics: [topic],
          requireStable: true,
        });
        return result.partitions.find((p) => p.partition === 0)?.offset;
      } catch (error) {
        if ((error as { type?: string }).type !== 'UNSTABLE_OFFSET_COMMIT' || attempt > 100) {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  it('accepts the current generation, refuses an earlier one and an unknown member', async () => {
    const first = await join();
    expect(first.generationId).toBeGreaterThan(0);
    expect(first.memberId).not.toBe('');
    await commitOffset('3', first);
    expect(await committed()).toBe('3');

    // A second member joins: the group moves to a new generation, whose members are told.
    const second = await join();
    expect(second.generationId).toBeGreaterThan(first.generationId);

    // The first member's old generation: what a zombie would still send.
    await expect(commitOffset('7', first)).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
    await expect(
      commitOffset('7', { generationId: second.generationId, memberId: 'not-a-member' }),
    ).rejects.toMatchObject({ type: 'UNKNOWN_MEMBER_ID' });
    expect(await committed()).toBe('3');

    await commitOffset('8', second);
    expect(await committed()).toBe('8');
  });

  it('checks nothing without the metadata (generation -1, no member), as before KIP-447', async () => {
    await commitOffset('9');
    expect(await committed()).toBe('9');
  });
});
