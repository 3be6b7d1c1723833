import { OfferCatalog } from '@app/catalog';
import { contractSchemas, TicketRoutedV1, validateWithClasses } from '@app/contracts';
import {
  anyTicketInput,
  validTicketCreated,
} from '@app/contracts/testing/ticket-created.arbitraries';
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { RULE_SET_VERSION } from '@app/support-model';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { routedEventId } from './event-ids';
import { Classification, TicketClassifier } from './ticket-classifier';

const catalog = OfferCatalog.fromValue([
  {
    offerId: 'contoso.saas-0',
    publisherId: 'contoso',
    publisherName: 'Contoso Ltd',
    offerName: 'Contoso Cloud Suite',
    azureBased: false,
    contacts: { engineering: 'eng@contoso.example' },
  },
]);
const NOW = new Date('2026-11-23T10:16:00.000Z');
const FILE = { file: 'in.jsonl', line: 3 };
const KAFKA = { topic: 'support.tickets.new', partition: 2, offset: '41' };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const schemas = contractSchemas();
const routedSchema = ajv.compile(schemas['ticket.routed.v1.json']);
const rejectedSchema = ajv.compile(schemas['ticket.rejected.v1.json']);

const routed = (c: Classification) => {
  if (c.outcome !== 'routed') throw new Error(`expected routed, got ${JSON.stringify(c)}`);
  return c;
};
const rejected = (c: Classification) => {
  if (c.outcome !== 'rejected') throw new Error(`expected rejected, got ${JSON.stringify(c)}`);
  return c;
};

