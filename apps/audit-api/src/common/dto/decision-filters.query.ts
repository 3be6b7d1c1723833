import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import {
  CATEGORIES,
  CATEGORY_SOURCES,
  DecisionFilters,
  OUTCOMES,
  PARTIES,
  PUBLISHED_OUTCOMES,
  TARGET_TYPES,
} from '../../persistence/audit-record';
import { IsAfter, IsIdText, IsTimestamp, parseTimestamp, ToBoolean } from '../validation';

/** What the search, stats and export endpoints count, for their OpenAPI descriptions. */
export const COUNTED_ROWS =
  `Only rows whose outcome the router published (${PUBLISHED_OUTCOMES.join(', ')}) are ` +
  'searched, counted and exported, unless `outcome` names one or `includeUnpublished=true`: a ' +
  '`duplicate` row (a re-sent eventId) was published nowhere.';

const oneOf = (values: readonly string[]) => ({
  message: (args: { property: string }) => `${args.property} must be one of ${values.join(', ')}`,
});

/** The filters every search, stats and export endpoint takes; all optional, combined with AND. */
export class DecisionFiltersQuery {
  @ApiPropertyOptional({
    description:
      'Decided at or after this time (ISO-8601 with a time zone, or a date: UTC midnight)',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({
    description: 'Decided before this time (exclusive); must be later than `from`',
    example: '2026-11-08T00:00:00Z',
  })
  @IsOptional()
  @IsTimestamp()
  @IsAfter('from')
  to?: string;

  @ApiPropertyOptional({ enum: PARTIES, description: 'The responsible party' })
  @IsOptional()
  @IsIn(PARTIES, oneOf(PARTIES))
  party?: string;

  @ApiPropertyOptional({ enum: TARGET_TYPES, description: 'The target type inside the party' })
  @IsOptional()
  @IsIn(TARGET_TYPES, oneOf(TARGET_TYPES))
  targetType?: string;

  @ApiPropertyOptional({
    description: 'The target id (partner, reseller, provider or publisher id; `microsoft`)',
    maxLength: 128,
    example: 'contoso',
  })
  @IsOptional()
  @IsIdText(128)
  targetId?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, oneOf(CATEGORIES))
  category?: string;

  @ApiPropertyOptional({
    enum: CATEGORY_SOURCES,
    description: 'Whether the ticket carried its category, it was inferred, or defaulted',
  })
  @IsOptional()
  @IsIn(CATEGORY_SOURCES, oneOf(CATEGORY_SOURCES))
  categorySource?: string;

  @ApiPropertyOptional({ description: 'The decision rule that decided', maxLength: 64 })
  @IsOptional()
  @IsIdText(64)
  ruleId?: string;

  @ApiPropertyOptional({
    enum: OUTCOMES,
    description:
      `Only this outcome (any, \`duplicate\` included). Without it only the outcomes the router ` +
      `published count: ${PUBLISHED_OUTCOMES.join(', ')}`,
  })
  @IsOptional()
  @IsIn(OUTCOMES, oneOf(OUTCOMES))
  outcome?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'true: also rows that published nothing (`duplicate`: a re-sent eventId, not routed ' +
      `again). Without it, and without \`outcome\`, only ${PUBLISHED_OUTCOMES.join(' and ')} ` +
      'rows are searched, counted and exported',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'includeUnpublished must be true or false' })
  includeUnpublished?: boolean;

  @ApiPropertyOptional({
    description: 'The emitting helpdesk',
    maxLength: 64,
    example: 'zendesk-emea',
  })
  @IsOptional()
  @IsIdText(64)
  source?: string;

  @ApiPropertyOptional({ description: "The helpdesk's ticket id", maxLength: 128 })
  @IsOptional()
  @IsIdText(128)
  ticketId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Decisions marked for review (true / false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'needsReview must be true or false' })
  needsReview?: boolean;

  @ApiPropertyOptional({ description: 'The rule-set version that decided', maxLength: 64 })
  @IsOptional()
  @IsIdText(64)
  ruleSetVersion?: string;
}

/**
 * The validated query as the repository's filters. Every search, stats and export endpoint
 * goes through here: this is where the published-outcomes rule (PUBLISHED_OUTCOMES) applies.
 */
export function toDecisionFilters(q: DecisionFiltersQuery): DecisionFilters {
  return {
    from: q.from === undefined ? undefined : parseTimestamp(q.from),
    to: q.to === undefined ? undefined : parseTimestamp(q.to),
    party: q.party,
    targetType: q.targetType,
    targetId: q.targetId,
    category: q.category,
    categorySource: q.categorySource,
    ruleId: q.ruleId,
    outcome: q.outcome ?? (q.includeUnpublished === true ? undefined : PUBLISHED_OUTCOMES),
    source: q.source,
    ticketId: q.ticketId,
    needsReview: q.needsReview,
    ruleSetVersion: q.ruleSetVersion,
  };
}
