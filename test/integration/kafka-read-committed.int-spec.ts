import { Admin, Kafka, Producer } from 'kafkajs';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';
import { readTopics } from '../support/topic-reader';

// A read_committed kafkajs consumer must never deliver a record of an aborted transaction.
// The broker lists a fetch's aborted transactions in the order they were aborted, not by
// their first offset; kafkajs 2.2.4 assumed the latter and let a record through whenever two
// producers' transactions overlapped and the later one was aborted first. That is what a
// router crash leaves on its output topics (one producer per input partition), and it made
// the kill -9 fault trial count dead letters twice that Kafka's own consumer counts once.
// patches/kafkajs+2.2.4.patch fixes it (applied by `npm ci`); this test is its regression check.
describe('kafkajs read_committed (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const producers: Producer[] = [];
  const topic = `read-committed.${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('read-committed');
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic], 1);
  });

  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  async function transactional(name: string): Promise<Producer> {
    const producer = kafka.producer({
      transactionalId: `${topic}.${name}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    producers.push(producer);
    return producer;
  }

  it('skips overlapping aborted transactions whatever order they were aborted in', async () => {
    const first = await transactional('first');
    const second = await transactional('second');
    const third = await transactional('third');

    // Offsets: 0 first (aborted last), 1 second (aborted first), 2 ABORT second,
    // 3 third (committed), 4 COMMIT third, 5 ABORT first, then a committed record.
    const a = await first.transaction();
    await a.send({ topic, messages: [{ value: 'aborted-first' }] });
    const b = await second.transaction();
    await b.send({ topic, messages: [{ value: 'aborted-second' }] });
    await b.abort();
    const c = await third.transaction();
    await c.send({ topic, messages: [{ value: 'committed-third' }] });
    await c.commit();
    await a.abort();
    const d = await second.transaction();
    await d.send({ topic, messages: [{ value: 'committed-last' }] });
    await d.commit();

    const read = await readTopics(
      kafka,
      [topic],
      (m) => m.some((x) => x.value === 'committed-last'),
      {
        quietMs: 500,
      },
    );
    expect(read.map((m) => m.value)).toEqual(['committed-third', 'committed-last']);
  });
});
