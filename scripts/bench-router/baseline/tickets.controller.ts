import { auditDraft, AuditEventEntity } from '@app/audit';
import { Origin, TicketClassifier } from '@app/classifier';
import { Controller, Inject, OnModuleInit } from '@nestjs/common';
import { ClientKafka, Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { lastValueFrom } from 'rxjs';
import { Repository } from 'typeorm';
import { ROUTED_CLIENT, setting } from './baseline.settings';

const routedTopics: Record<string, string> = {
  partner: setting('TOPIC_ROUTED_PARTNER'),
  isv: setting('TOPIC_ROUTED_ISV'),
  microsoft: setting('TOPIC_ROUTED_MICROSOFT'),
};
const dlqTopic = setting('TOPIC_DLQ');

/**
 * The baseline of `npm run bench`: the consumer as the NestJS Kafka docs show it. The stock
 * ServerKafka hands over one message at a time; per message the handler decides with the same
 * TicketClassifier as the router, saves one audit row with `repository.save` and emits the
 * routed event (or dead-letter record) with `ClientKafka.emit`, awaited with `lastValueFrom`.
 * The row holds what the router's row holds (same `auditDraft`).
 */
@Controller()
export class TicketsController implements OnModuleInit {
  constructor(
    private readonly classifier: TicketClassifier,
    @InjectRepository(AuditEventEntity) private readonly audit: Repository<AuditEventEntity>,
    @Inject(ROUTED_CLIENT) private readonly client: ClientKafka,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.client.connect();
  }

  @EventPattern(setting('TOPIC_TICKETS_NEW'))
  async handle(@Payload() payload: unknown, @Ctx() context: KafkaContext): Promise<void> {
    const origin: Origin = {
      topic: context.getTopic(),
      partition: context.getPartition(),
      offset: context.getMessage().offset,
    };
    // Nest's Kafka parser has already parsed a value that looks like JSON: give the
    // classifier text again (a value that did not parse arrives as the string itself).
    const raw =
      payload === null || payload === undefined
        ? ''
        : typeof payload === 'string'
          ? payload
          : JSON.stringify(payload);
    const classification = this.classifier.classify(raw, origin);
    const draft = auditDraft(
      classification,
      origin.topic,
      origin.partition,
      origin.offset,
      new Date(),
    );

    await this.audit.save(
      this.audit.create({
        eventId: draft.eventId,
        dedupKey: draft.outcome === 'routed' ? draft.routedEventId : null,
        source: draft.source,
        ticketId: draft.ticketId,
        occurredAt: draft.occurredAt,
        receivedAt: draft.receivedAt,
        decidedAt: draft.decidedAt,
        inputTopic: draft.inputTopic,
        inputPartition: draft.inputPartition,
        inputOffset: draft.inputOffset,
        outcome: draft.outcome,
        party: draft.party,
        targetType: draft.targetType,
        targetId: draft.targetId,
        category: draft.category,
        categorySource: draft.categorySource,
        requesterRole: draft.requesterRole,
        ruleId: draft.ruleId,
        clauses: draft.clauses,
        ruleSetVersion: draft.ruleSetVersion,
        needsReview: draft.needsReview,
        duplicateOfId: null,
        payload: classification.outcome === 'routed' ? classification.event : classification.record,
      }),
    );

    const topic =
      classification.outcome === 'routed'
        ? routedTopics[classification.event.routing.party]
        : dlqTopic;
    await lastValueFrom(
      this.client.emit(topic, {
        key: classification.key,
        value: draft.payloadJson,
        headers: classification.headers,
      }),
    );
  }
}
