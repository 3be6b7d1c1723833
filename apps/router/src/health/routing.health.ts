import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RouterMetrics } from '../metrics/router.metrics';

/** Failed attempts after which a partition's batch counts as stuck for /health. */
export const STUCK_AFTER_ATTEMPTS = 3;

/**
 * Routing is healthy unless a partition's batch has failed STUCK_AFTER_ATTEMPTS times in a
 * row: Kafka and MySQL may both answer while one partition makes no progress.
 */
@Injectable()
export class RoutingHealthIndicator {
  constructor(
    private readonly metrics: RouterMetrics,
    private readonly health: HealthIndicatorService,
  ) {}

  isHealthy(key: string) {
    const indicator = this.health.check(key);
    const stuck = this.metrics
      .failingBatches()
      .filter((b) => b.attempts >= STUCK_AFTER_ATTEMPTS)
      .map((b) => ({
        topic: b.topic,
        partition: b.partition,
        attempts: b.attempts,
        failingForMs: Date.now() - b.since,
        lastError: b.error.slice(0, 300),
      }));
    return stuck.length === 0 ? indicator.up() : indicator.down({ stuck });
  }
}
