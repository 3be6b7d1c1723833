import { ApiProperty } from '@nestjs/swagger';
import {
  AuditRecordSummary,
  CATEGORIES,
  CATEGORY_SOURCES,
  OUTCOMES,
  PARTIES,
  TARGET_TYPES,
} from '../../persistence/audit-record';

/** One audit row without its payload (search results, ticket history, related records). */
export class DecisionSummaryDto {
  @ApiProperty({
    description: 'Row id (ascending in the order the router wrote rows)',
    example: '1042',
  })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The input's eventId (null: not readable)",
  })
  eventId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'zendesk-emea' })
  source!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ZD-88412' })
  ticketId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  occurredAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  decidedAt!: string;

  @ApiProperty({ example: 'support.tickets.new' })
  inputTopic!: string;

  @ApiProperty({ type: 'integer' })
  inputPartition!: number;

  @ApiProperty({ description: 'Kafka offset (a string: it can exceed 2^53)', example: '88123' })
  inputOffset!: string;

  @ApiProperty({ enum: OUTCOMES })
  outcome!: string;

  @ApiProperty({ enum: PARTIES, nullable: true })
  party!: string | null;

  @ApiProperty({ enum: TARGET_TYPES, nullable: true })
  targetType!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'contoso' })
  targetId!: string | null;

  @ApiProperty({ enum: CATEGORIES, nullable: true })
  category!: string | null;

  @ApiProperty({ enum: CATEGORY_SOURCES, nullable: true })
  categorySource!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'customer' })
  requesterRole!: string | null;

  @ApiProperty({ type: String, nullable: true })
  ruleId!: string | null;

  @ApiProperty({ type: [String], nullable: true, example: ['C2', 'C3'] })
  clauses!: string[] | null;

  @ApiProperty({ type: String, nullable: true })
  ruleSetVersion!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Version of the offer catalog the decision used (routed decisions)',
  })
  catalogVersion!: string | null;

  @ApiProperty()
  needsReview!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'For a duplicate: the routed row' })
  duplicateOfId!: string | null;
}

export function toSummaryDto(r: AuditRecordSummary): DecisionSummaryDto {
  return {
    id: r.id,
    eventId: r.eventId,
    source: r.source,
    ticketId: r.ticketId,
    occurredAt: r.occurredAt?.toISOString() ?? null,
    receivedAt: r.receivedAt.toISOString(),
    decidedAt: r.decidedAt.toISOString(),
    inputTopic: r.inputTopic,
    inputPartition: r.inputPartition,
    inputOffset: r.inputOffset,
    outcome: r.outcome,
    party: r.party,
    targetType: r.targetType,
    targetId: r.targetId,
    category: r.category,
    categorySource: r.categorySource,
    requesterRole: r.requesterRole,
    ruleId: r.ruleId,
    clauses: r.clauses,
    ruleSetVersion: r.ruleSetVersion,
    catalogVersion: r.catalogVersion,
    needsReview: r.needsReview,
    duplicateOfId: r.duplicateOfId,
  };
}
