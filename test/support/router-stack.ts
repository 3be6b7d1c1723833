import { Kafka } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { conformanceDir } from './conformance';
import { createTestDatabase, TestDatabase, testKafka, uniqueSuffix } from './services';

/** Topic names and settings of one router under test; unique, so suites never meet. */
export interface RouterStack {
  env: Record<string, string>;
  topics: { input: string; partner: string; isv: string; microsoft: string; dlq: string };
  /** Every topic routed events may go to: the shared ones and, per target, the targets' own. */
  routedTopics: string[];
  /** With TOPIC_ROUTED_PER_TARGET=isv: each catalog publisher's own topic. */
  isvTopics: Record<string, string>;
  db: TestDatabase;
  kafka: Kafka;
}

export async function routerStack(
  name: string,
  {
    brokers = process.env.KAFKA_BROKERS ?? 'localhost:9092',
    mysqlServerUrl,
    partitions = 3,
    kafka,
    env: extraEnv = {},
  }: {
    brokers?: string;
    mysqlServerUrl?: string;
    partitions?: number;
    /** The tests' client (e.g. SecureKafka.client('admin')); plaintext on `brokers` otherwise. */
    kafka?: Kafka;
    /** More router settings (KAFKA_SSL*, KAFKA_SASL_*, TOPIC_ROUTED_PER_TARGET, …). */
    env?: Record<string, string>;
  } = {},
): Promise<RouterStack> {
  const id = `${name}-${uniqueSuffix()}`;
  const topics = {
    input: `${id}.new`,
    partner: `${id}.routed.partner`,
    isv: `${id}.routed.isv`,
    microsoft: `${id}.routed.microsoft`,
    dlq: `${id}.dlq`,
  };
  const db = await createTestDatabase(name.replace(/-/g, '_'), mysqlServerUrl);
  const env: Record<string, string> = {
    KAFKA_BROKERS: brokers,
    KAFKA_GROUP_ID: `router-${id}`,
    DATABASE_URL: db.url,
    TOPIC_TICKETS_NEW: topics.input,
    TOPIC_ROUTED_PARTNER: topics.partner,
    TOPIC_ROUTED_ISV: topics.isv,
    TOPIC_ROUTED_MICROSOFT: topics.microsoft,
    TOPIC_DLQ: topics.dlq,
    TOPIC_PARTITIONS: String(partitions),
    CATALOG_FILE: join(conformanceDir(), 'offers.json'),
    HTTP_PORT: String(await freePort()),
    // A killed member holds its partitions until its session expires: keep that short here.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...extraEnv,
  };
  const isvTopics: Record<string, string> = {};
  if (/\bisv\b/i.test(env.TOPIC_ROUTED_PER_TARGET ?? '')) {
    const offers = JSON.parse(readFileSync(env.CATALOG_FILE, 'utf8')) as { publisherId: string }[];
    for (const { publisherId } of offers) isvTopics[publisherId] = `${topics.isv}.${publisherId}`;
  }
  return {
    env,
    topics,
    routedTopics: [topics.partner, topics.isv, topics.microsoft, ...Object.values(isvTopics)],
    isvTopics,
    db,
    kafka: kafka ?? testKafka(id, brokers.split(',')),
  };
}

/** Sends raw values to the input topic, keyed as helpdesks do (`source:ticket.id`). */
export async function produceInputs(
  kafka: Kafka,
  topic: string,
  values: string[],
  keyOf: (value: string, index: number) => string | null = keyFromValue,
): Promise<void> {
  // Idempotent: kafkajs retries a whole send when one partition of it fails (e.g. a leader not
  // yet elected on a new topic); without it the partitions that succeeded get the values twice.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 500) {
      await producer.send({
        topic,
        messages: values.slice(i, i + 500).map((value, j) => ({ key: keyOf(value, i + j), value })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

function keyFromValue(value: string): string | null {
  try {
    const event = JSON.parse(value) as { source?: unknown; ticket?: { id?: unknown } };
    return typeof event?.source === 'string' && typeof event.ticket?.id === 'string'
      ? `${event.source}:${event.ticket.id}`
      : null;
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
