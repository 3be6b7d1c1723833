import { auditDataSourceOptions, AuditEventEntity } from '@app/audit';
import { OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { brokers, ROUTED_CLIENT, setting } from './baseline.settings';
import { TicketsController } from './tickets.controller';

@Module({
  imports: [
    TypeOrmModule.forRoot(auditDataSourceOptions(setting('DATABASE_URL'))),
    TypeOrmModule.forFeature([AuditEventEntity]),
    ClientsModule.register([
      {
        name: ROUTED_CLIENT,
        transport: Transport.KAFKA,
        options: {
          client: { clientId: 'bench-baseline-producer', brokers: brokers() },
          producerOnlyMode: true,
        },
      },
    ]),
  ],
  controllers: [TicketsController],
  providers: [
    {
      provide: TicketClassifier,
      useFactory: () => new TicketClassifier(OfferCatalog.fromFile(setting('CATALOG_FILE'))),
    },
  ],
})
export class BaselineModule {}
