import fc from 'fast-check';
import { ROUTING_RULES } from './routing-rules';
import { decide } from './support-decision';
import {
  CATEGORIES,
  CHANNEL_MODELS,
  PARTIES,
  PRODUCT_TYPES,
  REQUESTER_ROLES,
  SupportTicket,
} from './support-model.types';
import { inMemoryCatalog, OFFERS } from './testing/support-model.fixtures';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
// Braces kept out of ids so a leftover "{placeholder}" in a rationale can only be a template's.
const id = fc.string({ minLength: 1 }).filter((s) => !s.includes('{'));

/** Any SupportTicket, including ones validation would refuse (missing ids, odd models). */
const anyTicket: fc.Arbitrary<SupportTicket> = fc.record(
  {
    ticket: fc.record(
      {
        subject: fc.oneof(fc.string(), fc.constantFrom('Invoice wrong', '배포 실패', 'Crash')),
        description: maybe(fc.fullUnicodeString({ maxLength: 80 })),
        category: maybe(fc.constantFrom(...CATEGORIES)),
      },
      { requiredKeys: ['subject'] },
    ),
    requester: fc.record({ role: fc.constantFrom(...REQUESTER_ROLES) }),
    product: fc.record(
      {
        type: fc.constantFrom(...PRODUCT_TYPES),
        offerId: maybe(fc.constantFrom(...OFFERS.map((o) => o.offerId), 'unlisted', 'constructor')),
        publisherId: maybe(fc.constantFrom('litware', 'other', '__proto__')),
      },
      { requiredKeys: ['type'] },
    ),
    channel: maybe(
      fc.record(
        {
          model: fc.constantFrom(...CHANNEL_MODELS),
          partnerId: maybe(id),
          resellerId: maybe(id),
          providerId: maybe(id),
        },
        { requiredKeys: ['model'] },
      ),
    ),
  },
  { requiredKeys: ['ticket', 'requester', 'product'] },
);

describe(`${decide.name} (properties)`, () => {
  const catalog = inMemoryCatalog();
  const ruleIds = new Set(ROUTING_RULES.map((rule) => rule.id));

  it('gives any ticket exactly one decision by a rule of the table, without throwing', () => {
    fc.assert(
      fc.property(anyTicket, (ticket) => {
        const sut = decide(ticket, catalog);
        expect(ruleIds.has(sut.ruleId)).toBe(true);
        expect(PARTIES).toContain(sut.party);
        expect(sut.rationale).toMatch(/^[A-Z].*\.$/);
        expect(sut.rationale).not.toMatch(/\{\w+\}/);
      }),
      { numRuns: 3000 },
    );
  });

  it('sends ISV and Microsoft decisions without escalation, partner chains first', () => {
    fc.assert(
      fc.property(anyTicket, (ticket) => {
        const sut = decide(ticket, catalog);
        if (sut.party !== 'partner') expect(sut.escalation).toEqual([]);
        const types = sut.escalation.map((e) => e.type);
        expect(types).toEqual(
          [...types].sort((a, b) => (a === 'microsoft' ? 1 : b === 'microsoft' ? -1 : 0)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('is a function of its input: the same ticket gets the same decision', () => {
    fc.assert(
      fc.property(anyTicket, (ticket) => {
        expect(decide(ticket, catalog)).toEqual(decide(structuredClone(ticket), catalog));
      }),
      { numRuns: 500 },
    );
  });
});
