import { AuditDraft, auditDraft, AuditLogWriter, AuditRecord } from '@app/audit';
import {
  Classification,
  Origin,
  OutputTopics,
  publicationOf,
  publicationOfStored,
  TicketClassifier,
} from '@app/classifier';
import { BatchResult, KafkaBatch, OutgoingMessage } from '@app/kafka';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { KafkaMessage } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { RoutedTopics } from '../kafka/routed-topics';
import { TopicLimits } from '../kafka/topic-limits';
import { RouterMetrics } from '../metrics/router.metrics';

/** Longest failure text a last-resort dead-letter record quotes. */
const MAX_REASON_CHARS = 500;

/**
 * The use-case behind the tickets consumer: decide every message of a batch, audit the batch
 * in one statement, and return what to publish. The Kafka transport publishes the result and
 * commits the input offsets in one transaction; this service only has to be idempotent for
 * the same input messages, which the audit writer's keys make it.
 */
@Injectable()
export class RoutingService {
  private readonly topics: OutputTopics;
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    private readonly classifier: TicketClassifier,
    private readonly audit: AuditLogWriter,
    private readonly metrics: RouterMetrics,
    private readonly limits: TopicLimits,
    config: ConfigService<RouterSettings, true>,
    routedTopics: RoutedTopics,
  ) {
    this.topics = {
      // The party's shared topic, or the target's own (TOPIC_ROUTED_PER_TARGET).
      routed: (party, targetId) => routedTopics.topicOf(party, targetId),
      dlq: config.get('TOPIC_DLQ', { infer: true }),
    };
  }

  async routeBatch(batch: KafkaBatch, attempt = 1): Promise<BatchResult> {
    if (batch.lastResort) return this.deadLetterBatch(batch, batch.lastResort);
    // A failed try may have met a topic limit that changed: read the limits again first.
    if (attempt > 1) await this.limits.refresh();
    const receivedAt = new Date();
    const decided = batch.messages.map((message) =>
      this.classifier.classify(message.value ?? Buffer.alloc(0), origin(batch, message)),
    );
    const drafts = decided.map((c, i) => this.draft(c, batch, batch.messages[i], receivedAt));
    const records = await this.audit.record(drafts);
    await this.deadLetterConflicts(batch, decided, drafts, records, receivedAt);

    const messages: OutgoingMessage[] = [];
    const counts = { routed: {} as Record<string, number>, rejected: 0, duplicates: 0 };
    let replayed = 0;
    records.forEach((record, i) => {
      if (record.kind === 'duplicate' || record.kind === 'conflict') {
        counts.duplicates++;
        return;
      }
      let message: OutgoingMessage;
      if (record.kind === 'written') message = publicationOf(decided[i], this.topics);
      else {
        replayed++;
        message = publicationOfStored(record.payloadJson, decided[i].key, this.topics);
      }
      messages.push(message);
      if (message.topic === this.topics.dlq) counts.rejected++;
      else {
        const party = message.headers?.party ?? 'unknown';
        counts.routed[party] = (counts.routed[party] ?? 0) + 1;
      }
    });
    if (replayed > 0) {
      // An earlier attempt audited these but its transaction did not commit (crash, fencing).
      this.logger.log({
        msg: 'republishing stored decisions',
        topic: batch.topic,
        partition: batch.partition,
        replayed,
      });
    }
    return { messages, onCommitted: () => this.metrics.recordDecisions(counts) };
  }

  /**
   * The same eventId from the same source with another body: never silent. The input goes to
   * the dead-letter topic with the reason (the first event stays routed as it was).
   */
  private async deadLetterConflicts(
    batch: KafkaBatch,
    decided: Classification[],
    drafts: AuditDraft[],
    records: AuditRecord[],
    receivedAt: Date,
  ): Promise<void> {
    const conflicts = records.flatMap((r, i) => (r.kind === 'conflict' ? [i] : []));
    if (conflicts.length === 0) return;
    for (const i of conflicts) {
      const record = records[i] as Extract<AuditRecord, { kind: 'conflict' }>;
      const message = batch.messages[i];
      decided[i] = this.classifier.deadLetter(message.value ?? '', origin(batch, message), [
        {
          path: 'eventId',
          message:
            `was already routed for this source with a different event (audit row ` +
            `${record.originalId}); a re-sent event must repeat the same body, a new event needs a new eventId`,
        },
      ]);
      drafts[i] = this.draft(decided[i], batch, message, receivedAt);
    }
    const written = await this.audit.record(conflicts.map((i) => drafts[i]));
    conflicts.forEach((i, j) => (records[i] = written[j]));
  }

  /**
   * The last resort for messages that could not be published (a transport's bounded retries
   * ran out and the broker and database answer): each becomes a dead-letter record that only
   * says why, with as much of the input as fits, and overwrites whatever an earlier attempt
   * audited for it.
   */
  private async deadLetterBatch(
    batch: KafkaBatch,
    failure: { reason: string; attempts: number },
  ): Promise<BatchResult> {
    const receivedAt = new Date();
    const reason = failure.reason.slice(0, MAX_REASON_CHARS).toWellFormed();
    const decided = batch.messages.map((message) =>
      this.classifier.deadLetter(message.value ?? '', origin(batch, message), [
        {
          path: '$',
          message: `could not be routed or published after ${failure.attempts} attempts: ${reason}`,
        },
      ]),
    );
    await this.audit.overwrite(
      decided.map((c, i) => this.draft(c, batch, batch.messages[i], receivedAt)),
    );
    this.logger.warn({
      msg: 'dead-lettered messages that could not be published',
      topic: batch.topic,
      partition: batch.partition,
      offsets: batch.messages.map((m) => m.offset),
      reason,
    });
    return {
      messages: decided.map((c) => publicationOf(c, this.topics)),
      onCommitted: () => this.metrics.recordLastResort(decided.length),
    };
  }

  private draft(
    classification: Classification,
    batch: KafkaBatch,
    message: KafkaMessage,
    receivedAt: Date,
  ): AuditDraft {
    return auditDraft(classification, batch.topic, batch.partition, message.offset, receivedAt);
  }
}

function origin(batch: KafkaBatch, message: KafkaMessage): Origin {
  return { topic: batch.topic, partition: batch.partition, offset: message.offset };
}
