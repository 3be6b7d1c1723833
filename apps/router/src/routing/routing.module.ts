import { AuditLogWriter } from '@app/audit';
import { OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { RouterSettings } from '../config/router.settings';
import { TopicLimits } from '../kafka/topic-limits';
import { MetricsModule } from '../metrics/metrics.module';
import { CatalogWatcher } from './catalog-watcher';
import { RoutingService } from './routing.service';
import { TicketsConsumer } from './tickets.consumer';

@Module({
  imports: [MetricsModule],
  controllers: [TicketsConsumer],
  providers: [
    RoutingService,
    CatalogWatcher,
    {
      provide: TicketClassifier,
      inject: [ConfigService, TopicLimits],
      // A catalog that cannot be read or is invalid stops start-up with the bad entry named.
      useFactory: (config: ConfigService<RouterSettings, true>, limits: TopicLimits) =>
        new TicketClassifier(OfferCatalog.fromFile(config.get('CATALOG_FILE', { infer: true })), {
          limits,
        }),
    },
    {
      provide: AuditLogWriter,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new AuditLogWriter(dataSource),
    },
  ],
})
export class RoutingModule {}
