import { createKafkaClient } from '@app/kafka';
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, Kafka } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { TopicLimits } from './topic-limits';

import { KAFKA, KAFKA_ADMIN } from './kafka.tokens';

export { KAFKA, KAFKA_ADMIN };

/** Disconnects the shared admin client last, after the transport has stopped. */
@Injectable()
class KafkaAdminCloser implements OnApplicationShutdown {
  constructor(@Inject(KAFKA_ADMIN) private readonly admin: Admin) {}

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [ConfigService],
      useFactory: (config: ConfigService<RouterSettings, true>): Kafka => {
        // Nest's Logger, not the transient PinoLogger: this provider must stay a singleton.
        const logger = new Logger('kafkajs');
        return createKafkaClient({
          brokers: config.get('KAFKA_BROKERS', { infer: true }).split(','),
          clientId: config.get('KAFKA_CLIENT_ID', { infer: true }),
          log: {
            error: (fields, message) => logger.error({ ...fields, msg: message }),
            warn: (fields, message) => logger.warn({ ...fields, msg: message }),
            info: (fields, message) => logger.debug({ ...fields, msg: message }),
            debug: (fields, message) => logger.verbose({ ...fields, msg: message }),
          },
        });
      },
    },
    {
      provide: KAFKA_ADMIN,
      inject: [KAFKA],
      useFactory: async (kafka: Kafka): Promise<Admin> => {
        const admin = kafka.admin();
        await admin.connect();
        return admin;
      },
    },
    KafkaAdminCloser,
    TopicLimits,
  ],
  exports: [KAFKA, KAFKA_ADMIN, TopicLimits],
})
export class KafkaModule {}
