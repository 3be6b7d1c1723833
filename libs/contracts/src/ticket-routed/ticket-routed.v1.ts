import {
  CATEGORIES,
  Category,
  CATEGORY_SOURCES,
  CategorySource,
  ClauseId,
  Decision,
  PARTIES,
  Party,
  TARGET_TYPES,
  TargetType,
} from '@app/support-model';
import {
  BoundedString,
  Exactly,
  IsBoolean,
  IsNumberValue,
  IsoDateTime,
  Nested,
  NestedArray,
  OneOf,
  Optional,
  Required,
  StringArray,
} from '../validation/contract-decorators';
import { ChannelV1, ProductV1, RequesterV1, TicketV1 } from '../ticket-created/ticket-created.v1';

/** `ticket.routed` v1: a decision, on the routed topic of its party (contract.md). */
export const TICKET_ROUTED_TYPE = 'ticket.routed';

export class IsvContactsV1 {
  @Optional()
  @BoundedString(0)
  engineering?: string;

  @Optional()
  @BoundedString(0)
  customerSupport?: string;

  @Optional()
  @BoundedString(0)
  cspProgram?: string;
}

export class TargetRefV1 {
  @Required()
  @OneOf(TARGET_TYPES)
  type!: TargetType;

  @Required()
  @BoundedString(0)
  id!: string;
}

export class TargetV1 extends TargetRefV1 {
  @Optional()
  @BoundedString(0)
  name?: string;

  @Optional()
  @Nested(() => IsvContactsV1)
  contacts?: IsvContactsV1;

  @Optional()
  @BoundedString(0)
  documentationUrl?: string;
}

export class TermMatchV1 {
  @Required()
  @OneOf(CATEGORIES)
  category!: Category;

  @Required()
  @BoundedString(1)
  term!: string;

  @Required()
  @OneOf(['subject', 'description'])
  field!: 'subject' | 'description';

  @Required()
  @IsNumberValue()
  weight!: number;
}

export class RoutingV1 {
  @Required()
  @OneOf(PARTIES)
  party!: Party;

  @Required()
  @Nested(() => TargetV1)
  target!: TargetV1;

  @Required()
  @NestedArray(() => TargetRefV1)
  escalation!: TargetRefV1[];

  @Required()
  @OneOf(CATEGORIES)
  category!: Category;

  @Required()
  @OneOf(CATEGORY_SOURCES)
  categorySource!: CategorySource;

  @Required()
  @BoundedString(1)
  ruleId!: string;

  @Required()
  @StringArray('^C[1-9]$')
  clauses!: ClauseId[];

  @Required()
  @BoundedString(1)
  rationale!: string;

  @Required()
  @BoundedString(1)
  ruleSetVersion!: string;

  /** Added to v1 (optional): the version of the offer catalog the decision used. */
  @Optional()
  @BoundedString(1, 64)
  catalogVersion?: string;

  @Required()
  @IsBoolean()
  needsReview!: boolean;

  /** Added to v1 (optional): what an analyst should know about the decision. */
  @Optional()
  @StringArray()
  notes?: string[];

  /** Added to v1 (optional): the terms that decided an inferred category. */
  @Optional()
  @NestedArray(() => TermMatchV1)
  matchedTerms?: TermMatchV1[];
}

export class TicketRoutedV1 {
  @Required()
  @BoundedString(1)
  eventId!: string;

  @Required()
  @Exactly(TICKET_ROUTED_TYPE)
  type!: typeof TICKET_ROUTED_TYPE;

  @Required()
  @Exactly(1)
  version!: 1;

  @Required()
  @BoundedString(1, 128)
  sourceEventId!: string;

  @Required()
  @IsoDateTime()
  routedAt!: string;

  @Required()
  @BoundedString(1, 64)
  source!: string;

  @Required()
  @IsoDateTime()
  occurredAt!: string;

  @Required()
  @Nested(() => TicketV1)
  ticket!: TicketV1;

  @Required()
  @Nested(() => RequesterV1)
  requester!: RequesterV1;

  @Required()
  @Nested(() => ProductV1)
  product!: ProductV1;

  @Optional()
  @Nested(() => ChannelV1)
  channel?: ChannelV1;

  @Required()
  @Nested(() => RoutingV1)
  routing!: RoutingV1;
}

// A decision is the routing object: this fails to compile if they drift apart.
export const decisionIsRouting = (decision: Decision): RoutingV1 => decision;
