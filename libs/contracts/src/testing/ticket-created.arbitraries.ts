import { CATEGORIES, PRODUCT_TYPES, RequesterRole } from '@app/support-model';
import fc from 'fast-check';
import { LIMITS, SEVERITIES } from '../ticket-created/ticket-created.v1';

/**
 * fast-check generators of `ticket.created` v1 events built from the contract: every valid
 * shape (roles with the channel models they allow, optional fields present, absent or null),
 * and broken variants of them. Shared by the property tests and the benchmark.
 */

const id = (max: number) => fc.string({ minLength: 1, maxLength: Math.min(max, 40) });
const text = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.fullUnicodeString({ minLength: min, maxLength: Math.min(max, 60) }),
  );
const optional = <T>(arb: fc.Arbitrary<T>) =>
  fc
    .option(arb, { nil: undefined, freq: 2 })
    .chain((value) =>
      value === undefined ? fc.constantFrom(undefined, null) : fc.constant(value),
    );

const dateTime = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z') })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('.000Z', 'Z'),
      date.toISOString().slice(0, 16) + '+09:00',
      date.toISOString().slice(0, 19),
    ),
  );

const channelFor = (role: RequesterRole) => {
  const direct = fc.record({ model: fc.constant('direct'), partnerId: id(64) });
  const indirect = fc.record({
    model: fc.constant('indirect'),
    resellerId: id(64),
    providerId: id(64),
  });
  switch (role) {
    case 'partner':
      return direct;
    case 'indirect-reseller':
    case 'indirect-provider':
      return indirect;
    case 'customer':
      return fc.oneof(direct, indirect);
    case 'isv':
      return fc.oneof(direct, indirect, fc.constant(undefined), fc.constant(null));
  }
};

export const validTicketCreated = fc
  .constantFrom<RequesterRole>(
    'customer',
    'partner',
    'indirect-reseller',
    'indirect-provider',
    'isv',
  )
  .chain((role) =>
    fc.record(
      {
        eventId: id(LIMITS.eventId),
        type: fc.constant('ticket.created'),
        version: fc.constant(1),
        occurredAt: dateTime,
        source: id(LIMITS.source),
        ticket: fc.record(
          {
            id: id(LIMITS.ticketId),
            subject: text(1, 120),
            description: optional(text(0, 300)),
            category: optional(fc.constantFrom(...CATEGORIES)),
            severity: optional(fc.constantFrom(...SEVERITIES)),
            language: optional(fc.constantFrom('en', 'ko', 'ko-KR', 'en-GB', 'zh-Hant-TW')),
          },
          { requiredKeys: ['id', 'subject'] },
        ),
        requester: fc.record(
          {
            role: fc.constant(role),
            tenantId: optional(fc.uuid()),
            email: optional(fc.constantFrom('ops@contoso.example', 'a.b@mail.co.kr')),
          },
          { requiredKeys: ['role'] },
        ),
        product: fc.record(
          {
            type: fc.constantFrom(...PRODUCT_TYPES),
            offerId: optional(id(60)),
            publisherId: optional(id(60)),
          },
          { requiredKeys: ['type'] },
        ),
        channel: channelFor(role),
      },
      {
        requiredKeys: [
          'eventId',
          'type',
          'version',
          'occurredAt',
          'source',
          'ticket',
          'requester',
          'product',
          'channel',
        ],
      },
    ),
  );

type Json = Record<string, unknown>;

const FIELDS = [
  'eventId',
  'type',
  'version',
  'occurredAt',
  'source',
  'ticket',
  'requester',
  'product',
  'channel',
  'ticket.id',
  'ticket.subject',
  'ticket.description',
  'ticket.category',
  'ticket.severity',
  'ticket.language',
  'requester.role',
  'requester.tenantId',
  'requester.email',
  'product.type',
  'product.offerId',
  'product.publisherId',
  'channel.model',
  'channel.partnerId',
  'channel.resellerId',
  'channel.providerId',
] as const;

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    0,
    1,
    '1',
    true,
    [],
    {},
    [1, 2],
    'ticket.created',
    'direct',
    'indirect',
    'isv',
    'partner',
    'customer',
    'billing',
    'yesterday',
    '2026-02-30T10:00:00Z',
    '2026-11-23T10:15:00Z',
    'not-an-address',
    'x'.repeat(LIMITS.eventId + 1),
    's'.repeat(LIMITS.subject + 1),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    node = (node as Json)[key];
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const last = keys[keys.length - 1];
  if (value === undefined) delete (node as Json)[last];
  else (node as Json)[last] = value;
}

/** A valid event with one to four fields removed or replaced, and sometimes extra keys. */
export const brokenTicketCreated = fc
  .tuple(
    validTicketCreated,
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), oddValue), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([valid, edits, extras]) => {
    // JSON round trip: a plain, independent copy, as the validators see parsed input.
    const event = JSON.parse(JSON.stringify(valid)) as Json;
    // Each edit gets its own copy: a value shared by two paths would make a cycle, which
    // parsed JSON never has.
    for (const [path, value] of edits) {
      setPath(event, path, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
    }
    const text = JSON.stringify(event);
    return JSON.parse(
      extras ? text.replace(/^\{/, '{"__proto__":{"polluted":true},"extra":[1],') : text,
    ) as unknown;
  });

/** Any JSON a producer might send: valid, broken, or anything at all. */
export const anyTicketInput = fc.oneof(
  validTicketCreated.map((e) => JSON.parse(JSON.stringify(e)) as unknown),
  brokenTicketCreated,
  fc.jsonValue(),
);
