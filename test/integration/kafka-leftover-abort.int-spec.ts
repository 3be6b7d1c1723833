import { TransactionalProducers } from '@app/kafka';
import { Admin, Kafka } from 'kafkajs';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';
import { readTopics } from '../support/topic-reader';

// After a failed transaction, TransactionalProducers writes its id's abort marker to every
// partition of the topics that transaction wrote to before the id commits again: records of
// it that a partition still holds open (the coordinator forgot that partition across a broker
// restart) end aborted instead of being committed by the id's next commit marker. The
// forgetting itself is the broker's and is not reproduced here; the markers are.
// Both transaction protocols (KIP-890): on version 2 the abort's partitions still go out in an
// AddPartitionsToTxn of their own, since the producer writes to none of them.
describe.each([
  { protocol: 2 as const, transactionV2: true },
  { protocol: 1 as const, transactionV2: false },
])(
  'TransactionalProducers on transaction protocol $protocol: an abort over every partition after a failed transaction (real broker)',
  ({ protocol, transactionV2 }) => {
    let kafka: Kafka;
    let admin: Admin;
    /** Closed after each test, passed or failed. */
    let producers: TransactionalProducers | undefined;
    const suffix = `${uniqueSuffix()}-v${protocol}`;
    const input = `leftover.${suffix}.in`;

    beforeAll(async () => {
      kafka = testKafka('leftover-abort');
      admin = kafka.admin();
      await admin.connect();
    });

    afterEach(async () => {
      await producers?.closeAll();
      producers = undefined;
    });

    afterAll(async () => {
      await admin?.disconnect();
    });

    const ends = async (topic: string) =>
      (await admin.fetchTopicOffsets(topic))
        .sort((a, b) => a.partition - b.partition)
        .map((p) => Number(p.high));
    /** The partitions' ends once each is at least `least` (its records and marker written). */
    const endsOnceMarked = async (topic: string, least: number[]) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const high = await ends(topic);
        if (high.every((h, i) => h >= least[i]) || Date.now() > deadline) return high;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    it('aborts what the failed transaction left open and writes its marker to each partition of its topics', async () => {
      const output = `leftover.${suffix}.out`;
      await createTopics(admin, [output], 3);
      producers = new TransactionalProducers(kafka, `leftover-${suffix}`, { transactionV2 });
      producers.assign({ [input]: [0] }, 1);
      const failed = await producers.producer(0);
      expect(producers.transactionProtocol()).toBe(protocol);
      const open = await failed.transaction();
      await open.send({
        topic: output,
        messages: [0, 1].map((i) => ({ partition: 1, value: `left ${i}` })),
      });
      // The transaction never ends on this producer: its state is unknown to the router.
      await producers.discard(0, { producer: failed, topics: [output] });

      const next = await producers.producer(0);
      // Partitions 0 and 2 hold no data of it and get a marker all the same. The coordinator
      // writes markers after EndTxn answers (protocol 1): wait for them, up to 10 s.
      const [p0, p1, p2] = await endsOnceMarked(output, [1, 3, 1]);
      expect([p0, p2]).toEqual([1, 1]);
      expect(p1).toBeGreaterThanOrEqual(3);

      const transaction = await next.transaction();
      await transaction.send({ topic: output, messages: [{ partition: 1, value: 'after' }] });
      await transaction.commit();
      const read = await readTopics(kafka, [output], (m) => m.length >= 1, { quietMs: 1500 });
      expect(read.map((m) => m.value)).toEqual(['after']);
    });

    it('writes no marker where no transaction failed', async () => {
      const output = `leftover.${suffix}.quiet`;
      await createTopics(admin, [output], 3);
      producers = new TransactionalProducers(kafka, `quiet-${suffix}`, { transactionV2 });
      producers.assign({ [input]: [0] }, 1);
      await producers.producer(0);
      await producers.discard(0); // e.g. a rebalance: no failed transaction named
      await producers.producer(0);
      expect(await ends(output)).toEqual([0, 0, 0]);
    });
  },
);
