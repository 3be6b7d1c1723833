import { Kafka, KafkaMessage } from 'kafkajs';
import { uniqueSuffix } from './services';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

/**
 * Reads topics from the beginning as an integration would: read_committed, so aborted
 * transactions (a router killed mid-batch) are invisible. Waits until `until` is satisfied,
 * then keeps reading for `quietMs` more so that extra (doubled) messages are seen too.
 */
export async function readTopics(
  kafka: Kafka,
  topics: string[],
  until: (messages: ReadMessage[]) => boolean,
  { timeoutMs = 60_000, quietMs = 1_500, groupId = `reader-${uniqueSuffix()}` } = {},
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      messages.push(toRead(topic, partition, message));
      return Promise.resolve();
    },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(messages) && Date.now() < deadline) await sleep(200);
    await sleep(quietMs);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

function toRead(topic: string, partition: number, message: KafkaMessage): ReadMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = String(Array.isArray(value) ? value[0] : value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    headers,
    value: message.value?.toString('utf8') ?? '',
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
