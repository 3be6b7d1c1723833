import { OfferCatalog } from '@app/catalog';
import { validateWithClasses, TicketCreatedV1, validateTicketCreatedV1 } from '@app/contracts';
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { fitDeadLetter, jsonPrefix, MessageLimits, recordBytes } from './message-size';
import { sameTicketCreated } from './same-ticket';
import { Classification, TicketClassifier } from './ticket-classifier';

// Inputs that once stopped the router (issue "One message must never stop the router"): each
// must end as a routed event or a dead-letter record that fits its topic and MySQL's JSON.
const catalog = OfferCatalog.fromValue([]);
const KAFKA = { topic: 'support.tickets.new', partition: 0, offset: '7' };
const sut = new TicketClassifier(catalog);

const rejected = (c: Classification) => {
  if (c.outcome !== 'rejected') throw new Error(`expected rejected, got ${c.outcome}`);
  return c;
};
const bytes = (s: string) => Buffer.byteLength(s);
/** What MariaDB's JSON check and a UTF-8 consumer need: no \ud800-\udfff escape left alone. */
const LONE_SURROGATE_ESCAPE = /(?<!\\)(\\\\)*\\ud[89a-f][0-9a-f]{2}/i;

describe('poison inputs', () => {
  it('rejects a subject that ends in an unpaired surrogate, naming the field', () => {
    const subject = ('Refund please '.padEnd(499, '.') + '😀').slice(0, 500);
    const c = rejected(
      sut.classify(JSON.stringify(aTicketCreated({ ticket: { id: 'T', subject } })), KAFKA),
    );
    expect(c.record.errors).toEqual([
      {
        path: 'ticket.subject',
        message: 'must be well-formed Unicode text (it contains an unpaired UTF-16 surrogate)',
      },
    ]);
    expect(c.json.isWellFormed()).toBe(true);
  });

  it('agrees with the contract classes on unpaired surrogates in every kind of field', () => {
    for (const input of [
      aTicketCreated({ eventId: 'evt-\ud800' }),
      aTicketCreated({ requester: { role: 'customer', email: 'a\udc00@b.example' } }),
      aTicketCreated({ ticket: { id: 'T', subject: 'x', language: 'en' }, source: '\udbff' }),
      aTicketCreated({ channel: { model: 'direct', partnerId: 'p\ud83d' } }),
    ]) {
      const fast = validateTicketCreatedV1(input);
      expect(fast.ok).toBe(false);
      expect(fast).toEqual(validateWithClasses(TicketCreatedV1, input));
    }
  });

  it('keeps the dead-letter record of an invalid input with a lone-surrogate eventId storable', () => {
    const raw = '{"eventId":"bad-\\ud83d","type":"ticket.created"}';
    const c = rejected(sut.classify(raw, KAFKA));
    expect(c.record.raw).toBe(raw);
    expect(c.eventId).toBe('bad-\ufffd');
    expect(c.headers.sourceEventId).toBe('bad-\ufffd');
    expect(c.json).not.toMatch(LONE_SURROGATE_ESCAPE);
  });

  it.each([
    ['channel.partnerId', { channel: { model: 'direct', partnerId: 'p'.repeat(600_000) } }],
    ['product.publisherId', { product: { type: 'third-party', publisherId: 'x'.repeat(129) } }],
    ['product.offerId', { product: { type: 'third-party', offerId: 'x'.repeat(129) } }],
    ['requester.tenantId', { requester: { role: 'customer', tenantId: 't'.repeat(129) } }],
    ['requester.email', { requester: { role: 'customer', email: `${'a'.repeat(250)}@b.example` } }],
    [
      'ticket.language',
      { ticket: { id: 'T', subject: 's', language: `en${'-abcdefgh'.repeat(8)}` } },
    ],
  ])('bounds %s, which reaches a header, a column or the event size', (path, overrides) => {
    const c = rejected(sut.classify(JSON.stringify(aTicketCreated(overrides)), KAFKA));
    expect(c.record.errors.map((e) => e.path)).toEqual([path]);
  });

  it('rejects a UTC offset that is not one (+99:99)', () => {
    const c = rejected(
      sut.classify(
        JSON.stringify(aTicketCreated({ occurredAt: '2026-11-23T10:15:00+99:99' })),
        KAFKA,
      ),
    );
    expect(c.record.errors.map((e) => e.path)).toEqual(['occurredAt']);
  });

  it('dead-letters a routed event that its topic cannot take, saying why', () => {
    const limits: MessageLimits = { maxBytes: (t) => (t === 'dlq' ? 1_048_588 : 4_000) };
    const small = new TicketClassifier(catalog, { limits });
    const input = aTicketCreated({
      ticket: { id: 'T', subject: 's', description: 'd'.repeat(5_000) },
    });
    const c = rejected(small.classify(JSON.stringify(input), KAFKA));
    expect(c.record.errors).toEqual([
      {
        path: '$',
        message: expect.stringMatching(
          /^makes a routed event of \d+ bytes, more than the 4000 bytes \(max\.message\.bytes\) its topic takes$/,
        ),
      },
    ]);
    expect(c.record.raw).toBe(JSON.stringify(input));
  });

  it.each([
    ['a 980 KB input into a DLQ kept at the broker default', 1_048_588, '"\\'.repeat(330_000)],
    ['a 300 KB input into a 64 KiB DLQ', 65_536, 'x'.repeat(300_000)],
  ])('cuts %s so that the record fits', (_name, dlqBytes, body) => {
    const limits: MessageLimits = { maxBytes: (t) => (t === 'dlq' ? dlqBytes : 1_048_588) };
    const c = rejected(new TicketClassifier(catalog, { limits }).classify(body, KAFKA));
    expect(recordBytes(c.json, c.key, c.headers)).toBeLessThanOrEqual(dlqBytes);
    const published = JSON.parse(c.json) as {
      raw: string;
      rawTruncated: boolean;
      rawBytes: number;
    };
    expect(published.rawTruncated).toBe(true);
    expect(published.rawBytes).toBe(bytes(body));
    expect(body.startsWith(published.raw)).toBe(true);
    expect(published.raw.length).toBeGreaterThan(0);
  });

  it('cuts the base64 of a large non-UTF-8 input too (8 MB of Latin-1 into an 8 MiB DLQ)', () => {
    const latin1 = Buffer.alloc(8_000_000, 0xe9);
    const limits: MessageLimits = { maxBytes: () => 8 * 1024 * 1024 };
    const c = rejected(new TicketClassifier(catalog, { limits }).classify(latin1, KAFKA));
    // The audit row's own ceiling (1 MiB) applies below the topic's.
    expect(recordBytes(c.json, c.key, c.headers)).toBeLessThanOrEqual(1024 * 1024);
    const published = JSON.parse(c.json) as { rawBase64: string; rawBytes: number };
    expect(published.rawBytes).toBe(8_000_000);
    expect(
      Buffer.from(published.rawBase64, 'base64').equals(
        latin1.subarray(0, Buffer.from(published.rawBase64, 'base64').length),
      ),
    ).toBe(true);
  });

  it('makes a last-resort record from any bytes, with only the reason given', () => {
    const c = rejected(
      sut.deadLetter(Buffer.from('{"eventId":"e-1","source":"s","ticket":{"id":"T"}}'), KAFKA, [
        { path: '$', message: 'could not be published after 7 attempts: boom' },
      ]),
    );
    expect(c.record.errors).toEqual([
      { path: '$', message: 'could not be published after 7 attempts: boom' },
    ]);
    expect(c.eventId).toBe('e-1');
    expect(c.key).toBe('s:T');
  });
});

