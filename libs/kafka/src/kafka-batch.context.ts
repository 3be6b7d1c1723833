import { BaseRpcContext } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';

/** What a batch handler receives: messages of one partition, in offset order. */
export interface KafkaBatch {
  topic: string;
  partition: number;
  /** Only messages not yet committed by this consumer group (see KafkaBatchServer). */
  messages: KafkaMessage[];
  highWatermark: string;
  /**
   * Set on the last resort for a message that failed every bounded attempt while the broker
   * and the database answered (see KafkaBatchServer): the handler must now return a minimal
   * record of it (the router: a dead-letter record with this reason) instead of its usual
   * output. Such a batch holds exactly one message.
   */
  lastResort?: { reason: string; attempts: number };
}

/** A message the transport produces, in the batch's transaction, when the handler returns. */
export interface OutgoingMessage {
  topic: string;
  key: string | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * What a batch handler returns: the messages to produce, and optionally a callback run once
 * they and the consumer offset are committed (for metrics that must not count a retried try);
 * or an EarlyBatchResult.
 */
export type BatchResult = OutgoingMessage[] | SettledBatch | EarlyBatchResult;

/** The messages to produce and what to run once they and the offset are committed. */
export interface SettledBatch {
  messages: OutgoingMessage[];
  onCommitted?: () => void;
}

/**
 * The messages a handler expects to produce, handed over before its slow work (the router's
 * audit INSERT) is done, so that the transport sends them in the batch's transaction
 * meanwhile. The transport commits only once `settled` resolves: with `asEarly` true, the
 * early messages stand; with false, the transport aborts what it sent and produces `messages`
 * instead, in a new transaction. If `settled` rejects, the transaction is aborted as for any
 * failed handler.
 */
export interface EarlyBatchResult {
  early: OutgoingMessage[];
  settled: Promise<SettledBatch & { asEarly: boolean }>;
}

type BatchContextArgs = [
  topic: string,
  partition: number,
  heartbeat: () => Promise<void>,
  attempt: number,
];

/** Execution context of a batch handler (Nest's RPC context for this transport). */
export class KafkaBatchContext extends BaseRpcContext<BatchContextArgs> {
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  /** Keeps the consumer's group membership alive during a long handler. */
  heartbeat(): Promise<void> {
    return this.args[2]();
  }

  /** 1 for the first try of this batch; higher when the batch is retried after a failure. */
  getAttempt(): number {
    return this.args[3];
  }
}
