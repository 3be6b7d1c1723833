import { decide, RULE_SET_VERSION } from './support-decision';
import { aTicket, INDIRECT, inMemoryCatalog } from './testing/support-model.fixtures';

const catalog = inMemoryCatalog();
const MICROSOFT = { type: 'microsoft', id: 'microsoft' };

describe(decide.name, () => {
  describe('rule R1', () => {
    it("sends an ISV's own question to Microsoft with no escalation", () => {
      const sut = decide(
        aTicket({
          requester: { role: 'isv' },
          ticket: { category: 'break-fix' },
          channel: undefined,
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'microsoft', target: MICROSOFT, escalation: [] });
      expect(sut).toMatchObject({ ruleId: 'R1', clauses: ['C6'] });
    });
  });

  describe('rules R2a and R2b', () => {
    it("routes a reseller's break-fix question about a known publisher's offer to the ISV", () => {
      const sut = decide(
        aTicket({
          requester: { role: 'indirect-reseller' },
          ticket: { category: 'break-fix' },
          channel: INDIRECT,
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'isv', ruleId: 'R2a', escalation: [] });
      expect(sut.target).toMatchObject({ type: 'isv', id: 'litware' });
    });

    it("routes a reseller's billing question to its provider", () => {
      const sut = decide(
        aTicket({ requester: { role: 'indirect-reseller' }, channel: INDIRECT }),
        catalog,
      );
      expect(sut).toMatchObject({
        party: 'partner',
        target: { type: 'indirect-provider', id: 'v-1' },
        escalation: [],
        ruleId: 'R2b',
        clauses: ['C8'],
      });
    });

    it("routes a reseller's technical question about an unknown publisher to its provider", () => {
      const sut = decide(
        aTicket({
          requester: { role: 'indirect-reseller' },
          ticket: { category: 'technical' },
          product: { offerId: 'unlisted' },
          channel: INDIRECT,
        }),
        catalog,
      );
      expect(sut).toMatchObject({ ruleId: 'R2b', target: { type: 'indirect-provider' } });
    });
  });

  describe('rule R3 (ISV-side categories)', () => {
    it("routes a customer's technical question about a listed offer to its ISV with C9 details", () => {
      const sut = decide(aTicket({ ticket: { category: 'technical' } }), catalog);
      expect(sut).toMatchObject({ party: 'isv', ruleId: 'R3a1', escalation: [] });
      expect(sut.clauses).toEqual(['C2', 'C3', 'C4', 'C7']);
      expect(sut.target).toEqual({
        type: 'isv',
        id: 'litware',
        name: 'Litware Inc',
        contacts: {
          engineering: 'eng@litware.example',
          customerSupport: 'https://help.litware.example',
        },
        documentationUrl: 'https://docs.litware.example/',
      });
    });

    it("routes a partner's service-health question to the ISV named by the event when the offer is unlisted", () => {
      const sut = decide(
        aTicket({
          requester: { role: 'partner' },
          ticket: { category: 'service-health' },
          product: { offerId: undefined, publisherId: 'litware' },
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'isv', ruleId: 'R3a2' });
      expect(sut.target).toEqual({ type: 'isv', id: 'litware', name: 'Litware Inc' });
    });

    it("sends a customer's break-fix question to its partner, then Microsoft, when the publisher is unknown", () => {
      const sut = decide(
        aTicket({ ticket: { category: 'break-fix' }, product: { offerId: 'unlisted' } }),
        catalog,
      );
      expect(sut).toMatchObject({
        party: 'partner',
        target: { type: 'partner', id: 'p-1' },
        escalation: [MICROSOFT],
        ruleId: 'R3b',
      });
    });

    it("puts the indirect provider before Microsoft in an indirect customer's escalation", () => {
      const sut = decide(
        aTicket({
          ticket: { category: 'user-support' },
          product: { offerId: undefined },
          channel: INDIRECT,
        }),
        catalog,
      );
      expect(sut).toMatchObject({
        target: { type: 'indirect-reseller', id: 'r-1' },
        escalation: [{ type: 'indirect-provider', id: 'v-1' }, MICROSOFT],
        ruleId: 'R3b',
      });
    });

    it("sends a provider's technical question to Microsoft when the publisher is unknown", () => {
      const sut = decide(
        aTicket({
          requester: { role: 'indirect-provider' },
          ticket: { category: 'technical' },
          product: { offerId: undefined },
          channel: INDIRECT,
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'microsoft', target: MICROSOFT, ruleId: 'R3c' });
    });

    it("sends a customer's break-fix question about a Microsoft product to its partner, then Microsoft", () => {
      const sut = decide(
        aTicket({
          ticket: { category: 'break-fix' },
          product: { type: 'microsoft', offerId: 'm365' },
        }),
        catalog,
      );
      expect(sut).toMatchObject({
        party: 'partner',
        target: { type: 'partner', id: 'p-1' },
        escalation: [MICROSOFT],
        ruleId: 'R3d',
      });
    });

    it("sends a partner's technical question about a Microsoft product to Microsoft", () => {
      const sut = decide(
        aTicket({
          requester: { role: 'partner' },
          ticket: { category: 'technical' },
          product: { type: 'microsoft', offerId: undefined },
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'microsoft', ruleId: 'R3e', escalation: [] });
    });
  });

  describe('rule R4 (partner-side and commerce categories)', () => {
    it("sends a partner's payment question to Microsoft", () => {
      const sut = decide(
        aTicket({ requester: { role: 'partner' }, ticket: { category: 'payment' } }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'microsoft', ruleId: 'R4a', clauses: ['C6', 'C7'] });
    });

    it("routes a customer's billing question to its partner with no escalation", () => {
      const sut = decide(aTicket(), catalog);
      expect(sut).toMatchObject({
        party: 'partner',
        target: { type: 'partner', id: 'p-1' },
        escalation: [],
        ruleId: 'R4b1',
      });
    });

    it("routes a customer's transaction question to its partner, escalating to Microsoft", () => {
      const sut = decide(aTicket({ ticket: { category: 'transaction' } }), catalog);
      expect(sut).toMatchObject({ party: 'partner', escalation: [MICROSOFT], ruleId: 'R4b2' });
    });
  });

  describe('rule R5 (other)', () => {
    it("routes a customer's other question to its partner", () => {
      const sut = decide(aTicket({ ticket: { category: 'other' } }), catalog);
      expect(sut).toMatchObject({ party: 'partner', ruleId: 'R5a', needsReview: false });
    });

    it("sends a partner's other question to Microsoft and marks it for review", () => {
      const sut = decide(
        aTicket({ requester: { role: 'partner' }, ticket: { category: 'other' } }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'microsoft', ruleId: 'R5b', needsReview: true });
    });
  });

  describe('the Azure rule', () => {
    it('treats deployment of an Azure-based offer as commerce and says why', () => {
      const sut = decide(
        aTicket({
          ticket: { category: 'deployment-provisioning' },
          product: { offerId: 'proseware.vm-app' },
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'partner', ruleId: 'R4b2', escalation: [MICROSOFT] });
      expect(sut.notes.join(' ')).toContain('Azure-based');
    });

    it('treats deployment of any other offer as ISV-side', () => {
      const sut = decide(aTicket({ ticket: { category: 'deployment-provisioning' } }), catalog);
      expect(sut).toMatchObject({ party: 'isv', ruleId: 'R3a1', target: { id: 'litware' } });
    });

    it('does not take an unlisted offer for Azure-based', () => {
      const sut = decide(
        aTicket({
          requester: { role: 'indirect-reseller' },
          ticket: { category: 'deployment-provisioning' },
          product: { offerId: 'unlisted', publisherId: 'someone' },
          channel: INDIRECT,
        }),
        catalog,
      );
      expect(sut).toMatchObject({ party: 'isv', ruleId: 'R2a', target: { id: 'someone' } });
    });
  });

  describe('the catalog', () => {
    it("wins over the event's publisherId and the decision says so", () => {
      const sut = decide(
        aTicket({ ticket: { category: 'technical' }, product: { publisherId: 'impostor' } }),
        catalog,
      );
      expect(sut.target.id).toBe('litware');
      expect(sut.notes).toContain(
        'The event names publisher impostor but the catalog lists offer litware.crm under litware; the catalog wins.',
      );
    });

    it('notes an offer it does not list', () => {
      const sut = decide(aTicket({ product: { offerId: 'nowhere' } }), catalog);
      expect(sut.notes).toContain('Offer nowhere is not in the catalog.');
    });
  });

  describe('category', () => {
    it('keeps an explicit category and lists no matched terms', () => {
      const sut = decide(
        aTicket({ ticket: { category: 'payment', subject: 'Server crash' } }),
        catalog,
      );
      expect(sut).toMatchObject({ category: 'payment', categorySource: 'explicit' });
      expect(sut.matchedTerms).toBeUndefined();
    });

    it('infers a missing category from the text and lists the terms that decided', () => {
      const sut = decide(
        aTicket({ ticket: { category: undefined, subject: 'The app crashes on start' } }),
        catalog,
      );
      expect(sut).toMatchObject({
        category: 'break-fix',
        categorySource: 'inferred',
        party: 'isv',
      });
      expect(sut.matchedTerms!.map((m) => m.term)).toEqual(['crash*']);
    });

    it('defaults to other when the text says nothing', () => {
      const sut = decide(
        aTicket({ ticket: { category: undefined, subject: 'Hello there' } }),
        catalog,
      );
      expect(sut).toMatchObject({ category: 'other', categorySource: 'default', matchedTerms: [] });
    });

    it('says in the rationale and a note when no category could be inferred with confidence', () => {
      const weak = decide(
        aTicket({
          ticket: { category: undefined, subject: 'A question' },
        }),
        catalog,
      );
      expect(weak.rationale).toMatch(
        /\(C5\); no category could be inferred with confidence from the text\.$/,
      );
      expect(weak.notes).toContain(
        "No category could be inferred with confidence: the strongest, user-support, scores 1.5 of the 2 needed; the text's language: not recognised.",
      );
      const silent = decide(
        aTicket({ ticket: { category: undefined, subject: 'Hello there', language: 'en' } }),
        catalog,
      );
      expect(silent.notes).toContain(
        'No category could be inferred with confidence: no category term in the text; its language: English (from ticket.language).',
      );
    });

    it('names the inferred terms and their language in the rationale', () => {
      const sut = decide(
        aTicket({
          ticket: { category: undefined, subject: 'Die App stürzt beim Start ab', language: 'de' },
        }),
        catalog,
      );
      expect(sut).toMatchObject({ category: 'break-fix', party: 'isv' });
      expect(sut.rationale).toMatch(
        /; the category was inferred from the German terms "stürzt"\.$/,
      );
      expect(sut.notes).toEqual([]);
    });

    it('notes a ticket language the text contradicts, and reads the text in both', () => {
      const sut = decide(
        aTicket({
          ticket: { category: undefined, subject: 'Die Rechnung ist doppelt', language: 'en-GB' },
        }),
        catalog,
      );
      expect(sut.category).toBe('billing');
      expect(sut.notes).toContain(
        "ticket.language en-GB says English, but the text reads as German; both languages' terms were used.",
      );
    });

    it('notes a ticket language it has no terms for and reads the text anyway', () => {
      const sut = decide(
        aTicket({ ticket: { category: undefined, subject: 'Invoice is wrong', language: 'it' } }),
        catalog,
      );
      expect(sut.category).toBe('billing');
      expect(sut.notes).toContain(
        'ticket.language it has no inference terms; the text was read in the languages it shows.',
      );
    });

    it('leaves the rationale of an explicit category as it was', () => {
      expect(decide(aTicket(), catalog).rationale).not.toContain('inferred');
    });
  });

  it('writes a one-sentence rationale naming the target and the clauses', () => {
    const sut = decide(aTicket(), catalog);
    expect(sut.rationale).toBe(
      "A customer's billing question goes to its CSP partner p-1, the first point of contact for billing, subscriptions, account set-up and payment (C1, C5).",
    );
  });

  it('puts ids into the rationale as text, never as template placeholders', () => {
    const sut = decide(aTicket({ channel: { model: 'direct', partnerId: '{clauses}' } }), catalog);
    expect(sut.rationale).toContain('CSP partner {clauses}, the first point of contact');
    expect(sut.rationale).toMatch(/\(C1, C5\)\.$/);
  });

  it('carries the rule-set version', () => {
    expect(decide(aTicket(), catalog).ruleSetVersion).toBe(RULE_SET_VERSION);
    expect(RULE_SET_VERSION).toMatch(/^rs-[0-9a-f]{12}$/);
  });

  it('marks a decision for review instead of throwing when an id the rule needs is missing', () => {
    const sut = decide(aTicket({ channel: { model: 'direct', partnerId: undefined } }), catalog);
    expect(sut).toMatchObject({ needsReview: true, target: { type: 'partner', id: '' } });
    expect(sut.notes).toContain(
      'channel.partnerId is missing, so the target has no id: review by hand.',
    );
  });
});
