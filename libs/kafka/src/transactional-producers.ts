import { Kafka, Producer } from 'kafkajs';

export interface TransactionalProducersOptions {
  /** How long the coordinator lets a transaction run before aborting it (default 60 s). */
  transactionTimeoutMs?: number;
  /**
   * Transactions on the protocol of KIP-890 part 2 where the cluster has finalized
   * `transaction.version` 2 (Kafka 4.0 and later; default true): three requests a transaction
   * instead of five (Produce and TxnOffsetCommit add their partitions and group themselves) and
   * the epoch bumped at every end. false: the protocol of Kafka 0.11-3.x everywhere.
   */
  transactionV2?: boolean;
  /** Told the protocol of the first producer initialised, and again whenever it changes. */
  protocolChanged?(protocol: 1 | 2): void;
}

/**
 * The transactional producers of one router process: a few shared producers, one for each
 * transaction that may run at the same time (group-commit.ts; a transaction holds the batches
 * of any partitions), and the per-partition transactional ids `<prefix>.<topic>.<partition>`
 * that fence and clean up after a previous owner.
 *
 * Offsets are fenced by the consumer group (KIP-447: TxnOffsetCommit v3 carries the
 * generation, patches/kafkajs+2.2.4.patch), so a zombie cannot commit a batch the new owner
 * also processes, whatever its transactional id. What the group cannot do is end a crashed
 * owner's open transaction: until the transaction timeout, it would hold back what
 * read_committed consumers of the output topics may read. So the ids stay tied to
 * partitions: the shared producers take the ids of the first partitions of this member's
 * assignment (one a transaction that may run at once), and for every other assigned
 * partition the id is initialised once (`fence`), which aborts whatever transaction the
 * previous user of that id left open. Every id a crashed process used was the id of a
 * partition it owned, which someone owns now.
 */
