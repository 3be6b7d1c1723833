import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Admin, Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { KafkaMessage } from 'kafkajs';
import { describeError, isTransient } from './batch-errors';
import { BatchResult, KafkaBatch, KafkaBatchContext, OutgoingMessage } from './kafka-batch.context';
import { GroupCommit, GroupMetadata, splitBySize } from './group-commit';
import { TransactionalProducers } from './transactional-producers';

export interface BatchOutcome {
  topic: string;
  partition: number;
  /** Messages handed to the handler (after dropping those already committed). */
  messages: number;
  produced: number;
  attempts: number;
  durationMs: number;
}

/** Hooks for metrics; the transport itself stays free of any metrics library. */
export interface BatchObserver {
  batchCompleted?(outcome: BatchOutcome): void;
  batchFailed?(failure: {
    topic: string;
    partition: number;
    attempt: number;
    error: unknown;
    /** Broker or database unavailable: retried without limit, never counted against the input. */
    transient: boolean;
  }): void;
  /** Messages handed to the handler's last resort (see KafkaBatch.lastResort). */
  lastResort?(failure: { topic: string; partition: number; offset: string; reason: string }): void;
  assigned?(assignment: Record<string, number[]>): void;
  /** A Kafka transaction committed, holding this many batches (or parts) and output messages. */
  transactionCommitted?(transaction: { contributions: number; messages: number }): void;
}

export interface KafkaBatchServerOptions {
  kafka: Kafka;
  groupId: string;
  /**
   * Topic of each handler pattern, so topic names can come from settings while
   * `@EventPattern('tickets.new')` stays a constant. A pattern without an entry is the topic.
   */
  topics?: Record<string, string>;
  /** Prefix of the transactional ids (`<prefix>.<topic>.<partition>`); defaults to the group id. */
  transactionalIdPrefix?: string;
  /**
   * Transactions on the protocol of KIP-890 part 2 where the cluster supports it (default
   * true); see TransactionalProducersOptions.
   */
  transactionV2?: boolean;
  partitionsConsumedConcurrently?: number;
  consumer?: Omit<ConsumerConfig, 'groupId' | 'readUncommitted'>;
  /**
   * Backoff between attempts of a failed batch, and how many failures that are not
   * transient (see batch-errors.ts) a batch may have before its messages are tried one by one
   * (`maxAttempts`, default 5; each single message then gets 2).
   */
  retry?: { initialMs: number; maxMs: number; maxAttempts?: number };
  /**
   * Checks that the handler's own dependencies answer (the router: `SELECT 1`). Before a
   * message goes to the handler's last resort, this and the broker must answer, so an outage
   * never turns valid input into dead letters.
   */
  probe?: () => Promise<void>;
  /**
   * Most bytes of outgoing messages in one produce request of a batch's transaction (default
   * 900 KiB). kafkajs writes all of a request's messages for one partition as one record
   * batch, which the broker refuses above the topic's max.message.bytes (1 MiB by default);
   * outputs are keyed like their inputs, so one input batch's outputs can all land in one
   * partition of a topic. A single larger message still goes, alone in its request. A function
   * is asked before each batch (the router: the smallest max.message.bytes of its topics).
   */
  maxSendBytes?: number | (() => number);
  /**
   * Most bytes of input messages (keys, values, headers) handed to the handler in one
   * transaction (default: no limit). The fetch limits (consumer.maxBytesPerPartition) do not
   * bound a batch: the broker always returns at least one whole record batch, and a producer's
   * can be several MiB. A larger batch is split, each part its own transaction, in order; a
   * single larger message goes alone.
   */
  maxBatchBytes?: number;
  /**
   * How long a ready batch waits, at most, for the other batches still being prepared (their
   * handlers running), so that they share one transaction (default 10 ms; see
   * group-commit.ts). It never waits when there are none.
   */
  lingerMs?: number;
  observer?: BatchObserver;
  log?: {
    warn(fields: object, message: string): void;
    info(fields: object, message: string): void;
    error(fields: object, message: string): void;
  };
}

type ServerEvents = { error: (error: unknown) => void };

