import { AuditDraft, AuditLogWriter } from '@app/audit';
import { Classification, Origin, TicketClassifier } from '@app/classifier';
import { BatchResult, KafkaBatch, OutgoingMessage } from '@app/kafka';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RouterSettings } from '../config/router.settings';
import { RoutedTopics } from '../kafka/routed-topics';
import { RouterMetrics } from '../metrics/router.metrics';
import { auditDraft } from './audit-draft';

/**
 * The use-case behind the tickets consumer: decide every message of a batch, audit the batch
 * in one statement, and return what to publish. The Kafka transport publishes the result and
 * commits the input offsets in one transaction; this service only has to be idempotent for
 * the same input messages, which the audit writer's keys make it.
 */
@Injectable()
export class RoutingService {
  private readonly dlqTopic: string;
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    private readonly classifier: TicketClassifier,
    private readonly audit: AuditLogWriter,
    private readonly metrics: RouterMetrics,
    config: ConfigService<RouterSettings, true>,
    private readonly routedTopics: RoutedTopics,
  ) {
    this.dlqTopic = config.get('TOPIC_DLQ', { infer: true });
  }

  async routeBatch(batch: KafkaBatch): Promise<BatchResult> {
    const receivedAt = new Date();
    const decided = batch.messages.map((message) => {
      const origin: Origin = {
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
      };
      return this.classifier.classify(message.value ?? Buffer.alloc(0), origin);
    });
    const drafts = decided.map((classification, i) =>
      auditDraft(
        classification,
        batch.topic,
        batch.partition,
        batch.messages[i].offset,
        receivedAt,
      ),
    );
    const records = await this.audit.record(drafts);

    const messages: OutgoingMessage[] = [];
    const counts = { routed: {} as Record<string, number>, rejected: 0, duplicates: 0 };
    let replayed = 0;
    records.forEach((record, i) => {
      if (record.payloadJson !== drafts[i].payloadJson && record.outcome !== 'duplicate')
        replayed++;
      if (record.outcome === 'duplicate') {
        counts.duplicates++;
        return;
      }
      const message = this.outgoing(decided[i], record.payloadJson, drafts[i]);
      messages.push(message);
      if (record.outcome === 'routed') {
        const party = message.headers?.party ?? 'unknown';
        counts.routed[party] = (counts.routed[party] ?? 0) + 1;
      } else {
        counts.rejected++;
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
   * What to publish for a message: the stored payload, so a replay after a crash publishes the
   * event the audit row holds, byte for byte, even if the rules changed in between.
   */
  private outgoing(
    classification: Classification,
    payloadJson: string,
    draft: AuditDraft,
  ): OutgoingMessage {
    if (payloadJson === draft.payloadJson) {
      return {
        topic:
          classification.outcome === 'routed'
            ? this.routedTopics.topicOf(
                classification.event.routing.party,
                classification.event.routing.target.id,
              )
            : this.dlqTopic,
        key: classification.key,
        value: payloadJson,
        headers: classification.headers,
      };
    }
    return replayed(payloadJson, classification.key, this.routedTopics, this.dlqTopic);
  }
}

/** Rebuilds topic and headers from a stored payload (a replay of an earlier attempt). */
function replayed(
  payloadJson: string,
  key: string | null,
  routedTopics: RoutedTopics,
  dlqTopic: string,
): OutgoingMessage {
  const stored = JSON.parse(payloadJson) as {
    type: string;
    eventId: string;
    sourceEventId?: string;
    routing?: { party: string; target: { type: string; id: string }; ruleId: string };
  };
  if (stored.type === 'ticket.routed' && stored.routing) {
    const { routing } = stored;
    return {
      topic: routedTopics.topicOf(routing.party, routing.target.id),
      key,
      value: payloadJson,
      headers: {
        eventId: stored.eventId,
        sourceEventId: stored.sourceEventId ?? '',
        party: routing.party,
        targetType: routing.target.type,
        targetId: routing.target.id,
        ruleId: routing.ruleId,
      },
    };
  }
  const headers: Record<string, string> = { eventId: stored.eventId };
  if (stored.sourceEventId) headers.sourceEventId = stored.sourceEventId;
  return { topic: dlqTopic, key, value: payloadJson, headers };
}