export class TransactionalProducers {
  private ids: string[] = [];
  private readonly shared = new Map<number, Promise<Producer>>();
  /** The transactional id of each producer this class made. */
  private readonly idOf = new WeakMap<Producer, string>();
  /**
   * Transactional ids whose last transaction failed, with the topics it wrote to: before the
   * id commits anything again, an abort covering every partition of those topics (see
   * `abortLeftovers`).
   */
  private readonly suspect = new Map<string, Set<string>>();
  /** The transaction protocol of the last producer initialised (1 or 2, KIP-890). */
  private protocol: 1 | 2 | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly transactionalIdPrefix: string,
    private readonly options: TransactionalProducersOptions = {},
  ) {}

  /** The transaction protocol of the producers initialised so far (undefined before the first). */
  transactionProtocol(): 1 | 2 | undefined {
    return this.protocol;
  }

  transactionalId(topic: string, partition: number): string {
    return `${this.transactionalIdPrefix}.${topic}.${partition}`;
  }

  /**
   * A new generation's assignment: the shared producers (at most `slots`, at most one a
   * partition) take the ids of its first partitions, and each next `producer(slot)` is a new
   * one, initialised at once. Always new, even with the same ids: if this member missed a
   * generation, someone else may have used an id meanwhile and left a transaction open that
   * only an initialisation ends. A transaction still running on an old producer fails (the
   * batches of the old generation are retried or fetched again).
   */
  assign(assignment: Record<string, number[]>, slots: number): void {
    const partitions = Object.entries(assignment)
      .flatMap(([topic, list]) => list.map((partition) => ({ topic, partition })))
      .sort((a, b) =>
        a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
      );
    for (const slot of [...this.shared.keys()]) void this.discard(slot);
    this.ids = partitions
      .slice(0, Math.max(1, slots))
      .map(({ topic, partition }) => this.transactionalId(topic, partition));
  }

  /** How many shared producers this assignment has: transactions that may run at once. */
  slots(): number {
    return this.ids.length;
  }

  /**
   * The connected shared producer of a slot, its transactional id initialised (which completes
   * or aborts a transaction a previous user of the id left open); created on first use after
   * an assignment or a discard.
   */
  producer(slot: number): Promise<Producer> {
    const id = this.ids[slot];
    if (!id)
      return Promise.reject(new Error(`no transactional producer ${slot}: no partition assigned`));
    let producer = this.shared.get(slot);
    if (!producer) {
      const connecting = this.connect(id);
      producer = connecting;
      this.shared.set(slot, connecting);
      // A failed connect must not stay cached.
      connecting.catch(() => {
        if (this.shared.get(slot) === connecting) this.shared.delete(slot);
      });
    }
    return producer;
  }

  /**
   * Drops a shared producer whose state is unknown (a failed or fenced transaction). `failed`:
   * the producer of that transaction and the topics it wrote to; its id is cleaned up
   * (`abortLeftovers`) when it is next initialised, here or by `fence`.
   */
  async discard(slot: number, failed?: { producer: Producer; topics: string[] }): Promise<void> {
    const id = failed && this.idOf.get(failed.producer);
    if (id !== undefined && failed!.topics.length > 0) {
      const topics = this.suspect.get(id) ?? new Set<string>();
      for (const topic of failed!.topics) topics.add(topic);
      this.suspect.set(id, topics);
    }
    const producer = this.shared.get(slot);
    this.shared.delete(slot);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  /**
   * Initialises a partition's transactional id (see `producer()`). A shared producer's is
   * initialised when it is created.
   */
  async fence(topic: string, partition: number): Promise<void> {
    const id = this.transactionalId(topic, partition);
    const slot = this.ids.indexOf(id);
    if (slot >= 0) {
      await this.producer(slot);
      return;
    }
    const producer = await this.connect(id);
    await producer.disconnect().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    this.ids = [];
    await Promise.all([...this.shared.keys()].map((slot) => this.discard(slot)));
  }

  private async connect(transactionalId: string): Promise<Producer> {
    const producer = this.kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.options.transactionTimeoutMs ?? 60_000,
      transactionV2: this.options.transactionV2 ?? true,
      // Right after a commit the coordinator answers CONCURRENT_TRANSACTIONS until the commit
      // markers are written (milliseconds); kafkajs' default 300 ms first retry would cap a
      // producer at a few transactions per second.
      // Bounded retries (kafkajs warns that this "may invalidate EoS"): a send that gives up
      // fails the whole transaction, which is aborted and retried by the batch loop, so
      // nothing is written twice; unbounded retries would block heartbeats during an outage.
      retry: { initialRetryTime: 20, maxRetryTime: 2000, retries: 10 },
    });
    await producer.connect();
    try {
      // kafkajs initialises a transactional id at its first transaction(), not at connect():
      // begin one and end it at once (nothing sent, so no EndTxn).
      await (await producer.transaction()).abort();
      const topics = this.suspect.get(transactionalId);
      if (topics) {
        await this.abortLeftovers(producer, [...topics]);
        this.suspect.delete(transactionalId);
      }
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.idOf.set(producer, transactionalId);
    const protocol = producer.isTransactionV2() ? 2 : 1;
    if (protocol !== this.protocol) {
      this.protocol = protocol;
      this.options.protocolChanged?.(protocol);
    }
    return producer;
  }

  /**
   * After a transaction that failed with its outcome unknown (a broker restart in the middle
   * of it), its records may still be open in an output partition while the transaction
   * coordinator no longer counts that partition in the transaction: initialising the id then
   * writes no abort marker there, and the id's next commit marker in that partition committed
   * them too, so the batch's retry published its events twice (the broker-restart fault trial,
   * 2026-12-04: 81 events). An abort of a transaction holding every partition of those topics
   * writes this id's abort marker to each: records of an older epoch left open there end
   * aborted. Anything the failed transaction did commit was committed before the
   * initialisation returned, and stays.
   */
  private async abortLeftovers(producer: Producer, topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    let metadata: Awaited<ReturnType<typeof admin.fetchTopicMetadata>>;
    try {
      metadata = await admin.fetchTopicMetadata({ topics });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    const transaction = await producer.transaction();
    try {
      await transaction.addPartitions(
        metadata.topics.map(({ name, partitions }) => ({
          topic: name,
          partitions: partitions.map(({ partitionId }) => ({ partition: partitionId })),
        })),
      );
    } finally {
      await transaction.abort();
    }
  }
}