/**
 * A Nest transport strategy that consumes Kafka in batches with exactly-once output.
 *
 * Nest's stock ServerKafka hands over one message at a time and commits offsets on its own.
 * Here a handler registered with `@EventPattern(topic)` receives a whole partition batch
 * (`KafkaBatch`, `KafkaBatchContext`) and returns the messages to produce. The transport then
 * sends them and the batch's consumer offset in one Kafka transaction and commits; the batches
 * that are ready at the same time share one (group-commit.ts), whose offsets carry the group
 * generation (KIP-447). Handlers, DI, interceptors, lifecycle hooks and shutdown stay Nest's own.
 *
 * Failure policy (docs/router.md): a failed batch (handler or Kafka) is retried whole, with
 * backoff, while the partition is still ours and the consumer runs; heartbeats continue in
 * between. Failures of the broker or the database (connection lost, timeouts, fencing, a full
 * disk) are retried without limit: the input is not at fault. Any other failure counts; after
 * `maxAttempts` the batch's messages are tried one by one, each in its own transaction, so the
 * good ones go through; a message that still fails twice, while the broker and the handler's
 * probe answer, is handed to the handler's last resort (`KafkaBatch.lastResort`), whose
 * minimal output is published instead. One input can so hold its partition (and, since
 * kafkajs fetches again only when every batch of a fetch is done, the others) only for a
 * bounded time, never for good. The handler must be idempotent for the same input messages
 * (the router's audit insert is keyed by topic/partition/offset). After any failed transaction
 * the producer is replaced, and before each of its batches' next attempt the committed offset
 * is read again: a commit that succeeded although the client saw an error is not repeated. A
 * retry goes in a transaction of its own, so one batch's failure never holds others twice.
 */
