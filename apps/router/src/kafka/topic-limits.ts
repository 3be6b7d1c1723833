import { KAFKA_DEFAULT_MAX_MESSAGE_BYTES, MessageLimits } from '@app/classifier';
import { describeError } from '@app/kafka';
import { TopicKey } from '@app/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { KAFKA_ADMIN } from './kafka.tokens';

/** The setting that names each output topic. */
const OUTPUT_TOPICS = {
  routedPartner: 'TOPIC_ROUTED_PARTNER',
  routedIsv: 'TOPIC_ROUTED_ISV',
  routedMicrosoft: 'TOPIC_ROUTED_MICROSOFT',
  dlq: 'TOPIC_DLQ',
} as const satisfies Partial<Record<TopicKey, keyof RouterSettings>>;

/**
 * The output topics' max.message.bytes as the broker has them (a topic's own setting, or the
 * broker's message.max.bytes), read at start and again whenever a batch has failed, so an
 * operator's change or a DLQ provisioned at the broker default is followed, never assumed.
 */
@Injectable()
export class TopicLimits implements MessageLimits {
  private readonly logger = new Logger(TopicLimits.name);
  private readonly names: Record<keyof typeof OUTPUT_TOPICS, string>;
  private readonly bytes = new Map<TopicKey, number>();

  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    config: ConfigService<RouterSettings, true>,
  ) {
    this.names = {
      routedPartner: config.get(OUTPUT_TOPICS.routedPartner, { infer: true }),
      routedIsv: config.get(OUTPUT_TOPICS.routedIsv, { infer: true }),
      routedMicrosoft: config.get(OUTPUT_TOPICS.routedMicrosoft, { infer: true }),
      dlq: config.get(OUTPUT_TOPICS.dlq, { infer: true }),
    };
  }

  maxBytes(topic: TopicKey): number {
    return this.bytes.get(topic) ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** The smallest limit of all output topics: a produce request's record batch must fit it. */
  smallest(): number {
    return Math.min(...Object.keys(this.names).map((k) => this.maxBytes(k as TopicKey)));
  }

  /**
   * Reads the limits again. A broker that refuses DescribeConfigs (an ACL without it) or does
   * not answer leaves the limits known so far (Kafka's default at first), with a warning.
   */
  async refresh(): Promise<void> {
    const keys = Object.keys(this.names) as (keyof typeof OUTPUT_TOPICS)[];
    let resources: Awaited<ReturnType<Admin['describeConfigs']>>['resources'];
    try {
      ({ resources } = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: keys.map((key) => ({
          type: ConfigResourceTypes.TOPIC,
          name: this.names[key],
          configNames: ['max.message.bytes'],
        })),
      }));
    } catch (error) {
      this.logger.warn({
        msg: "cannot read the topics' max.message.bytes; keeping the limits known so far",
        error: describeError(error),
      });
      return;
    }
    for (const key of keys) {
      const entry = resources
        .find((r) => r.resourceName === this.names[key])
        ?.configEntries.find((e) => e.configName === 'max.message.bytes');
      const value = Number(entry?.configValue);
      if (!Number.isSafeInteger(value) || value <= 0) continue;
      if (this.bytes.get(key) !== value) {
        this.logger.log({ topic: this.names[key], maxMessageBytes: value, msg: 'topic limit' });
      }
      this.bytes.set(key, value);
    }
  }
}
