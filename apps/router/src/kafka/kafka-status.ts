import { explainKafkaError } from '@app/kafka';
import { Injectable } from '@nestjs/common';
import { Consumer } from 'kafkajs';

/**
 * Whether the router can work with Kafka at all. The brokers rejecting the credentials is not
 * something a retry fixes: at start the router then does not consume, and kafkajs does not
 * restart a consumer after such an error later on. Either way the process stays up so that
 * its log and /health (503) say why, instead of a silent idle consumer or a crash loop.
 */
@Injectable()
export class KafkaStatus {
  private failure?: string;

  /** Why the router is not consuming; undefined while it is (or may be). */
  get stoppedBecause(): string | undefined {
    return this.failure;
  }

  stop(error: unknown): string {
    this.failure ??= explainKafkaError(error);
    return this.failure;
  }

  /** Marks the router stopped when the consumer crashes for good. */
  watch(consumer: Consumer, onStopped: (reason: string) => void): void {
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) onStopped(this.stop(payload.error));
    });
  }
}

/** The brokers rejected the client's SASL credentials (not retried by kafkajs). */
export function isAuthenticationFailure(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (e.name === 'KafkaJSSASLAuthenticationError') return true;
  }
  return false;
}
