import { createKafkaClient, explainKafkaError, kafkaSecurity } from '@app/kafka';
import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, Kafka } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { TopicLimits } from './topic-limits';
import { isAuthenticationFailure, KafkaStatus } from './kafka-status';
import { RoutedTopics } from './routed-topics';

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
          security: kafkaSecurity({
            KAFKA_SSL: config.get('KAFKA_SSL', { infer: true }),
            KAFKA_SSL_CA_FILE: config.get('KAFKA_SSL_CA_FILE', { infer: true }),
            KAFKA_SSL_CERT_FILE: config.get('KAFKA_SSL_CERT_FILE', { infer: true }),
            KAFKA_SSL_KEY_FILE: config.get('KAFKA_SSL_KEY_FILE', { infer: true }),
            KAFKA_SASL_MECHANISM: config.get('KAFKA_SASL_MECHANISM', { infer: true }),
            KAFKA_SASL_USERNAME: config.get('KAFKA_SASL_USERNAME', { infer: true }),
            KAFKA_SASL_PASSWORD: config.get('KAFKA_SASL_PASSWORD', { infer: true }),
          }),
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
      inject: [KAFKA, KafkaStatus],
      useFactory: async (kafka: Kafka, status: KafkaStatus): Promise<Admin> => {
        const admin = kafka.admin();
        try {
          await admin.connect();
        } catch (error) {
          // Wrong credentials: start without Kafka work so that /health can say why (main.ts).
          // Anything else stops start-up, in words that name the setting to check.
          if (!isAuthenticationFailure(error)) {
            throw new Error(`Kafka: ${explainKafkaError(error)}`, { cause: error });
          }
          status.stop(error);
        }
        return admin;
      },
    },
    KafkaAdminCloser,
    TopicLimits,
    KafkaStatus,
    RoutedTopics,
  ],
  exports: [KAFKA, KAFKA_ADMIN, TopicLimits, KafkaStatus, RoutedTopics],
})
export class KafkaModule {}
