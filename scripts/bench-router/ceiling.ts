// The CEILING contender of `npm run bench`: the router's work without the router. Before the
// clock, the exact audit rows and output messages the router would produce for the inputs
// are computed with the router's own code; on the clock, the rows go into the migrated audit
// table in large multi-row INSERTs while a plain kafkajs producer writes the messages,
// concurrently. What is left between the router and this is the router's own cost.
import { auditDraft, AuditLogWriter, connectMysql } from '@app/audit';
import { OfferCatalog } from '@app/catalog';
import {
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  publicationOf,
  Publication,
  TicketClassifier,
} from '@app/classifier';
import { TopicKey } from '@app/contracts';
import { Kafka } from 'kafkajs';
import { Connection, RowDataPacket } from 'mysql2/promise';
import { performance } from 'node:perf_hooks';

type ExecuteValues = Parameters<Connection['execute']>[1];
import type { DataSource } from 'typeorm';
import { uniqueSuffix } from '../../test/support/services';
import { defaultPartitioner, deleteGroups, sleep } from './measure';

export type InsertMode = 'query' | 'execute';

export interface CeilingOptions {
  /** How the rows are sent: text protocol, values escaped by mysql2 (`query`), or prepared. */
  insert: InsertMode;
  /** Connections inserting at the same time. */
  connections: number;
  /** Bytes of one INSERT at most (kept under the server's max_allowed_packet). */
  statementBytes: number;
}

/** What the router would write and publish for the inputs on `input` (computed, not timed). */
export interface CeilingWork {
  /** `INSERT IGNORE INTO audit_events (<the writer's columns>) VALUES ` as the writer sends it. */
  head: string;
  width: number;
  rows: unknown[][];
  rowBytes: number[];
  /** Requests to send: each holds at most one 900 KiB record batch per topic-partition. */
  requests: { topic: string; messages: (Publication & { partition: number })[] }[][];
  messages: number;
}

/** The messages of the input topic with their partition and offset, as the router gets them. */
async function readInputs(
  kafka: Kafka,
  topic: string,
  total: number,
): Promise<{ partition: number; offset: string; value: Buffer | null }[]> {
  const groupId = `bench-ceiling-read-${uniqueSuffix()}`;
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 8 << 20 });
  const read: { partition: number; offset: string; value: Buffer | null }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        for (const m of batch.messages) {
          read.push({ partition: batch.partition, offset: m.offset, value: m.value });
        }
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 300_000;
    while (read.length < total && Date.now() < deadline) await sleep(100);
  } finally {
    await consumer.disconnect();
  }
  await deleteGroups(kafka, [groupId]);
  if (read.length !== total) throw new Error(`ceiling: read ${read.length} of ${total} inputs`);
  return read;
}

/**
 * Classifies every input as the router does (TicketClassifier with the catalog and the output
 * topics' limits, auditDraft, publicationOf), and takes the rows from the router's own
 * AuditLogWriter: it writes to a stand-in data source that keeps its statement and values.
 */
