import { explainKafkaError } from '@app/kafka';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin } from 'kafkajs';
import { KafkaStatus } from '../kafka/kafka-status';
import { KAFKA_ADMIN } from '../kafka/kafka.module';

/**
 * Kafka is healthy when the broker answers a metadata request in time and the router has not
 * stopped consuming for good (e.g. the brokers rejected the credentials: KafkaStatus).
 */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly health: HealthIndicatorService,
    private readonly status: KafkaStatus,
  ) {}

  async isHealthy(key: string, timeoutMs = 2000) {
    const indicator = this.health.check(key);
    const stopped = this.status.stoppedBecause;
    if (stopped) return indicator.down({ message: `not consuming: ${stopped}` });
    let timer: NodeJS.Timeout | undefined;
    try {
      const cluster = await Promise.race([
        this.admin.describeCluster(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      return indicator.up({ brokers: cluster.brokers.length, controller: cluster.controller });
    } catch (error) {
      return indicator.down({ message: explainKafkaError(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
