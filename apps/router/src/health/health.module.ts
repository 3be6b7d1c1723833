import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsModule } from '../metrics/metrics.module';
import { KafkaHealthIndicator } from './kafka.health';
import { RoutingHealthIndicator } from './routing.health';

@Module({
  imports: [TerminusModule, MetricsModule],
  controllers: [HealthController],
  providers: [KafkaHealthIndicator, RoutingHealthIndicator],
})
export class HealthModule {}
