import { TicketCreatedV1 } from '../ticket-created/ticket-created.v1';
import { TicketRejectedV1 } from '../ticket-rejected/ticket-rejected.v1';
import { TicketRoutedV1 } from '../ticket-routed/ticket-routed.v1';
import { TOPICS } from '../topics';
import { JsonSchema, jsonSchemaOf } from './json-schema.generator';

/**
 * The documents committed under docs/ (schemas and AsyncAPI), built from the contract classes.
 * `npm run contracts:docs` writes them; contract-documents.spec.ts fails when they differ.
 */
export function contractSchemas(): Record<string, JsonSchema> {
  return {
    'ticket.created.v1.json': jsonSchemaOf(TicketCreatedV1, {
      id: 'ticket.created.v1.json',
      title: 'ticket.created v1',
      description:
        'A new support ticket from a helpdesk, on support.tickets.new. Unknown fields are tolerated and dropped.',
    }),
    'ticket.routed.v1.json': jsonSchemaOf(TicketRoutedV1, {
      id: 'ticket.routed.v1.json',
      title: 'ticket.routed v1',
      description:
        'A routing decision with the whole input, on the routed topic of its party (partner, isv, microsoft).',
    }),
    'ticket.rejected.v1.json': jsonSchemaOf(TicketRejectedV1, {
      id: 'ticket.rejected.v1.json',
      title: 'ticket.rejected v1',
      description:
        'An input that is not a valid ticket.created v1 event, with every reason, on support.tickets.dlq.',
    }),
  };
}

const ROUTED_HEADERS = ['eventId', 'sourceEventId', 'party', 'targetType', 'targetId', 'ruleId'];
const REJECTED_HEADERS = ['eventId', 'sourceEventId'];

function headers(names: string[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
  };
}

export function asyncApiDocument(): JsonSchema {
  const message = (
    name: string,
    schema: string,
    headerNames: string[] | null,
    summary: string,
  ) => ({
    name,
    title: name,
    summary,
    contentType: 'application/json',
    ...(headerNames ? { headers: headers(headerNames) } : {}),
    bindings: {
      kafka: {
        key: { type: 'string', description: 'source:ticket.id when the input has them' },
      },
    },
    payload: { $ref: `./schemas/${schema}` },
  });
  const routed = message(
    'ticket.routed',
    'ticket.routed.v1.json',
    ROUTED_HEADERS,
    'A routing decision and the ticket it decided.',
  );
  const channels: Record<string, unknown> = {};
  for (const [key, topic] of Object.entries(TOPICS)) {
    const msg =
      topic.event === 'ticket.created'
        ? message('ticket.created', 'ticket.created.v1.json', null, 'A new ticket from a helpdesk.')
        : topic.event === 'ticket.routed'
          ? routed
          : message(
              'ticket.rejected',
              'ticket.rejected.v1.json',
              REJECTED_HEADERS,
              'An input that is not a valid event, with every reason.',
            );
    channels[key] = {
      address: topic.name,
      description: `Default name; the router reads ${topic.setting} to override it. Carries ${topic.event} v${topic.version}.`,
      messages: { [msg.name.replace('.', '-')]: msg },
    };
  }
  const operation = (action: 'send' | 'receive', channel: string, summary: string) => ({
    action,
    channel: { $ref: `#/channels/${channel}` },
    summary,
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Marketplace support ticket router',
      version: '1.0.0',
      description:
        'Routes marketplace support tickets to the responsible party (CSP partner, ISV publisher or Microsoft). Generated from libs/contracts by `npm run contracts:docs`.',
    },
    defaultContentType: 'application/json',
    channels,
    operations: {
      receiveTickets: operation('receive', 'ticketsNew', 'Helpdesks publish new tickets.'),
      sendRoutedPartner: operation('send', 'routedPartner', 'Decisions whose party is partner.'),
      sendRoutedIsv: operation('send', 'routedIsv', 'Decisions whose party is isv.'),
      sendRoutedMicrosoft: operation(
        'send',
        'routedMicrosoft',
        'Decisions whose party is microsoft.',
      ),
      sendRejected: operation('send', 'dlq', 'Inputs that are not valid, with every reason.'),
    },
  };
}
