import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { KafkaHealthIndicator } from './kafka.health';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** 200 when Kafka and MySQL both answer, 503 otherwise (with which one is down). */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.kafka.isHealthy('kafka'),
      () => this.database.pingCheck('mysql', { timeout: 2000 }),
    ]);
  }
}
