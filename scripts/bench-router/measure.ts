import { Admin, Kafka, Partitioners } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { uniqueSuffix } from '../../test/support/services';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Input {
  key: string | null;
  value: string;
  /** The eventId the router's output will carry as sourceEventId, when it can read one. */
  eventId: string | null;
}

/** Helpdesks key a ticket's events `source:ticket.id`; a value that is not JSON has no key. */
export function keyed(values: string[]): Input[] {
  return values.map((value) => {
    let event: { eventId?: unknown; source?: unknown; ticket?: { id?: unknown } } | null;
    try {
      event = JSON.parse(value) as typeof event;
    } catch {
      return { key: null, value, eventId: null };
    }
    return {
      key:
        typeof event?.source === 'string' && typeof event.ticket?.id === 'string'
          ? `${event.source}:${event.ticket.id}`
          : null,
      value,
      eventId: typeof event?.eventId === 'string' && event.eventId !== '' ? event.eventId : null,
    };
  });
}

/**
 * The partition kafkajs' default partitioner (the one the router's and the helpdesks'
 * producers use) picks for a key on a topic of `partitions` partitions.
 */
export function defaultPartitioner(
  partitions: number,
): (topic: string, key: string | null) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return (topic, key) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

/**
 * Writes the inputs before the app starts (not timed), once each, to the partitions a keyed
 * kafkajs producer would choose (its default partitioner). Without care kafkajs duplicates:
 * it retries a whole request when one partition of it fails (a leader not yet elected on a
 * new topic, a timeout), and the partitions that had succeeded get their messages twice (a run
 * once found 102,617 inputs on its topic for 100,000 sent; names are unique per run, so it
 * was not a left-over topic). So: an idempotent producer, and every request holds one
 * partition's messages only (at most 900 KiB), one request per partition at a time (its
 * sequence numbers are assigned when the request is built and taken back when it fails).
 */
export async function preload(
  kafka: Kafka,
  topic: string,
  inputs: Input[],
  partitions: number,
): Promise<void> {
  const partitionOf = defaultPartitioner(partitions);
  const perPartition: Input[][] = Array.from({ length: partitions }, () => []);
  for (const input of inputs) perPartition[partitionOf(topic, input.key)].push(input);
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    await Promise.all(
      perPartition.map(async (messages, partition) => {
        for (let from = 0; from < messages.length;) {
          let bytes = 0;
          let to = from;
          while (to < messages.length && (to === from || bytes < PRELOAD_REQUEST_BYTES)) {
            bytes += Buffer.byteLength(messages[to].value) + (messages[to].key?.length ?? 0) + 64;
            to++;
          }
          await producer.send({
            topic,
            acks: -1,
            messages: messages.slice(from, to).map(({ key, value }) => ({ key, value, partition })),
          });
          from = to;
        }
      }),
    );
  } finally {
    await producer.disconnect();
  }
}
/** Under the input topic's max.message.bytes (1 MiB by default). */
const PRELOAD_REQUEST_BYTES = 900 * 1024;

/**
 * Deletes topics and waits until the broker no longer lists them (deletion is asynchronous),
 * so the next run starts without a deletion in progress. Every run's topics have names of
 * their own (routerStack), so a late deletion could never hit a new run's topic anyway.
 */
export async function deleteTopics(admin: Admin, topics: string[], timeoutMs = 60_000) {
  await admin.deleteTopics({ topics, timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = new Set(await admin.listTopics());
    const left = topics.filter((t) => listed.has(t));
    if (left.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`still listed after ${timeoutMs} ms: ${left.join(', ')}`);
    await sleep(200);
  }
}

export async function topicSize(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
}

/**
 * Polls the group's committed offsets on the input topic until they cover all `total`
 * messages; returns performance.now() of the poll that saw it. The router commits its offsets
 * in the transaction that publishes the batch's output, and the baseline's kafkajs consumer
 * commits only offsets whose handler (save, then awaited emit) has returned: either way every
 * input is then published and audited.
 */
export async function waitForCommitted(
  admin: Admin,
  groupId: string,
  topic: string,
  total: number,
  { timeoutMs, pollMs = 100, label }: { timeoutMs: number; pollMs?: number; label: string },
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const done = (result?.partitions ?? []).reduce(
      (sum, p) => sum + Math.max(0, Number(p.offset)),
      0,
    );
    if (done >= total) return performance.now();
    if (Date.now() > deadline) {
      throw new Error(`${label}: only ${done} of ${total} inputs committed after ${timeoutMs} ms`);
    }
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      process.stderr.write(`  ${label}: ${done.toLocaleString('en-US')} of ${total} committed\n`);
    }
    await sleep(pollMs);
  }
}

/**
 * Counts what a read_committed consumer sees on the output topics, until `expected` messages
 * and then 1.5 s of quiet (so that extra messages would be counted too). Not timed.
 */