describe(TicketClassifier.name, () => {
  const sut = new TicketClassifier(catalog, { now: () => NOW });

  it('routes a valid event with the whole input and the decision', () => {
    const result = routed(sut.classify(JSON.stringify(aTicketCreated()), KAFKA));
    const { routing, ...rest } = result.event;
    expect(rest).toEqual({
      eventId: routedEventId('zendesk-emea', 'evt-1'),
      type: 'ticket.routed',
      version: 1,
      sourceEventId: 'evt-1',
      routedAt: '2026-11-23T10:16:00.000Z',
      source: 'zendesk-emea',
      occurredAt: '2026-11-23T10:15:00Z',
      ticket: { id: 'ZD-1', subject: 'Charged twice', category: 'billing' },
      requester: { role: 'customer' },
      product: { type: 'third-party', offerId: 'contoso.saas-0' },
      channel: { model: 'direct', partnerId: 'p-1' },
    });
    expect(routing).toMatchObject({
      party: 'partner',
      target: { type: 'partner', id: 'p-1' },
      ruleId: 'R4b1',
      ruleSetVersion: RULE_SET_VERSION,
    });
    expect(result.topic).toBe('routedPartner');
  });

  it('keys and labels a routed event so integrations can filter without parsing', () => {
    const result = routed(sut.classify(JSON.stringify(aTicketCreated()), KAFKA));
    expect(result.key).toBe('zendesk-emea:ZD-1');
    expect(result.headers).toEqual({
      eventId: result.event.eventId,
      sourceEventId: 'evt-1',
      party: 'partner',
      targetType: 'partner',
      targetId: 'p-1',
      ruleId: 'R4b1',
    });
  });

  it('gives a replayed event the same routed eventId', () => {
    const line = JSON.stringify(aTicketCreated());
    const first = routed(new TicketClassifier(catalog).classify(line, KAFKA));
    const again = routed(new TicketClassifier(catalog).classify(Buffer.from(line), FILE));
    expect(again.event.eventId).toBe(first.event.eventId);
    expect(first.event.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(routedEventId('zendesk-emea', 'evt-2')).not.toBe(first.event.eventId);
  });

  it('drops unknown fields from the routed event', () => {
    const input = aTicketCreated({ extra: true, product: { type: 'microsoft', secret: 'x' } });
    const result = routed(sut.classify(JSON.stringify(input), FILE));
    expect(result.event).not.toHaveProperty('extra');
    expect(result.event.product).toEqual({ type: 'microsoft' });
  });

  it('rejects text that is not JSON, keeping it as received', () => {
    const result = rejected(sut.classify('{"eventId": "x", ', FILE));
    expect(result.record).toMatchObject({
      type: 'ticket.rejected',
      version: 1,
      rejectedAt: '2026-11-23T10:16:00.000Z',
      origin: FILE,
      raw: '{"eventId": "x", ',
      errors: [{ path: '$', message: expect.stringContaining('is not valid JSON') }],
    });
    expect(result).toMatchObject({
      eventId: null,
      key: null,
      headers: { eventId: result.record.eventId },
    });
  });

  it('rejects an empty line', () => {
    const result = rejected(sut.classify('', FILE));
    expect(result.record.errors).toEqual([
      { path: '$', message: 'is empty: expected a ticket.created JSON object' },
    ]);
  });

  it('rejects bytes that are not UTF-8 and keeps them in base64', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const result = rejected(sut.classify(bytes, KAFKA));
    expect(result.record.rawBase64).toBe(bytes.toString('base64'));
    expect(result.record.errors).toEqual([{ path: '$', message: 'is not valid UTF-8 text' }]);
  });

  it('reads a UTF-8 byte order mark as no part of the JSON', () => {
    expect(sut.classify(`\ufeff${JSON.stringify(aTicketCreated())}`, FILE).outcome).toBe('routed');
  });

  it('rejects an invalid event with every reason, its key and its source eventId', () => {
    const input = aTicketCreated({ version: 2, ticket: { id: 'ZD-9', subject: '' } });
    const result = rejected(sut.classify(JSON.stringify(input), KAFKA));
    expect(result.record.errors).toEqual([
      { path: 'version', message: 'must be 1' },
      { path: 'ticket.subject', message: 'must be a string of 1 to 500 characters' },
    ]);
    expect(result).toMatchObject({ eventId: 'evt-1', key: 'zendesk-emea:ZD-9', topic: 'dlq' });
    expect(result.headers).toEqual({ eventId: result.record.eventId, sourceEventId: 'evt-1' });
    expect(result.record.sourceEventId).toBe('evt-1');
  });

  it('derives the rejected eventId from the origin', () => {
    const a = rejected(sut.classify('nope', KAFKA)).record.eventId;
    expect(rejected(sut.classify('other', KAFKA)).record.eventId).toBe(a);
    expect(rejected(sut.classify('nope', { ...KAFKA, offset: '42' })).record.eventId).not.toBe(a);
  });

  it('turns an unexpected failure into a rejected record instead of throwing', () => {
    const broken = new TicketClassifier(
      {
        findOffer: () => {
          throw new Error('catalog down');
        },
        findPublisherName: () => undefined,
      },
      { now: () => NOW },
    );
    const result = rejected(broken.classify(JSON.stringify(aTicketCreated()), FILE));
    expect(result.record.errors).toEqual([
      { path: '$', message: 'could not be classified: catalog down' },
    ]);
  });

  describe('properties', () => {
    it('gives any line exactly one classification, never throwing, valid against its schema', () => {
      const line = fc.oneof(
        fc.string(),
        fc.fullUnicodeString(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        anyTicketInput.map((v) => JSON.stringify(v)),
        fc.uint8Array().map((b) => Buffer.from(b)),
      );
      fc.assert(
        fc.property(line, (raw) => {
          const result = sut.classify(raw, FILE);
          if (result.outcome === 'routed') {
            expect(routedSchema(JSON.parse(JSON.stringify(result.event)))).toBe(true);
          } else {
            expect(rejectedSchema(JSON.parse(JSON.stringify(result.record)))).toBe(true);
            expect(result.record.errors.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('routes any valid event to exactly one party with a rule and clauses', () => {
      fc.assert(
        fc.property(validTicketCreated, (event) => {
          const result = routed(sut.classify(JSON.stringify(event), FILE));
          const { routing } = result.event;
          expect(['partner', 'isv', 'microsoft']).toContain(routing.party);
          expect(routing.ruleId).toMatch(/^R\d/);
          expect(routing.clauses.length).toBeGreaterThan(0);
          expect(
            validateWithClasses(TicketRoutedV1, JSON.parse(JSON.stringify(result.event))).ok,
          ).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
