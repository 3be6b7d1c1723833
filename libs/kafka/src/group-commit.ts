import type { Producer } from 'kafkajs';
import type { OutgoingMessage } from './kafka-batch.context';

/** The consumer's generation and member id, as its last join told (KIP-447). */
export interface GroupMetadata {
  generationId: number;
  memberId: string;
}

/** What one batch (or part of one) puts into a transaction. */
export interface Contribution {
  topic: string;
  partition: number;
  messages: OutgoingMessage[];
  /** The input offset to commit: the next one to read. */
  offset: bigint;
  /** The generation the batch was fetched in: the coordinator refuses the offsets of an older one. */
  group: GroupMetadata;
  /**
   * In a transaction of its own: a retry, or a message tried alone. A contribution that makes
   * a shared transaction fail (a record the broker refuses) fails it for everyone once; after
   * that each goes alone, and the others' inputs never wait on it again.
   */
  alone: boolean;
}

export interface GroupCommitOptions {
  groupId: string;
  /** Transactions that may run at the same time, each on its own producer (slots 0 … n-1). */
  slots: () => number;
  /** The connected transactional producer of a slot. */
  producer: (slot: number) => Promise<Producer>;
  /**
   * After a failed transaction: the slot's producer's state is unknown. `failed`: that
   * producer and the topics the transaction wrote to (records of it may be left open there).
   */
  discard: (slot: number, failed?: { producer: Producer; topics: string[] }) => Promise<void>;
  /** Most bytes of outgoing messages in one produce request. */
  maxSendBytes: () => number;
  /**
   * Batches still on their way (their handler running): a transaction waits for them, up to
   * lingerMs.
   */
  batchesPreparing: () => number;
  lingerMs: number;
  committed?: (transaction: { contributions: number; messages: number }) => void;
}

interface Waiting {
  contribution: Contribution;
  /** Bytes of each outgoing message, as a produce request counts them. */
  sizes: number[];
  /** Their sum. */
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the batches that are ready together go out in one Kafka transaction (their
 * outputs and every partition's offset). A ready batch waits at most `lingerMs` for the
 * batches still being prepared beside it (the other partitions of the same fetch, their
 * handlers running), and not at all when none is; then it and every batch ready by then share
 * a transaction on the free producer idle longest. With as many producers (slots) as batches
 * run at once, a batch never waits for another's transaction: at a helpdesk's rate a lone
 * event is committed at once, as before, and a busy fetch round of three or six partitions
 * costs one transaction instead of one each. When all
 * slots are busy, the batches that become ready queue and share the next free one. Only batches
 * whose outputs fit one produce request together share (and wait for each other); larger ones
 * go alone, as their transaction's cost is already spread over many events. The offsets
 * carry the group generation (TxnOffsetCommit v3), so any producer can commit any partition's
 * offsets and a zombie's are still refused.
 */
export class GroupCommit {
  private readonly queue: Waiting[] = [];
  private readonly busy = new Set<number>();
  /** When each slot's last transaction ended (a counter, not a clock). */
  private readonly endedAt: number[] = [];
  private ended = 0;
  private lingering?: { since: number; timer?: NodeJS.Timeout };

  constructor(private readonly options: GroupCommitOptions) {}

  /** Resolves once the contribution is committed; rejects with the error of its transaction. */
  commit(contribution: Contribution): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const sizes = contribution.messages.map(byteSize);
      let bytes = 0;
      for (const size of sizes) bytes += size;
      this.queue.push({ contribution, sizes, bytes, resolve, reject });
      this.schedule();
    });
  }

  /**
   * A batch ended without contributing (it failed, or had nothing to commit): a lingering
   * transaction need not wait for it.
   */
  batchEnded(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.queue.length === 0) return;
    const slot = this.freeSlot();
    if (slot === undefined) return; // the next transaction to end schedules again
    const head = this.queue[0];
    if (
      !head.contribution.alone &&
      head.bytes < this.options.maxSendBytes() / 2 &&
      this.options.batchesPreparing() > 0
    ) {
      const now = Date.now();
      this.lingering ??= { since: now };
      const left = this.lingering.since + this.options.lingerMs - now;
      if (left > 0) {
        this.lingering.timer ??= setTimeout(() => {
          if (this.lingering) this.lingering.timer = undefined;
          this.schedule();
        }, left);
        return;
      }
    }
    if (this.lingering?.timer) clearTimeout(this.lingering.timer);
    this.lingering = undefined;
    this.busy.add(slot);
    void this.run(slot, this.take()).finally(() => {
      this.busy.delete(slot);
      this.endedAt[slot] = ++this.ended;
      this.schedule();
    });
    this.schedule(); // what an alone contribution left in the queue may take another slot
  }

  /**
   * The free slot whose producer has been idle longest. Right after a commit the coordinator
   * answers CONCURRENT_TRANSACTIONS to that producer's next transaction until the commit's
   * markers are written (milliseconds), and kafkajs retries it after 20 ms: at a helpdesk's
   * rate the first free slot would take nearly every lone event right after its previous one.
   */
  private freeSlot(): number | undefined {
    const slots = Math.max(1, this.options.slots());
    let free: number | undefined;
    for (let slot = 0; slot < slots; slot++) {
      if (this.busy.has(slot)) continue;
      if (free === undefined || (this.endedAt[slot] ?? 0) < (this.endedAt[free] ?? 0)) free = slot;
    }
    return free;
  }

  /**
   * The first in line, and, unless it goes alone, every other of the same generation that does
   * not, while their outputs fit one produce request: a large batch already spreads its
   * transaction over many events, and merging large ones would only serialise on one producer
   * the requests that separate producers send side by side.
   */
  private take(): Waiting[] {
    const first = this.queue.shift()!;
    if (first.contribution.alone) return [first];
    const { generationId, memberId } = first.contribution.group;
    const round = [first];
    const room = this.options.maxSendBytes();
    let bytes = first.bytes;
    for (let i = 0; i < this.queue.length;) {
      const next = this.queue[i];
      const { alone, group } = next.contribution;
      if (
        !alone &&
        group.generationId === generationId &&
        group.memberId === memberId &&
        bytes + next.bytes <= room
      ) {
        round.push(...this.queue.splice(i, 1));
        bytes += next.bytes;
      } else i++;
    }
    return round;
  }

  private async run(slot: number, round: Waiting[]): Promise<void> {
    let producer: Producer | undefined;
    try {
      producer = await this.options.producer(slot);
      await this.transact(producer, round);
    } catch (error) {
      const topics = new Set<string>();
      for (const { contribution } of round)
        for (const m of contribution.messages) topics.add(m.topic);
      await this.options.discard(slot, producer && { producer, topics: [...topics] });
      for (const waiting of round) waiting.reject(error);
      return;
    }
    for (const waiting of round) waiting.resolve();
  }

  private async transact(producer: Producer, round: Waiting[]): Promise<void> {
    const contributions = round.map((w) => w.contribution);
    const transaction = await producer.transaction();
    try {
      const outgoing =
        contributions.length === 1
          ? contributions[0].messages
          : contributions.flatMap((c) => c.messages);
      // In order, one request at a time (maxInFlightRequests 1): order per key is kept, and
      // every request belongs to the same transaction. The sizes were counted at commit().
      const maxBytes = this.options.maxSendBytes();
      let chunks: Iterable<OutgoingMessage[]> = [outgoing];
      if (outgoing.length === 0) chunks = [];
      else if (round.reduce((sum, w) => sum + w.bytes, 0) > maxBytes) {
        const sizes = round.length === 1 ? round[0].sizes : round.flatMap((w) => w.sizes);
        chunks = splitBySize(outgoing, maxBytes, (_, i) => sizes[i]);
      }
      for (const chunk of chunks) {
        await transaction.sendBatch({ topicMessages: groupByTopic(chunk) });
      }
      await transaction.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: offsetsByTopic(contributions),
        consumerGroupMetadata: contributions[0].group,
      });
      await transaction.commit();
      this.options.committed?.({ contributions: contributions.length, messages: outgoing.length });
    } catch (error) {
      if (transaction.isActive()) await transaction.abort().catch(() => undefined);
      throw error;
    }
  }
}

