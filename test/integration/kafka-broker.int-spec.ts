import { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { createTopics, testKafka, uniqueSuffix } from '../support/services';

describe('Kafka broker (real, KRaft)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;
  const topic = `smoke.${uniqueSuffix()}`;
  const groupId = `smoke-group-${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('smoke');
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic], 2);
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('answers a metadata request as a single-node KRaft cluster', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(cluster.controller).toBe(cluster.brokers[0].nodeId);
  });

  it('delivers produced messages to a consumer group and keeps its committed offset', async () => {
    const sent = ['one', 'two', 'three'].map((value, i) => ({ key: `k${i}`, value }));
    await producer.send({ topic, messages: sent });

    consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic: t, partition, message }) => {
            received.push(message.value!.toString());
            await consumer.commitOffsets([
              { topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() },
            ]);
            if (received.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received.sort()).toEqual(['one', 'three', 'two']);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    // -1 means "nothing committed" for a partition that got no message.
    const total = committed[0].partitions.reduce(
      (sum, p) => sum + Math.max(0, Number(p.offset)),
      0,
    );
    expect(total).toBe(sent.length);
  });
});