export class KafkaBatchServer extends Server<ServerEvents> implements CustomTransportStrategy {
  private consumer?: Consumer;
  private admin?: Admin;
  private readonly producers: TransactionalProducers;
  private readonly rounds: GroupCommit;
  /**
   * Batches on their way to GroupCommit (warm-up, committed offset, handler): a transaction
   * waits briefly for them to join it.
   */
  private batchesPreparing = 0;
  /** The generation of the last join and this member's partitions in it. */
  private group?: GroupMetadata & { assignment: Set<string> };
  /** Partitions whose transactional id was initialised in this generation (see TransactionalProducers). */
  private readonly fenced = new Set<string>();
  /** Committed offset of each partition, read after its transactional id was initialised. */
  private readonly committed = new Map<string, bigint | null>();
  /**
   * Incremented whenever committed offsets are forgotten (a new generation, a failed
   * transaction): a warm-up read started before must not fill the map afterwards.
   */
  private forgotten = 0;
  /** Warm-up of each partition in progress (transactional id initialised, committed offset read). */
  private readonly warming = new Map<string, Promise<void>>();
  /**
   * The handler of each subscribed topic, looked up once at start: Nest's lookup by pattern
   * first tries JSON.parse on the pattern, which throws (and captures a stack) for a plain
   * topic name, on every batch.
   */
  private readonly handlerByTopic = new Map<string, MessageHandler>();
  private readonly listeners = new Map<keyof ServerEvents, ServerEvents[keyof ServerEvents][]>();

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.producers = new TransactionalProducers(
      options.kafka,
      options.transactionalIdPrefix ?? options.groupId,
      {
        transactionV2: options.transactionV2,
        protocolChanged: (protocol) =>
          options.log?.info(
            { groupId: options.groupId, transactionProtocol: protocol },
            protocol === 2
              ? 'transactions on protocol 2 (KIP-890: three requests a transaction)'
              : 'transactions on protocol 1 (five requests a transaction)',
          ),
      },
    );
    this.rounds = new GroupCommit({
      groupId: options.groupId,
      slots: () => this.producers.slots(),
      producer: (slot) => this.producers.producer(slot),
      discard: (slot, failed) => this.producers.discard(slot, failed),
      maxSendBytes: () => this.maxSendBytes(),
      batchesPreparing: () => this.batchesPreparing,
      lingerMs: options.lingerMs ?? 10,
      committed: (transaction) => options.observer?.transactionCommitted?.(transaction),
    });
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    // consumer.stop() waits for the batch in progress, which commits or aborts its transaction.
    await this.consumer?.stop().catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producers.closeAll();
    await this.admin?.disconnect().catch(() => undefined);
    if (this.consumer)
      this.options.log?.info({ groupId: this.options.groupId }, 'consumer stopped');
    this.consumer = undefined;
    this.admin = undefined;
  }

  on<K extends keyof ServerEvents>(event: K, callback: ServerEvents[K]): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback]);
  }

  unwrap<T>(): T {
    if (!this.consumer)
      throw new Error('KafkaBatchServer is not listening yet: call listen() first.');
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    for (const [pattern, handler] of this.getHandlers()) {
      this.handlerByTopic.set(this.options.topics?.[pattern] ?? pattern, handler);
    }
    const topics = [...this.handlerByTopic.keys()];
    if (topics.length === 0) {
      throw new Error(
        'KafkaBatchServer has no handler: add @EventPattern(<topic>) to a controller.',
      );
    }
    this.admin = kafka.admin();
    await this.admin.connect();

    this.consumer = kafka.consumer({
      sessionTimeout: 30_000,
      rebalanceTimeout: 60_000,
      heartbeatInterval: 3_000,
      ...this.options.consumer,
      groupId,
      // Input written by transactional producers is read only once committed.
      readUncommitted: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      // A new generation: any partition may have been processed elsewhere meanwhile.
      this.group = {
        generationId: payload.generationId,
        memberId: payload.memberId,
        assignment: new Set(
          Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
            partitions.map((partition) => `${topic}:${partition}`),
          ),
        ),
      };
      this.committed.clear();
      this.fenced.clear();
      this.forgotten++;
      // As many producers as batches run at once: a batch never waits for another's transaction.
      this.producers.assign(
        payload.memberAssignment,
        this.options.partitionsConsumedConcurrently ?? 1,
      );
      this.warmUp(payload.memberAssignment);
      this.options.observer?.assigned?.(payload.memberAssignment);
      this.options.log?.info(
        {
          groupId,
          memberId: payload.memberId,
          generationId: payload.generationId,
          assignment: payload.memberAssignment,
        },
        'joined consumer group',
      );
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.options.log?.error(
        { groupId, error: describeError(payload.error), restart: payload.restart },
        'consumer crashed',
      );
      this.emit('error', payload.error);
    });

    await this.consumer.connect();
    // A new group starts from the beginning: tickets written before the first start count too.
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const handler = this.handlerByTopic.get(batch.topic);
    if (!handler) {
      throw new Error(`No @EventPattern handler for topic ${batch.topic}`);
    }
    if (batch.isEmpty()) {
      // Only control records (transaction markers) were fetched: nothing to process.
      payload.resolveOffset(batch.lastOffset());
      return;
    }
    // The generation this batch belongs to: its offsets go out with it, and the coordinator
    // refuses them once the group has moved on. A batch of a partition the last join did not
    // give this member (fetched before it) is left for its owner.
    const joined = this.group;
    if (!joined?.assignment.has(`${batch.topic}:${batch.partition}`)) {
      this.options.log?.warn(
        { topic: batch.topic, partition: batch.partition, generationId: joined?.generationId },
        'batch of a partition not assigned in this generation; leaving it to its owner',
      );
      return;
    }
    const group: GroupMetadata = { generationId: joined.generationId, memberId: joined.memberId };
    // A producer's record batch can be far larger than the fetch limit (the broker always
    // returns a whole first record batch): each part of at most maxBatchBytes is its own
    // transaction, in order.
    const parts = [
      ...splitBySize(batch.messages, this.options.maxBatchBytes ?? Infinity, inputBytes),
    ];
    for (const [i, messages] of parts.entries()) {
      const lastOffset =
        i === parts.length - 1 ? batch.lastOffset() : messages[messages.length - 1].offset;
      if (!(await this.processPart(payload, handler, group, messages, lastOffset))) return;
    }
  }

  /**
   * Settles these messages of the batch (committing the offset after `lastOffset`): whole,
   * or else one by one. False when the consumer stops or the partition goes elsewhere first.
   */
  private async processPart(
    payload: EachBatchPayload,
    handler: MessageHandler,
    group: GroupMetadata,
    messages: KafkaMessage[],
    lastOffset: string,
  ): Promise<boolean> {
    const { batch } = payload;
    const maxAttempts = this.options.retry?.maxAttempts ?? 5;
    const whole = await this.settle(payload, handler, group, messages, lastOffset, maxAttempts, {
      shared: true,
    });
    if (whole.state === 'done') {
      payload.resolveOffset(lastOffset);
      return true;
    }
    if (whole.state === 'stopped') return false;

    // Some message of the part fails every time: find it by trying them one by one.
    this.options.log?.warn(
      {
        topic: batch.topic,
        partition: batch.partition,
        firstOffset: messages[0].offset,
        messages: messages.length,
        error: describeError(whole.error),
      },
      'batch keeps failing; trying its messages one by one',
    );
    for (const message of messages) {
      const single = await this.settle(payload, handler, group, [message], message.offset, 2, {
        shared: false,
      });
      if (single.state === 'stopped') return false;
      if (single.state === 'failed') {
        if (!(await this.probeUntilHealthy(payload))) return false;
        const failure = {
          reason: describeError(single.error),
          attempts: maxAttempts + 2,
        };
        this.options.log?.error(
          { topic: batch.topic, partition: batch.partition, offset: message.offset, ...failure },
          'message failed every attempt; handing it to the last resort',
        );
        const last = await this.settle(
          payload,
          handler,
          group,
          [message],
          message.offset,
          Infinity,
          { shared: false, lastResort: failure },
        );
        if (last.state !== 'done') return false;
        this.options.observer?.lastResort?.({
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          reason: failure.reason,
        });
      }
      payload.resolveOffset(message.offset);
    }
    payload.resolveOffset(lastOffset);
    return true;
  }

  /**
   * Attempts these messages (committing the offset after `lastOffset`) until they are done,
   * the consumer stops or the partition goes elsewhere, or `maxFailures` failures that are
   * not transient have happened. Only a first attempt of a whole batch (`shared`) may share
   * its transaction with other batches.
   */
  private async settle(
    payload: EachBatchPayload,
    handler: MessageHandler,
    group: GroupMetadata,
    messages: KafkaMessage[],
    lastOffset: string,
    maxFailures: number,
    { shared, lastResort }: { shared: boolean; lastResort?: KafkaBatch['lastResort'] },
  ): Promise<{ state: 'done' } | { state: 'stopped' } | { state: 'failed'; error: unknown }> {
    const { batch } = payload;
    const started = Date.now();
    const { initialMs, maxMs } = this.options.retry ?? { initialMs: 200, maxMs: 5_000 };
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      if (!payload.isRunning() || payload.isStale()) {
        // Stopping, or a seek is pending: leave the batch unresolved; it is fetched again.
        return { state: 'stopped' };
      }
      try {
        const outcome = await this.attempt(payload, handler, group, messages, lastOffset, {
          attempt,
          alone: !shared || attempt > 1,
          lastResort,
        });
        this.options.observer?.batchCompleted?.({
          ...outcome,
          attempts: attempt,
          durationMs: Date.now() - started,
        });
        await payload.heartbeat();
        return { state: 'done' };
      } catch (error) {
        if (isRebalancing(error)) throw error; // kafkajs re-joins; the new owner processes it
        const transient = isTransient(error);
        if (!transient) failures++;
        this.options.observer?.batchFailed?.({
          topic: batch.topic,
          partition: batch.partition,
          attempt,
          error,
          transient,
        });
        this.options.log?.warn(
          {
            topic: batch.topic,
            partition: batch.partition,
            firstOffset: messages[0]?.offset,
            messages: messages.length,
            attempt,
            transient,
            error: describeError(error),
          },
          'batch failed; retrying',
        );
        if (failures >= maxFailures) return { state: 'failed', error };
        await sleep(Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 10)));
        await heartbeat(payload);
      }
    }
  }

  /** Waits until the broker, this group's coordinator and the handler's probe all answer. */
  private async probeUntilHealthy(payload: EachBatchPayload): Promise<boolean> {
    const { topic, partition } = payload.batch;
    const { maxMs } = this.options.retry ?? { initialMs: 200, maxMs: 5_000 };
    while (payload.isRunning() && !payload.isStale()) {
      try {
        await this.admin!.describeCluster();
        await this.committedOffset(topic, partition);
        await this.options.probe?.();
        return true;
      } catch (error) {
        this.options.log?.warn(
          { topic, partition, error: describeError(error) },
          'broker or database does not answer; waiting before the last resort',
        );
        await sleep(maxMs);
        await heartbeat(payload);
      }
    }
    return false;
  }

  private async attempt(
    payload: EachBatchPayload,
    handler: MessageHandler,
    group: GroupMetadata,
    batchMessages: KafkaMessage[],
    lastOffset: string,
    {
      attempt,
      alone,
      lastResort,
    }: { attempt: number; alone: boolean; lastResort?: KafkaBatch['lastResort'] },
  ): Promise<Omit<BatchOutcome, 'attempts' | 'durationMs'>> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const key = `${topic}:${partition}`;
    // lastOffset may be a transaction marker after the last message: commit past it.
    const commitAt = BigInt(lastOffset) + 1n;

    // Until it is handed to GroupCommit, this batch counts as one a transaction may wait for;
    // `ended`: it will not contribute at all, so a lingering transaction need not wait.
    this.batchesPreparing++;
    let preparing = true;
    const prepared = (ended: boolean) => {
      if (!preparing) return;
      preparing = false;
      this.batchesPreparing--;
      if (ended) this.rounds.batchEnded();
    };
    try {
      await this.warming.get(key);
      if (!this.committed.has(key)) {
        this.committed.set(key, await this.prepare(topic, partition));
      }
      const committed = this.committed.get(key) ?? null;
      if (committed !== null && committed >= commitAt) {
        // All of it was committed before (by this member before a failure it did not see, or
        // by another one): nothing to do, and committing again would move the offset back.
        prepared(true);
        return { topic, partition, messages: 0, produced: 0 };
      }
      const messages =
        committed === null
          ? batchMessages
          : batchMessages.filter((m) => BigInt(m.offset) >= committed);
      let outgoing: OutgoingMessage[] = [];
      let onCommitted: (() => void) | undefined;
      if (messages.length > 0) {
        const context = new KafkaBatchContext([
          topic,
          partition,
          () => payload.heartbeat(),
          attempt,
        ]);
        const data: KafkaBatch = {
          topic,
          partition,
          messages,
          highWatermark: batch.highWatermark,
          ...(lastResort ? { lastResort } : {}),
        };
        ({ messages: outgoing, onCommitted } = await this.invoke(handler, data, context));
        await payload.heartbeat();
      }
      prepared(false);
      await this.rounds.commit({
        topic,
        partition,
        messages: outgoing,
        offset: commitAt,
        group,
        alone,
      });
      this.committed.set(key, commitAt);
      onCommitted?.();
      return { topic, partition, messages: messages.length, produced: outgoing.length };
    } catch (error) {
      prepared(true);
      // Whatever the error, the commit may or may not have happened: read this partition's
      // committed offset again before its next attempt (GroupCommit replaced the producer).
      this.committed.delete(key);
      this.forgotten++;
      throw error;
    }
  }

  /**
   * Before a partition's first batch in a generation (and after a failed transaction): its
   * transactional id initialised once in the generation, which ends a transaction a crashed
   * previous owner left open, and then its committed offset, read once no transaction holds
   * offsets of it pending.
   */
  private async prepare(topic: string, partition: number): Promise<bigint | null> {
    const key = `${topic}:${partition}`;
    if (!this.fenced.has(key)) {
      await this.producers.fence(topic, partition);
      this.fenced.add(key);
    }
    return this.stableCommittedOffset(topic, partition);
  }

  private maxSendBytes(): number {
    const { maxSendBytes } = this.options;
    if (typeof maxSendBytes === 'function') return Math.min(MAX_SEND_BYTES, maxSendBytes());
    return maxSendBytes ?? MAX_SEND_BYTES;
  }

  private async invoke(
    handler: MessageHandler,
    batch: KafkaBatch,
    context: KafkaBatchContext,
  ): Promise<{ messages: OutgoingMessage[]; onCommitted?: () => void }> {
    const result = this.transformToObservable(await handler(batch, context));
    const output = (await lastValueFrom(result, { defaultValue: [] })) as BatchResult | undefined;
    if (Array.isArray(output)) return { messages: output };
    return output ?? { messages: [] };
  }

  /**
   * Right after a (re)join, per assigned partition and in the background: `prepare` it, as
   * the first batch would have to. The first batch after a start or a rebalance then waits for
   * none of it, or only for what is still in progress; and a crashed previous owner's open
   * transaction ends now, not at the partition's next input (until then it would hold back
   * what read_committed consumers of the outputs may read, up to the transaction timeout).
   */
  private warmUp(assignment: Record<string, number[]>): void {
    const generation = this.forgotten;
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = `${topic}:${partition}`;
        const warming = (async () => {
          const offset = await this.prepare(topic, partition);
          if (this.forgotten === generation && !this.committed.has(key)) {
            this.committed.set(key, offset);
          }
        })()
          // A failed warm-up costs nothing: the first batch prepares the partition itself.
          .catch(() => undefined)
          .finally(() => {
            if (this.warming.get(key) === warming) this.warming.delete(key);
          });
        this.warming.set(key, warming);
      }
    }
  }

  /**
   * The committed offset once no transaction holds offsets of this partition still pending.
   * The group coordinator applies a finished transaction's offsets a moment after the
   * transaction completes (its markers are written after the EndTxn answer, and again after a
   * broker restart); a plain read in that moment sees the older offset, and the batch would be
   * published twice. OffsetFetch v7 with require_stable (KIP-447; patches/kafkajs+2.2.4.patch)
   * answers UNSTABLE_OFFSET_COMMIT instead, and the read is repeated until the offsets are
   * stable. The caller has already initialised this partition's transactional id, which
   * completes or aborts a crashed previous owner's open transaction, so the wait is short; after
   * `STABLE_OFFSET_MAX_WAIT_MS` the error goes to the batch's retry (a transient failure).
   */
  private async stableCommittedOffset(topic: string, partition: number): Promise<bigint | null> {
    const deadline = Date.now() + STABLE_OFFSET_MAX_WAIT_MS;
    for (let wait = 10; ; wait = Math.min(wait * 2, 500)) {
      try {
        return await this.committedOffset(topic, partition);
      } catch (error) {
        if ((error as { type?: unknown }).type !== 'UNSTABLE_OFFSET_COMMIT') throw error;
        if (Date.now() + wait > deadline) throw error;
        await sleep(wait);
      }
    }
  }

  private async committedOffset(topic: string, partition: number): Promise<bigint | null> {
    const [result] = await this.admin!.fetchOffsets({
      groupId: this.options.groupId,
      topics: [topic],
      requireStable: true,
    });
    const offset = result?.partitions.find((p) => p.partition === partition)?.offset;
    return offset === undefined || offset === '-1' ? null : BigInt(offset);
  }

  private emit(event: keyof ServerEvents, error: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(error);
  }
}