describe(fitDeadLetter.name, () => {
  const record = {
    eventId: 'id',
    type: 'ticket.rejected' as const,
    version: 1 as const,
    rejectedAt: '2026-11-23T10:15:00.000Z',
    origin: { topic: 't', partition: 0, offset: '1' },
    raw: 'x'.repeat(10_000),
    errors: Array.from({ length: 50 }, (_, i) => ({ path: `p${i}`, message: 'm'.repeat(1000) })),
  };

  it('leaves a record that fits as it is', () => {
    expect(fitDeadLetter(record, 1_000_000)).toBe(JSON.stringify(record));
  });

  it('keeps only the first reasons, cut short, when even they do not fit', () => {
    const json = fitDeadLetter(record, 2_000);
    expect(bytes(json)).toBeLessThanOrEqual(2_000);
    expect((JSON.parse(json) as { errors: unknown[] }).errors).toHaveLength(3);
  });
});

describe(jsonPrefix.name, () => {
  it.each([
    ['ascii', 'abcdef', 4, 'abcd'],
    ['escapes', '"\\"', 4, '"\\'],
    ['control characters take six bytes', '\u0001\u0002', 7, '\u0001'],
    ['a surrogate pair is never split', 'a😀b', 4, 'a'],
    ['a surrogate pair fits whole', 'a😀b', 5, 'a😀'],
    ['korean takes three bytes a letter', '한국어', 7, '한국'],
  ])('%s', (_name, text, max, expected) => {
    expect(jsonPrefix(text, max)).toBe(expected);
    expect(bytes(JSON.stringify(jsonPrefix(text, max))) - 2).toBeLessThanOrEqual(max);
  });
});

describe(sameTicketCreated.name, () => {
  const input = validateTicketCreatedV1(aTicketCreated()) as { ok: true; value: TicketCreatedV1 };
  const routedEvent = (over: Record<string, unknown> = {}) => ({
    eventId: 'r',
    type: 'ticket.routed',
    sourceEventId: input.value.eventId,
    source: input.value.source,
    occurredAt: input.value.occurredAt,
    ticket: input.value.ticket,
    requester: input.value.requester,
    product: input.value.product,
    channel: input.value.channel,
    routing: {},
    ...over,
  });

  it('recognises the same input, whatever the key order MySQL gives back', () => {
    const reordered = JSON.parse(JSON.stringify(routedEvent())) as Record<string, unknown>;
    reordered.ticket = Object.fromEntries(Object.entries(input.value.ticket).reverse());
    expect(sameTicketCreated(JSON.stringify(reordered), input.value)).toBe(true);
    expect(sameTicketCreated(reordered, input.value)).toBe(true);
  });

  it('tells another body with the same eventId apart', () => {
    const other = routedEvent({ ticket: { ...input.value.ticket, subject: 'something else' } });
    expect(sameTicketCreated(other, input.value)).toBe(false);
    expect(sameTicketCreated('not json', input.value)).toBe(false);
  });
});
