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
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The input as received. For a role without personal data (analyst): only when it parsed ' +
      'as a JSON object, that JSON re-written with every e-mail and tenant id field, every ' +
      'field of a `requester` but `role`, and e-mail addresses in text "[redacted]"; null ' +
      '(rawWithheld) for anything else, whose bytes cannot be shown safely',
  })
  raw!: string | null;

  @ApiProperty({ description: 'True when `raw` is withheld from this role (not a JSON object)' })
  rawWithheld!: boolean;

  @ApiProperty({ type: 'integer', description: 'Size of the input as received, in bytes' })
  rawBytes!: number;

  @ApiProperty({ description: 'Whether the input parsed as a JSON object' })
  rawJson!: boolean;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  origin!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: { path: { type: 'string' }, message: { type: 'string' } },
    },
    description:
      'Why it was rejected. For a role without personal data a reason about the whole input ' +
      '(path `$`) keeps only its lead-in ("is not valid JSON"): the parser quotes the input',
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
      'duplicate input), personal data redacted as above. For a role without personal data a ' +
      'ticket.rejected record holds eventId, type, version, rejectedAt, sourceEventId, origin, ' +
      'raw, rawWithheld, rawBytes, rawJson and errors as in `rejection`, never `rawBase64`',
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
