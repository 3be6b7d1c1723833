/**
 * The topics of the public contract (../shared/docs/contract.md), each with the event type and
 * version it carries. The names are defaults: the router reads TOPIC_* settings to override
 * them, and an incompatible event version gets a new topic rather than a changed one.
 */
export const TOPICS = {
  ticketsNew: {
    name: 'support.tickets.new',
    setting: 'TOPIC_TICKETS_NEW',
    event: 'ticket.created',
    version: 1,
  },
  routedPartner: {
    name: 'support.tickets.routed.partner',
    setting: 'TOPIC_ROUTED_PARTNER',
    event: 'ticket.routed',
    version: 1,
  },
  routedIsv: {
    name: 'support.tickets.routed.isv',
    setting: 'TOPIC_ROUTED_ISV',
    event: 'ticket.routed',
    version: 1,
  },
  routedMicrosoft: {
    name: 'support.tickets.routed.microsoft',
    setting: 'TOPIC_ROUTED_MICROSOFT',
    event: 'ticket.routed',
    version: 1,
  },
  dlq: { name: 'support.tickets.dlq', setting: 'TOPIC_DLQ', event: 'ticket.rejected', version: 1 },
} as const;

export type TopicKey = keyof typeof TOPICS;

/** The routed topic of each party. */
export const ROUTED_TOPIC_BY_PARTY = {
  partner: 'routedPartner',
  isv: 'routedIsv',
  microsoft: 'routedMicrosoft',
} as const satisfies Record<'partner' | 'isv' | 'microsoft', TopicKey>;
