import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { metricProviders, RouterMetrics } from './router.metrics';

@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      // The event-loop delay histogram samples with a timer: every 10 ms by default, which
      // woke an idle router 100 times a second. 100 ms still shows a blocked loop.
      defaultMetrics: { enabled: true, config: { eventLoopMonitoringPrecision: 100 } },
    }),
  ],
  providers: [...metricProviders, RouterMetrics],
  exports: [RouterMetrics],
})
export class MetricsModule {}
