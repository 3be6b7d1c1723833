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
 * they and the consumer offset are committed (for metrics that must not count a retried try).
 */
export type BatchResult =
  OutgoingMessage[] | { messages: OutgoingMessage[]; onCommitted?: () => void };

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