/** A record's own framing (length, attributes, deltas, counts) above its key, value and headers. */
const RECORD_OVERHEAD_BYTES = 64;

function byteSize(message: OutgoingMessage): number {
  let size = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.value);
  if (message.key !== null) size += Buffer.byteLength(message.key);
  const headers = message.headers;
  // for...in, not Object.entries: no array of pairs per message on this per-event path.
  for (const name in headers) size += Buffer.byteLength(name) + Buffer.byteLength(headers[name]);
  return size;
}

/**
 * Consecutive runs of `items` of at most `maxBytes` as `sizeOf` counts them; an item larger
 * than that goes alone.
 */
export function* splitBySize<T>(
  items: T[],
  maxBytes: number,
  sizeOf: (item: T, index: number) => number,
): Generator<T[]> {
  if (maxBytes === Infinity) {
    yield items;
    return;
  }
  let part: T[] = [];
  let bytes = 0;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const size = sizeOf(item, index);
    if (part.length > 0 && bytes + size > maxBytes) {
      yield part;
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += size;
  }
  if (part.length > 0) yield part;
}

/** `items` as `value(item)` lists by topic, in first-seen order. */
function byTopic<T extends { topic: string }, V>(items: T[], value: (item: T) => V) {
  const lists = new Map<string, V[]>();
  for (const item of items) {
    const list = lists.get(item.topic);
    if (list) list.push(value(item));
    else lists.set(item.topic, [value(item)]);
  }
  return [...lists];
}

function groupByTopic(messages: OutgoingMessage[]) {
  return byTopic(messages, ({ key, value, headers }) => ({ key, value, headers })).map(
    ([topic, list]) => ({ topic, messages: list }),
  );
}

function offsetsByTopic(contributions: Contribution[]) {
  return byTopic(contributions, ({ partition, offset }) => ({
    partition,
    offset: offset.toString(),
  })).map(([topic, partitions]) => ({ topic, partitions }));
}
