import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DecisionSummaryDto } from '../../common/dto/decision-summary.dto';

export class TargetRefDto {
  @ApiProperty({ example: 'indirect-provider' })
  type!: string;

  @ApiProperty({ example: 'provider-7' })
  id!: string;
}

/** The routing of a routed decision, as the routed event carries it (contract "Events out"). */
export class RoutingDto {
  @ApiProperty({ example: 'isv' })
  party!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'type, id, and for an ISV its name, contacts and documentationUrl (C9)',
  })
  target!: Record<string, unknown>;

  @ApiProperty({ type: [TargetRefDto] })
  escalation!: TargetRefDto[];

  @ApiProperty({ example: 'break-fix' })
  category!: string;

  @ApiProperty({ example: 'explicit' })
  categorySource!: string;

  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ type: [String], example: ['C3'] })
  clauses!: string[];

  @ApiProperty({ description: 'One sentence a person can read' })
  rationale!: string;

  @ApiProperty()
  ruleSetVersion!: string;

  @ApiProperty()
  needsReview!: boolean;
}

export class RejectionDto {
  @ApiProperty({ description: 'The input as received (personal data redacted for analysts)' })
  raw!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  origin!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: { path: { type: 'string' }, message: { type: 'string' } },
    },
  })
  errors!: { path: string; message: string }[];
}

export class DecisionDetailDto extends DecisionSummaryDto {
  @ApiProperty({
    type: RoutingDto,
    nullable: true,
    description: 'Routed rows: the decision with rationale, clauses, target and escalation',
  })
  routing!: RoutingDto | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'The ticket.created input (routed and duplicate rows); requester e-mail and tenant id ' +
      'are "[redacted]" unless the role may see personal data',
  })
  input!: Record<string, unknown> | null;

  @ApiProperty({ type: RejectionDto, nullable: true, description: 'Rejected rows: why' })
  rejection!: RejectionDto | null;

  @ApiProperty({
    description:
      'The stored record as the router wrote it (routed event, ticket.rejected record or the ' +
      'duplicate input), personal data redacted as above',
  })
  payload!: unknown;

  @ApiPropertyOptional({
    type: [DecisionSummaryDto],
    description: 'Other rows with the same eventId (duplicates, rejected re-sends), oldest first',
  })
  related!: DecisionSummaryDto[];

  @ApiProperty({ description: 'Whether personal data was redacted for this caller' })
  personalDataRedacted!: boolean;
}

export class TicketHistoryDto {
  @ApiProperty({ example: 'zendesk-emea' })
  source!: string;

  @ApiProperty({ example: 'ZD-88412' })
  ticketId!: string;

  @ApiProperty({ type: [DecisionSummaryDto], description: 'Oldest first' })
  decisions!: DecisionSummaryDto[];

  @ApiProperty({ description: 'True when the ticket has more decisions than returned' })
  truncated!: boolean;
}
