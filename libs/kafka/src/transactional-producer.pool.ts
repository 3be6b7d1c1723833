import { Kafka, Producer } from 'kafkajs';

/**
 * One transactional producer per input partition, with a transactional id that is stable
 * across processes: `<prefix>.<topic>.<partition>`.
 *
 * kafkajs has no KIP-447 (consumer-group-aware fencing), so zombie fencing relies on the
 * transactional id: when a partition moves to another instance, the new owner's producer for
 * that partition initialises the same id, which aborts or completes the old owner's open
 * transaction and fences it from committing afterwards.
 */
export class TransactionalProducerPool {
  private readonly producers = new Map<string, Promise<Producer>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly transactionalIdPrefix: string,
    private readonly transactionTimeoutMs = 60_000,
  ) {}

  transactionalId(topic: string, partition: number): string {
    return `${this.transactionalIdPrefix}.${topic}.${partition}`;
  }

  /** The connected producer for a partition; created on first use. */
  get(topic: string, partition: number): Promise<Producer> {
    const id = this.transactionalId(topic, partition);
    let producer = this.producers.get(id);
    if (!producer) {
      producer = this.connect(id);
      this.producers.set(id, producer);
      // A failed connect must not stay cached.
      producer.catch(() => this.producers.delete(id));
    }
    return producer;
  }

  has(topic: string, partition: number): boolean {
    return this.producers.has(this.transactionalId(topic, partition));
  }

  /** Drops a producer whose state is unknown (failed or fenced transaction); the next get() starts afresh. */
  async discard(topic: string, partition: number): Promise<void> {
    const id = this.transactionalId(topic, partition);
    const producer = this.producers.get(id);
    this.producers.delete(id);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  /** Disconnects the producers of partitions this instance no longer owns. */
  async retain(assignment: Record<string, number[]>): Promise<void> {
    const keep = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((p) => this.transactionalId(topic, p)),
      ),
    );
    const stale = [...this.producers.keys()].filter((id) => !keep.has(id));
    await Promise.all(
      stale.map(async (id) => {
        const producer = this.producers.get(id);
        this.producers.delete(id);
        await producer?.then((p) => p.disconnect()).catch(() => undefined);
      }),
    );
  }

  async closeAll(): Promise<void> {
    const all = [...this.producers.values()];
    this.producers.clear();
    await Promise.all(all.map((p) => p.then((x) => x.disconnect()).catch(() => undefined)));
  }

  private async connect(transactionalId: string): Promise<Producer> {
    const producer = this.kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: this.transactionTimeoutMs,
      // Right after a commit the coordinator answers CONCURRENT_TRANSACTIONS until the commit
      // markers are written (milliseconds); kafkajs' default 300 ms first retry would cap a
      // partition at a few transactions per second.
      // Bounded retries (kafkajs warns that this "may invalidate EoS"): a send that gives up
      // fails the whole transaction, which is aborted and retried by the batch loop, so
      // nothing is written twice; unbounded retries would block heartbeats during an outage.
      retry: { initialRetryTime: 20, maxRetryTime: 2000, retries: 10 },
    });
    await producer.connect();
    return producer;
  }
}
