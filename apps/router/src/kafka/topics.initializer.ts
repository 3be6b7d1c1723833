import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { KafkaStatus } from './kafka-status';
import { KAFKA_ADMIN } from './kafka.module';
import { TopicLimits } from './topic-limits';
import { RoutedTopics } from './routed-topics';

/** Dead-letter records carry as much of the raw input as fits (at most 1 MiB, see fitDeadLetter). */
const DLQ_MAX_MESSAGE_BYTES = String(8 * 1024 * 1024);

/** Creates the router's topics when they are missing, before the consumer subscribes. */
@Injectable()
export class TopicsInitializer implements OnModuleInit {
  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly config: ConfigService<RouterSettings, true>,
    private readonly limits: TopicLimits,
    private readonly status: KafkaStatus,
    private readonly routed: RoutedTopics,
  ) {}

  // Nest's Logger (routed to pino): a transient PinoLogger would make this provider transient,
  // and Nest runs no lifecycle hook on transient providers.
  private readonly logger = new Logger(TopicsInitializer.name);

  async onModuleInit(): Promise<void> {
    if (this.status.stoppedBecause) return; // the brokers rejected the credentials
    const numPartitions = this.config.get('TOPIC_PARTITIONS', { infer: true });
    const dlq = this.config.get('TOPIC_DLQ', { infer: true });
    for (const { party, id, problem } of this.routed.refused) {
      this.logger.warn({ party, id, problem, msg: 'target keeps the shared topic' });
    }
    const wanted = [
      this.config.get('TOPIC_TICKETS_NEW', { infer: true }),
      ...this.routed.all(),
      dlq,
    ];
    const existing = new Set(await this.admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) await this.create(missing, numPartitions, dlq);
    // What the topics really take, whoever created them: outputs are cut or dead-lettered to fit.
    await this.limits.refresh();
  }

  private async create(missing: string[], numPartitions: number, dlq: string): Promise<void> {
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions,
        configEntries:
          topic === dlq ? [{ name: 'max.message.bytes', value: DLQ_MAX_MESSAGE_BYTES }] : [],
      })),
    });
    this.logger.log({ topics: missing, numPartitions, msg: 'created missing topics' });
  }
}
