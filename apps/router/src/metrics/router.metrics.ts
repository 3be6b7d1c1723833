import { BatchObserver, BatchOutcome, describeError } from '@app/kafka';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { Admin } from 'kafkajs';
import { Counter, Gauge, Histogram } from 'prom-client';
import { RouterSettings } from '../config/router.settings';
import { KAFKA_ADMIN } from '../kafka/kafka.module';

export const metricProviders = [
  makeCounterProvider({
    name: 'router_messages_consumed_total',
    help: 'Input messages whose batch was committed',
    labelNames: ['topic'],
  }),
  makeCounterProvider({
    name: 'router_tickets_routed_total',
    help: 'Tickets routed, by responsible party',
    labelNames: ['party'],
  }),
  makeCounterProvider({
    name: 'router_tickets_rejected_total',
    help: 'Inputs sent to the dead-letter topic',
  }),
  makeCounterProvider({
    name: 'router_tickets_duplicate_total',
    help: 'Inputs whose eventId had already been routed (audited, not routed again)',
  }),
  makeCounterProvider({
    name: 'router_batch_failures_total',
    help: 'Failed batch attempts (each is retried)',
    labelNames: ['topic'],
  }),
  makeHistogramProvider({
    name: 'router_batch_duration_seconds',
    help: 'Time from the start of a batch to its committed transaction, retries included',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  makeHistogramProvider({
    name: 'router_batch_size',
    help: 'Input messages per committed batch',
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
  }),
  makeHistogramProvider({
    name: 'router_transaction_batches',
    help: 'Batches (one per input partition, or parts of one) committed together in one Kafka transaction',
    buckets: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32],
  }),
  makeCounterProvider({
    name: 'router_last_resort_total',
    help: 'Inputs that failed every bounded attempt and went to the dead-letter topic in minimal form',
  }),
  makeGaugeProvider({
    name: 'router_failing_batch_attempts',
    help: 'Failed attempts so far of the batch each partition is stuck on (0 when none fails)',
    labelNames: ['topic', 'partition'],
  }),
  makeGaugeProvider({
    name: 'router_oldest_failing_batch_attempts',
    help: 'Failed attempts so far of the oldest batch that keeps failing (0 when none fails)',
  }),
  makeGaugeProvider({
    name: 'router_consumer_lag',
    help: 'Messages of the input topic not yet committed by the router group, by partition',
    labelNames: ['topic', 'partition'],
  }),
];

/** A partition whose current batch has failed and not yet gone through. */
export interface FailingBatch {
  topic: string;
  partition: number;
  attempts: number;
  since: number;
  error: string;
}

/** The router's metrics, fed by the Kafka transport and the routing use-case. */
@Injectable()
export class RouterMetrics implements BatchObserver {
  private readonly failing = new Map<string, FailingBatch>();

  constructor(
    @InjectMetric('router_messages_consumed_total') private readonly consumed: Counter<string>,
    @InjectMetric('router_tickets_routed_total') private readonly routed: Counter<string>,
    @InjectMetric('router_tickets_rejected_total') private readonly rejected: Counter<string>,
    @InjectMetric('router_tickets_duplicate_total') private readonly duplicates: Counter<string>,
    @InjectMetric('router_batch_failures_total') private readonly failures: Counter<string>,
    @InjectMetric('router_batch_duration_seconds') private readonly duration: Histogram<string>,
    @InjectMetric('router_batch_size') private readonly size: Histogram<string>,
    @InjectMetric('router_transaction_batches')
    private readonly transactionBatches: Histogram<string>,
    @InjectMetric('router_last_resort_total') private readonly lastResorts: Counter<string>,
    @InjectMetric('router_failing_batch_attempts') private readonly failingAttempts: Gauge<string>,
    @InjectMetric('router_oldest_failing_batch_attempts') private readonly oldest: Gauge<string>,
    @InjectMetric('router_consumer_lag') lag: Gauge<string>,
    @Inject(KAFKA_ADMIN) admin: Admin,
    config: ConfigService<RouterSettings, true>,
  ) {
    const topic = config.get('TOPIC_TICKETS_NEW', { infer: true });
    const groupId = config.get('KAFKA_GROUP_ID', { infer: true });
    // Lag is read from the broker at scrape time (high watermark minus committed offset);
    // prom-client calls a metric's `collect` before it serialises the metric.
    (lag as unknown as { collect: () => Promise<void> }).collect = async () => {
      try {
        const [ends, [committed]] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        lag.reset();
        for (const end of ends) {
          const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
          const start = done === undefined || done === '-1' ? Number(end.low) : Number(done);
          lag.set(
            { topic, partition: String(end.partition) },
            Math.max(0, Number(end.high) - start),
          );
        }
      } catch {
        // Broker unreachable: keep the last values; /health reports the outage.
      }
    };
  }

  recordDecisions(counts: {
    routed: Record<string, number>;
    rejected: number;
    duplicates: number;
  }) {
    for (const [party, n] of Object.entries(counts.routed)) this.routed.inc({ party }, n);
    if (counts.rejected) this.rejected.inc(counts.rejected);
    if (counts.duplicates) this.duplicates.inc(counts.duplicates);
  }

  recordLastResort(messages: number) {
    this.lastResorts.inc(messages);
  }

  batchCompleted(outcome: BatchOutcome): void {
    this.consumed.inc({ topic: outcome.topic }, outcome.messages);
    this.duration.observe(outcome.durationMs / 1000);
    this.size.observe(outcome.messages);
    if (this.failing.delete(`${outcome.topic}:${outcome.partition}`)) {
      this.failingAttempts.set({ topic: outcome.topic, partition: String(outcome.partition) }, 0);
      this.updateOldest();
    }
  }

  transactionCommitted(transaction: { contributions: number }): void {
    this.transactionBatches.observe(transaction.contributions);
  }

  batchFailed(failure: { topic: string; partition: number; error: unknown }): void {
    this.failures.inc({ topic: failure.topic });
    const key = `${failure.topic}:${failure.partition}`;
    const current = this.failing.get(key) ?? {
      topic: failure.topic,
      partition: failure.partition,
      attempts: 0,
      since: Date.now(),
      error: '',
    };
    current.attempts++;
    current.error = describeError(failure.error);
    this.failing.set(key, current);
    this.failingAttempts.set(
      { topic: failure.topic, partition: String(failure.partition) },
      current.attempts,
    );
    this.updateOldest();
  }

  /** Partitions whose batch keeps failing, oldest first (for /health). */
  failingBatches(): FailingBatch[] {
    return [...this.failing.values()].sort((a, b) => a.since - b.since);
  }

  /** After a rebalance the partitions that are no longer ours are no longer stuck here. */
  assigned(assignment: Record<string, number[]>): void {
    for (const [key, batch] of this.failing) {
      if (!assignment[batch.topic]?.includes(batch.partition)) {
        this.failing.delete(key);
        this.failingAttempts.set({ topic: batch.topic, partition: String(batch.partition) }, 0);
      }
    }
    this.updateOldest();
  }

  private updateOldest(): void {
    this.oldest.set(this.failingBatches()[0]?.attempts ?? 0);
  }
}
