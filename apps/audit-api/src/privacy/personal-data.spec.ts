import { redactPersonalData, redactText, REDACTED } from './personal-data';

describe('redactPersonalData', () => {
  it('replaces the requester e-mail and tenant id wherever a requester appears, and nothing else', () => {
    const stored = {
      source: 'zendesk-emea',
      requester: { role: 'customer', email: 'a@b.example', tenantId: 't-1' },
      input: { requester: { role: 'partner', email: 'c@d.example' } },
      routing: { target: { contacts: { engineering: 'eng@isv.example' } } },
    };
    const sut = redactPersonalData(stored);
    expect(sut).toEqual({
      source: 'zendesk-emea',
      requester: { role: 'customer', email: REDACTED, tenantId: REDACTED },
      input: { requester: { role: 'partner', email: REDACTED } },
      // An ISV's support contact is business data the analyst needs (C9).
      routing: { target: { contacts: { engineering: 'eng@isv.example' } } },
    });
    expect(stored.requester.email).toBe('a@b.example');
  });

  it('keeps absent and null fields as they are', () => {
    expect(redactPersonalData({ requester: { role: 'isv', email: null } })).toEqual({
      requester: { role: 'isv', email: null },
    });
  });

  it('redacts the raw text of a rejected input: as JSON when it parses, by pattern otherwise', () => {
    const sut = redactPersonalData({
      type: 'ticket.rejected',
      raw: '{"requester":{"email":"x@y.example","tenantId":"t-9"},"ticket":{"subject":"mail z@w.example"}}',
      errors: [{ path: 'requester.email', message: 'x@y.example is not allowed' }],
    }) as { raw: string; errors: { message: string }[] };
    expect(JSON.parse(sut.raw)).toEqual({
      requester: { email: REDACTED, tenantId: REDACTED },
      ticket: { subject: `mail ${REDACTED}` },
    });
    expect(sut.errors[0].message).toBe(`${REDACTED} is not allowed`);

    const broken = redactPersonalData({ raw: '{"tenantId" : "t-9", "email": "x@y.example"' }) as {
      raw: string;
    };
    expect(broken.raw).toBe(`{"tenantId" : "${REDACTED}", "email": "${REDACTED}"`);
  });

  it('finds e-mail addresses in free text', () => {
    expect(redactText('write to first.last+tag@sub.example.org, or call')).toBe(
      `write to ${REDACTED}, or call`,
    );
    expect(redactText('no address @ here')).toBe('no address @ here');
  });
});
