import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { metricProviders, RouterMetrics } from './router.metrics';

@Module({
  imports: [PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
  providers: [...metricProviders, RouterMetrics],
  exports: [RouterMetrics],
})
export class MetricsModule {}