export async function prepareCeiling(
  kafka: Kafka,
  env: Record<string, string>,
  partitions: number,
  total: number,
): Promise<CeilingWork> {
  const inputTopic = env.TOPIC_TICKETS_NEW;
  const inputs = await readInputs(kafka, inputTopic, total);
  // The bench creates the dead-letter topic with max.message.bytes 8 MiB, as the router does.
  const limits = {
    maxBytes: (topic: TopicKey) => (topic === 'dlq' ? 8 << 20 : KAFKA_DEFAULT_MAX_MESSAGE_BYTES),
  };
  const classifier = new TicketClassifier(OfferCatalog.fromFile(env.CATALOG_FILE), { limits });
  const shared: Record<string, string> = {
    partner: env.TOPIC_ROUTED_PARTNER,
    isv: env.TOPIC_ROUTED_ISV,
    microsoft: env.TOPIC_ROUTED_MICROSOFT,
  };
  const topics = { routed: (party: string) => shared[party], dlq: env.TOPIC_DLQ };
  const receivedAt = new Date();
  const drafts = [];
  const publications: Publication[] = [];
  for (const { partition, offset, value } of inputs) {
    const origin = { topic: inputTopic, partition, offset };
    const decided = classifier.classify(value ?? Buffer.alloc(0), origin);
    drafts.push(auditDraft(decided, inputTopic, partition, offset, receivedAt));
    publications.push(publicationOf(decided, topics));
  }

  let head = '';
  let width = 0;
  const rows: unknown[][] = [];
  // TypeORM's mysql2 pool, as far as the writer uses it (prepared INSERT IGNORE statements).
  const execute = (
    sql: string,
    values: unknown[],
    done: (error: Error | null, result: { affectedRows: number }) => void,
  ) => {
    const columns = /^(INSERT[^(]*\(([^)]*)\)\s*VALUES\s*)/.exec(sql);
    if (!columns) throw new Error(`ceiling: unexpected statement from the writer: ${sql}`);
    head = columns[1];
    width = columns[2].split(',').length;
    let added = 0;
    for (let i = 0; i < values.length; i += width) {
      const row = values.slice(i, i + width);
      // The writer pads a statement with copies of its last row (INSERT IGNORE skips them).
      const previous = i === 0 ? undefined : values.slice(i - width, i);
      if (previous?.every((v, j) => v === row[j])) continue;
      rows.push(row);
      added++;
    }
    done(null, { affectedRows: added });
  };
  const standIn = { driver: { pool: { execute } } };
  await new AuditLogWriter(standIn as unknown as DataSource).record(drafts);
  if (rows.length !== total) throw new Error(`ceiling: ${rows.length} rows for ${total} inputs`);
  const rowBytes = rows.map((row) =>
    row.reduce<number>(
      (sum, v) => sum + (typeof v === 'string' ? Buffer.byteLength(v) * 2 + 3 : 24),
      4,
    ),
  );

  // The partitions kafkajs' default partitioner picks for these keys (the router's producer
  // uses it too), assigned here so that requests can be packed by record batch.
  const partitionOf = defaultPartitioner(partitions);
  type Chunk = (Publication & { partition: number })[];
  const batches = new Map<string, { topic: string; chunks: Chunk[]; bytes: number }>();
  for (const p of publications) {
    const partition = partitionOf(p.topic, p.key);
    const id = `${p.topic}\u0000${partition}`;
    let entry = batches.get(id);
    if (!entry) batches.set(id, (entry = { topic: p.topic, chunks: [[]], bytes: 0 }));
    const size = Buffer.byteLength(p.value) + (p.key?.length ?? 0) + 256;
    if (entry.bytes + size > 900 * 1024 && entry.chunks.at(-1)!.length > 0) {
      entry.chunks.push([]);
      entry.bytes = 0;
    }
    entry.chunks.at(-1)!.push({ ...p, partition });
    entry.bytes += size;
  }
  // Request i holds the i-th record batch of every topic-partition: large requests, and no
  // partition's batch over the topics' 1 MiB max.message.bytes.
  const requests: CeilingWork['requests'] = [];
  for (const { topic, chunks } of batches.values()) {
    chunks.forEach((messages, i) => (requests[i] ??= []).push({ topic, messages }));
  }
  return { head, width, rows, rowBytes, requests, messages: publications.length };
}

/** Splits the rows into statements of at most `maxBytes` (and `maxRows`) each. */
function statements(work: CeilingWork, maxBytes: number, maxRows: number): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < work.rows.length; i++) {
    const size = work.rowBytes[i];
    if (i > from && (bytes + size > maxBytes || i - from >= maxRows)) {
      ranges.push([from, i]);
      from = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (from < work.rows.length) ranges.push([from, work.rows.length]);
  return ranges;
}

export interface CeilingTimes {
  seconds: number;
  insertSeconds: number;
  produceSeconds: number;
  statements: number;
  requests: number;
  /** CPU seconds of this (the bench's) process meanwhile: the client side of the ceiling. */
  cpuSeconds: number;
}

/** On the clock: all rows inserted and all messages produced, concurrently. */
export async function runCeiling(
  kafka: Kafka,
  databaseUrl: string,
  work: CeilingWork,
  options: CeilingOptions,
): Promise<CeilingTimes> {
  const connections: Connection[] = [];
  for (let i = 0; i < options.connections; i++) {
    connections.push(await connectMysql(databaseUrl, { useDatabase: true }));
  }
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const [packet] = await connections[0].query<RowDataPacket[]>(
      'SELECT @@max_allowed_packet AS max',
    );
    const maxBytes = Math.min(options.statementBytes, Number(packet[0].max) - 64 * 1024);
    // A prepared statement takes at most 65,535 parameters.
    const maxRows = options.insert === 'execute' ? Math.floor(65_535 / work.width) : Infinity;
    const ranges = statements(work, maxBytes, maxRows);
    const placeholder = `(${Array.from({ length: work.width }, () => '?').join(',')})`;
    const sqlFor = (rows: number) => work.head + Array(rows).fill(placeholder).join(',');

    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let insertedAt = started;
    let producedAt = started;
    const insert = async () => {
      let next = 0;
      await Promise.all(
        connections.map(async (connection) => {
          while (next < ranges.length) {
            const [from, to] = ranges[next++];
            const values = work.rows.slice(from, to).flat();
            if (options.insert === 'execute')
              await connection.execute(sqlFor(to - from), values as ExecuteValues);
            else await connection.query(sqlFor(to - from), values);
          }
        }),
      );
      insertedAt = performance.now();
    };
    const produce = async () => {
      let next = 0;
      // Three requests in flight: the broker and this process work on different ones.
      await Promise.all(
        [0, 1, 2].map(async () => {
          while (next < work.requests.length) {
            const topicMessages = work.requests[next++];
            await producer.sendBatch({ acks: -1, topicMessages });
          }
        }),
      );
      producedAt = performance.now();
    };
    await Promise.all([insert(), produce()]);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds: (Math.max(insertedAt, producedAt) - started) / 1000,
      insertSeconds: (insertedAt - started) / 1000,
      produceSeconds: (producedAt - started) / 1000,
      statements: ranges.length,
      requests: work.requests.length,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await producer.disconnect();
    await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
  }
}