const MAX_SEND_BYTES = 900 * 1024;
/** How long a read of a committed offset waits for a pending transaction (see stableCommittedOffset). */
const STABLE_OFFSET_MAX_WAIT_MS = 30_000;

/**
 * A fetched message's keys, values and headers: less than its bytes on the wire (no record
 * framing), so a batch the fetch limit bounded is never split into a whole part and a tail.
 */
function inputBytes(message: KafkaMessage): number {
  let size = (message.value?.length ?? 0) + (message.key?.length ?? 0);
  const headers = message.headers;
  for (const name in headers) {
    size += Buffer.byteLength(name);
    const value = headers[name];
    if (Array.isArray(value)) {
      for (const v of value) if (v !== undefined) size += Buffer.byteLength(v);
    } else if (value !== undefined) size += Buffer.byteLength(value);
  }
  return size;
}

/**
 * What only kafkajs' re-join resolves. Not NOT_COORDINATOR_FOR_GROUP: a transaction request
 * gets it from a coordinator that is unloading (a broker restart), and handing it to kafkajs
 * made the runner re-join at once, fail to find a coordinator while the broker was down, and
 * stop the consumer for good. The batch is retried instead (a transient failure).
 */
const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/**
 * A heartbeat between attempts. While the broker is away it fails too: that is no reason to
 * give the batch up to kafkajs (whose re-join would fail the same way and stop the consumer);
 * the next heartbeat tells. A rebalance (the group moved on) is kafkajs' to handle.
 */
async function heartbeat(payload: EachBatchPayload): Promise<void> {
  try {
    await payload.heartbeat();
  } catch (error) {
    if (isRebalancing(error) || !isTransient(error)) throw error;
  }
}

function isRebalancing(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && REBALANCE_ERRORS.has(type);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
