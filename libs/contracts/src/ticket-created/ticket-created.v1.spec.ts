import { aTicketCreated } from '../testing/ticket-created.factory';
import { validateWithClasses } from '../validation/class-validation';
import { TicketCreatedV1 } from './ticket-created.v1';

const sut = (input: unknown) => validateWithClasses(TicketCreatedV1, input);
const errorsOf = (input: unknown) => {
  const result = sut(input);
  return result.ok ? [] : result.errors;
};

describe(TicketCreatedV1.name, () => {
  it('accepts the contract example and returns it as a plain object', () => {
    const result = sut(aTicketCreated());
    expect(result).toEqual({ ok: true, value: aTicketCreated() });
    expect(Object.getPrototypeOf(result.ok && result.value)).toBe(Object.prototype);
  });

  it('drops unknown fields at every level', () => {
    const input = aTicketCreated({ extra: 1, ticket: { id: 'x', subject: 's', tags: ['a'] } });
    const result = sut(input);
    expect(result.ok && result.value).not.toHaveProperty('extra');
    expect(result.ok && result.value.ticket).toEqual({ id: 'x', subject: 's' });
  });

  it('never copies __proto__ or constructor keys onto prototypes', () => {
    const input = JSON.parse(
      JSON.stringify(aTicketCreated()).replace(
        '"product":{',
        '"__proto__":{"polluted":true},"product":{"constructor":{"prototype":{"polluted":true}},',
      ),
    );
    const result = sut(input);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      result.ok && (result.value as unknown as Record<string, unknown>).polluted,
    ).toBeUndefined();
    expect(result.ok && Object.keys(result.value.product)).toEqual(['type', 'offerId']);
  });

  it('treats null optional fields as absent', () => {
    const input = aTicketCreated({
      ticket: { id: 'x', subject: 's', description: null, category: null },
    });
    expect(sut(input)).toEqual({
      ok: true,
      value: { ...input, ticket: { id: 'x', subject: 's' } },
    });
  });

  it('accepts an ISV request without a channel', () => {
    expect(sut(aTicketCreated({ requester: { role: 'isv' }, channel: undefined })).ok).toBe(true);
    expect(sut(aTicketCreated({ requester: { role: 'isv' }, channel: null })).ok).toBe(true);
  });

  it.each([
    ['a JSON array', [1, 2], '$', 'must be a JSON object'],
    ['a string', 'ticket', '$', 'must be a JSON object'],
    ['null', null, '$', 'must be a JSON object'],
    ['no eventId', aTicketCreated({ eventId: undefined }), 'eventId', 'is required'],
    [
      'an eventId too long',
      aTicketCreated({ eventId: 'x'.repeat(129) }),
      'eventId',
      'must be a string of 1 to 128 characters',
    ],
    [
      'another type',
      aTicketCreated({ type: 'ticket.updated' }),
      'type',
      'must be "ticket.created"',
    ],
    ['version "1"', aTicketCreated({ version: '1' }), 'version', 'must be 1'],
    [
      'a date that is not ISO-8601',
      aTicketCreated({ occurredAt: 'yesterday' }),
      'occurredAt',
      expect.stringContaining('ISO-8601'),
    ],
    [
      'a date that does not exist',
      aTicketCreated({ occurredAt: '2026-02-30T10:00:00Z' }),
      'occurredAt',
      expect.stringContaining('ISO-8601'),
    ],
    [
      'an empty source',
      aTicketCreated({ source: '' }),
      'source',
      'must be a string of 1 to 64 characters',
    ],
    ['a ticket that is null', aTicketCreated({ ticket: null }), 'ticket', 'is required'],
    ['a ticket that is an array', aTicketCreated({ ticket: [] }), 'ticket', 'must be an object'],
    ['no subject', aTicketCreated({ ticket: { id: 'x' } }), 'ticket.subject', 'is required'],
    [
      'an empty subject',
      aTicketCreated({ ticket: { id: 'x', subject: '' } }),
      'ticket.subject',
      'must be a string of 1 to 500 characters',
    ],
    [
      'a subject too long',
      aTicketCreated({ ticket: { id: 'x', subject: 's'.repeat(501) } }),
      'ticket.subject',
      'must be a string of 1 to 500 characters',
    ],
    [
      'a description too long',
      aTicketCreated({ ticket: { id: 'x', subject: 's', description: 'd'.repeat(32_769) } }),
      'ticket.description',
      'must be a string of at most 32768 characters',
    ],
    [
      'a numeric ticket id',
      aTicketCreated({ ticket: { id: 12345, subject: 's' } }),
      'ticket.id',
      'must be a string of 1 to 128 characters',
    ],
    [
      'an unknown category',
      aTicketCreated({ ticket: { id: 'x', subject: 's', category: 'refund' } }),
      'ticket.category',
      expect.stringContaining('must be one of: billing'),
    ],
    [
      'an unknown severity',
      aTicketCreated({ ticket: { id: 'x', subject: 's', severity: 'urgent' } }),
      'ticket.severity',
      'must be one of: low, normal, high, critical',
    ],
    [
      'an unknown role',
      aTicketCreated({ requester: { role: 'vendor' } }),
      'requester.role',
      expect.stringContaining('must be one of: customer'),
    ],
    [
      'a bad e-mail',
      aTicketCreated({ requester: { role: 'customer', email: 'not-an-address' } }),
      'requester.email',
      'must be an e-mail address',
    ],
    [
      'an unknown product type',
      aTicketCreated({ product: { type: 'first-party' } }),
      'product.type',
      'must be one of: third-party, microsoft',
    ],
    [
      "a customer's ticket without channel",
      aTicketCreated({ channel: undefined }),
      'channel',
      'is required unless requester.role is isv',
    ],
    [
      'direct without partnerId',
      aTicketCreated({ channel: { model: 'direct' } }),
      'channel.partnerId',
      'is required when channel.model is direct',
    ],
    [
      'indirect without providerId',
      aTicketCreated({ channel: { model: 'indirect', resellerId: 'r' } }),
      'channel.providerId',
      'is required when channel.model is indirect',
    ],
    [
      'a partner in the indirect model',
      aTicketCreated({
        requester: { role: 'partner' },
        channel: { model: 'indirect', resellerId: 'r', providerId: 'p' },
      }),
      'channel.model',
      'must be direct when requester.role is partner',
    ],
    [
      'a reseller in the direct model',
      aTicketCreated({ requester: { role: 'indirect-reseller' } }),
      'channel.model',
      'must be indirect when requester.role is indirect-reseller',
    ],
    [
      'a provider in the direct model',
      aTicketCreated({ requester: { role: 'indirect-provider' } }),
      'channel.model',
      'must be indirect when requester.role is indirect-provider',
    ],
  ])('rejects %s, naming the field', (_, input, path, message) => {
    expect(errorsOf(input)).toEqual([{ path, message }]);
  });

  it('reports every error, each with its dotted path', () => {
    const input = aTicketCreated({
      eventId: '',
      version: 2,
      ticket: { subject: 's'.repeat(501) },
      requester: { role: 'partner', email: 'nope' },
      channel: { model: 'indirect' },
    });
    expect(
      errorsOf(input)
        .map((e) => e.path)
        .sort(),
    ).toEqual([
      'channel.model',
      'channel.providerId',
      'channel.resellerId',
      'eventId',
      'requester.email',
      'ticket.id',
      'ticket.subject',
      'version',
    ]);
  });

  it('counts length in characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(500);
    expect(sut(aTicketCreated({ ticket: { id: 'x', subject: emoji } })).ok).toBe(true);
    expect(sut(aTicketCreated({ ticket: { id: 'x', subject: emoji + '😀' } })).ok).toBe(false);
  });
});
