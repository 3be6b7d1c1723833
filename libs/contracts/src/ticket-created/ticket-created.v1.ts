import {
  CATEGORIES,
  Category,
  CHANNEL_MODELS,
  ChannelModel,
  PRODUCT_TYPES,
  ProductType,
  REQUESTER_ROLES,
  RequesterRole,
  SupportTicket,
} from '@app/support-model';
import {
  BoundedString,
  Exactly,
  IsoDateTime,
  Nested,
  OneOf,
  Optional,
  PatternString,
  Required,
  RequiredWhen,
  ValueAllowedFor,
} from '../validation/contract-decorators';
import { EMAIL_PATTERN, LANGUAGE_TAG_PATTERN } from '../validation/formats';

/** `ticket.created` v1: what a helpdesk puts on support.tickets.new (contract.md). */
export const TICKET_CREATED_TYPE = 'ticket.created';

export const SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LIMITS = {
  eventId: 128,
  source: 64,
  ticketId: 128,
  subject: 500,
  description: 32_768,
  // Ids that become a routed event's target (a Kafka header, the audit row's target_id
  // column) or sit beside it: bounded so that no valid event can outgrow its topic or row.
  tenantId: 128,
  email: 254,
  offerId: 128,
  publisherId: 128,
  partnerId: 128,
  resellerId: 128,
  providerId: 128,
} as const;

/** support-model.md "Inputs that are not valid": roles that fix the channel model. */
export const CHANNEL_MODELS_BY_ROLE: Readonly<
  Partial<Record<RequesterRole, readonly ChannelModel[]>>
> = {
  partner: ['direct'],
  'indirect-reseller': ['indirect'],
  'indirect-provider': ['indirect'],
};

export class TicketV1 {
  @Required()
  @BoundedString(1, LIMITS.ticketId)
  id!: string;

  @Required()
  @BoundedString(1, LIMITS.subject)
  subject!: string;

  @Optional()
  @BoundedString(0, LIMITS.description)
  description?: string;

  @Optional()
  @OneOf(CATEGORIES)
  category?: Category;

  @Optional()
  @OneOf(SEVERITIES)
  severity?: Severity;

  @Optional()
  @PatternString(LANGUAGE_TAG_PATTERN, 'a BCP 47 language tag such as en or ko-KR')
  language?: string;
}

export class RequesterV1 {
  @Required()
  @OneOf(REQUESTER_ROLES)
  role!: RequesterRole;

  @Optional()
  @BoundedString(0, LIMITS.tenantId)
  tenantId?: string;

  @Optional()
  @PatternString(EMAIL_PATTERN, 'an e-mail address')
  email?: string;
}

export class ProductV1 {
  @Required()
  @OneOf(PRODUCT_TYPES)
  type!: ProductType;

  @Optional()
  @BoundedString(1, LIMITS.offerId)
  offerId?: string;

  @Optional()
  @BoundedString(1, LIMITS.publisherId)
  publisherId?: string;
}

export class ChannelV1 {
  @Required()
  @OneOf(CHANNEL_MODELS)
  model!: ChannelModel;

  @RequiredWhen({ path: 'model', in: ['direct'] }, 'channel.model')
  @BoundedString(1, LIMITS.partnerId)
  partnerId?: string;

  @RequiredWhen({ path: 'model', in: ['indirect'] }, 'channel.model')
  @BoundedString(1, LIMITS.resellerId)
  resellerId?: string;

  @RequiredWhen({ path: 'model', in: ['indirect'] }, 'channel.model')
  @BoundedString(1, LIMITS.providerId)
  providerId?: string;
}

export class TicketCreatedV1 {
  @Required()
  @BoundedString(1, LIMITS.eventId)
  eventId!: string;

  @Required()
  @Exactly(TICKET_CREATED_TYPE)
  type!: typeof TICKET_CREATED_TYPE;

  @Required()
  @Exactly(1)
  version!: 1;

  @Required()
  @IsoDateTime()
  occurredAt!: string;

  @Required()
  @BoundedString(1, LIMITS.source)
  source!: string;

  @Required()
  @Nested(() => TicketV1)
  ticket!: TicketV1;

  @Required()
  @Nested(() => RequesterV1)
  requester!: RequesterV1;

  @Required()
  @Nested(() => ProductV1)
  product!: ProductV1;

  @RequiredWhen({ path: 'requester.role', notIn: ['isv'] })
  @Nested(() => ChannelV1)
  @ValueAllowedFor('model', 'requester.role', CHANNEL_MODELS_BY_ROLE)
  channel?: ChannelV1;
}

// The engine decides on validated events directly: this fails to compile if they drift apart.
export const ticketCreatedIsSupportTicket = (event: TicketCreatedV1): SupportTicket => event;