export async function countCommitted(
  kafka: Kafka,
  topics: string[],
  expected: number,
  timeoutMs = 300_000,
): Promise<Record<string, number>> {
  const groupId = `bench-count-${uniqueSuffix()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const counts: Record<string, number> = Object.fromEntries(topics.map((t) => [t, 0]));
  let total = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        counts[batch.topic] += batch.messages.length;
        total += batch.messages.length;
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (total < expected && Date.now() < deadline) await sleep(200);
    await sleep(1500);
  } finally {
    await consumer.disconnect();
  }
  await deleteGroups(kafka, [groupId]);
  return counts;
}

export interface LatencyResult {
  offered: number;
  offeredPerSecond: number;
  measured: number;
  /** Messages whose send timestamp is known but whose output did not arrive in time. */
  missing: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From the first send to the last measured arrival. */
  seconds: number;
  /** CPU seconds `cpu()` grew over those seconds (the app's processes). */
  cpuSeconds: number;
}

/**
 * Offers `rate` events/s for `seconds` to a running app and measures, per event, the time
 * from the producer call to the moment a read_committed consumer receives its routed event
 * or dead-letter record, matched by the sourceEventId header (events whose eventId cannot be
 * read, such as truncated JSON, carry none and are sent but not measured: eventId null).
 * occurredAt of each event is also its send time, to the millisecond. `cpu()` (the app's CPU
 * seconds so far) is read at the first send and at each arrival, so the CPU of the phase is
 * what the app used from the first send to the last measured arrival, idle time included.
 */
export async function measureLatency(
  kafka: Kafka,
  input: string,
  outputs: string[],
  events: Input[],
  {
    rate,
    occurredAtPlaceholder,
    cpu,
    tagInputs = false,
  }: {
    rate: number;
    occurredAtPlaceholder: string;
    cpu: () => number;
    /** Send each input with its sourceEventId header (to measure a topic read directly). */
    tagInputs?: boolean;
  },
): Promise<LatencyResult> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let last = { at: 0, cpu: 0 };
  const groupId = `bench-latency-${uniqueSuffix()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([consumer.connect(), producer.connect()]);
  try {
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    // From the end: outputs of earlier phases are not fetched.
    await consumer.subscribe({ topics: outputs, fromBeginning: false });
    await consumer.run({
      eachBatch: ({ batch }) => {
        const now = performance.now();
        const before = latencies.length;
        for (const message of batch.messages) {
          const id = message.headers?.sourceEventId?.toString();
          const sent = id === undefined ? undefined : sentAt.get(id);
          if (sent !== undefined) {
            latencies.push(now - sent);
            sentAt.delete(id!);
          }
        }
        if (latencies.length > before) last = { at: now, cpu: cpu() };
        return Promise.resolve();
      },
    });
    while (!joined) await sleep(50);
    await sleep(2000); // the consumer's first fetch resolves "latest" before anything is sent

    const started = performance.now();
    const cpuAtStart = cpu();
    last = { at: started, cpu: cpuAtStart };
    const inFlight = new Set<Promise<unknown>>();
    let sent = 0;
    while (sent < events.length) {
      const due = Math.min(
        events.length,
        Math.floor(((performance.now() - started) / 1000) * rate),
      );
      if (due > sent) {
        const now = performance.now();
        const iso = new Date().toISOString();
        const slice = events.slice(sent, due);
        for (const e of slice) if (e.eventId !== null) sentAt.set(e.eventId, now);
        const request = producer.send({
          topic: input,
          acks: -1,
          messages: slice.map((e) => ({
            key: e.key,
            value: e.value.replace(occurredAtPlaceholder, iso),
            ...(tagInputs && e.eventId !== null ? { headers: { sourceEventId: e.eventId } } : {}),
          })),
        });
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
        sent = due;
      }
      await sleep(2);
    }
    const offeredSeconds = (performance.now() - started) / 1000;
    await Promise.all(inFlight);
    // Everything measurable has arrived when nothing new came for 3 s (or after 60 s).
    const deadline = Date.now() + 60_000;
    let seen = -1;
    while (latencies.length !== seen && Date.now() < deadline) {
      seen = latencies.length;
      await sleep(3000);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return {
      offered: events.length,
      offeredPerSecond: events.length / offeredSeconds,
      measured: sorted.length,
      missing: [...sentAt.keys()].length,
      p50Ms: at(0.5),
      p90Ms: at(0.9),
      p99Ms: at(0.99),
      maxMs: sorted[sorted.length - 1],
      seconds: (last.at - started) / 1000,
      cpuSeconds: last.cpu - cpuAtStart,
    };
  } finally {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    await deleteGroups(kafka, [groupId]);
  }
}

/**
 * The machine's CPU time so far (all cores, from /proc/stat, in clock ticks): busy and in all.
 * Over a phase, busy ÷ all is how much of the whole machine every process together used.
 */
export function machineCpu(): { busy: number; all: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, all: busy + idle + iowait };
}

export async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups(groupIds).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

export interface BatchMetrics {
  batches: number;
  messages: number;
  seconds: number;
}

/** Sums of the router's batch histograms (router_batch_size, router_batch_duration_seconds). */
export async function scrapeBatchMetrics(port: number): Promise<BatchMetrics> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? NaN : Number(line.split(' ')[1]);
  };
  return {
    batches: value('router_batch_size_count'),
    messages: value('router_batch_size_sum'),
    seconds: value('router_batch_duration_seconds_sum'),
  };
}

/** 1-minute load average, sampled every second while the bench runs. */
export class LoadSampler {
  private readonly samples: { at: number; load: number }[] = [];
  private timer?: NodeJS.Timeout;

  start(): void {
    const sample = () => this.samples.push({ at: performance.now(), load: loadavg()[0] });
    sample();
    this.timer = setInterval(sample, 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  between(from: number, to: number): { min: number; max: number } {
    const inside = this.samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.load);
    const all = inside.length > 0 ? inside : [loadavg()[0]];
    return { min: Math.min(...all), max: Math.max(...all) };
  }

  all(): { min: number; max: number } {
    return this.between(0, Infinity);
  }
}
