import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from './kafka.health';
import { RoutingHealthIndicator } from './routing.health';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly routing: RoutingHealthIndicator,
  ) {}

  /**
   * 200 when Kafka and MySQL both answer and no partition is stuck on a failing batch; 503
   * otherwise, with which one is down (and, for routing, which partitions and why).
   */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.kafka.isHealthy('kafka'),
      () => this.database.pingCheck('mysql', { timeout: 2000 }),
      () => this.routing.isHealthy('routing'),
    ]);
  }
}
