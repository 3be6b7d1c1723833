import { OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import {
  analystReason,
  redactedJsonText,
  redactPersonalData,
  redactRejectedRecord,
  redactText,
  REDACTED,
} from './personal-data';

const EMAIL = 'jose.garcia@fabrikam-customer.example';
const TENANT = '6f1c2b7e-0000-4000-8000-00000000c4a1';

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

  it('redacts the raw text of a rejected input as JSON when it parses; withholds it otherwise', () => {
    const sut = redactRejectedRecord({
      type: 'ticket.rejected',
      raw: '{"requester":{"email":"x@y.example","tenantId":"t-9"},"ticket":{"subject":"mail z@w.example"}}',
      errors: [{ path: 'requester.email', message: 'x@y.example is not allowed' }],
    }) as { raw: string; errors: { message: string }[] };
    expect(JSON.parse(sut.raw)).toEqual({
      requester: { email: REDACTED, tenantId: REDACTED },
      ticket: { subject: `mail ${REDACTED}` },
    });
    expect(sut.errors[0].message).toBe(`${REDACTED} is not allowed`);

    // Not JSON: no pattern can be trusted to find every e-mail and tenant id in it.
    const broken = redactRejectedRecord({ raw: '{"tenantId" : "t-9", "email": "x@y.example"' });
    expect(broken).toMatchObject({ raw: null, rawWithheld: true, rawJson: false, rawBytes: 43 });
  });

  it('finds e-mail addresses in free text', () => {
    expect(redactText('write to first.last+tag@sub.example.org, or call')).toBe(
      `write to ${REDACTED}, or call`,
    );
    expect(redactText('no address @ here')).toBe('no address @ here');
  });
});

/** What the router stores for an input (the classifier's ticket.rejected record). */
function rejected(bytes: Buffer, errors = [{ path: '$', message: 'is not valid JSON' }]) {
  let raw: string;
  let rawBase64: string | undefined;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    raw = bytes.toString('utf8');
    rawBase64 = bytes.toString('base64');
  }
  return {
    eventId: 'rej-1',
    type: 'ticket.rejected',
    version: 1,
    rejectedAt: '2026-11-20T10:00:00.000Z',
    origin: { topic: 'support.tickets.new', partition: 0, offset: '7' },
    raw,
    ...(rawBase64 === undefined ? {} : { rawBase64 }),
    errors,
  };
}

/** Nothing of the e-mail or tenant id in any spelling the bytes could be decoded from. */
function expectFreeOfPersonalData(view: unknown): void {
  const text = JSON.stringify(view);
  for (const secret of [EMAIL, TENANT, 'jose.garcia', '00000000c4a1', '123456789']) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
  }
  expect(text).not.toContain('rawBase64');
}

describe('redactRejectedRecord: what an analyst gets of a rejected input', () => {
  it.each([
    [
      'Latin-1 bytes (kept as rawBase64)',
      Buffer.from(
        `{"requester":{"email":"${EMAIL}","tenantId":"${TENANT}"}, "name":"Jos\xe9"`,
        'latin1',
      ),
    ],
    ['Latin-1 bytes that are not JSON', Buffer.from(`Jos\xe9 ${EMAIL} ${TENANT}`, 'latin1')],
    [
      'form-encoded',
      Buffer.from(`requester.email=${encodeURIComponent(EMAIL)}&requester.tenantId=${TENANT}`),
    ],
    [
      'XML',
      Buffer.from(
        `<ticket><requester><email>${EMAIL}</email><tenantId>${TENANT}</tenantId></requester></ticket>`,
      ),
    ],
    ['YAML', Buffer.from(`requester:\n  email: ${EMAIL}\n  tenantId: ${TENANT}\n`)],
    [
      'broken JSON with \\u-escapes',
      Buffer.from(
        `{"requester":{"email":"${EMAIL.replace('@', '\\u0040')}","tenantId":"${TENANT}"`,
      ),
    ],
    [
      'broken JSON with a numeric tenantId',
      Buffer.from('{"requester":{"tenantId":123456789,"email":1'),
    ],
  ])('withholds %s entirely', (_what, bytes) => {
    const view = redactRejectedRecord(rejected(bytes));
    expect(view).toMatchObject({
      eventId: 'rej-1',
      type: 'ticket.rejected',
      origin: { topic: 'support.tickets.new', partition: 0, offset: '7' },
      raw: null,
      rawWithheld: true,
      rawJson: false,
      rawBytes: bytes.length,
    });
    expectFreeOfPersonalData(view);
  });

  it.each([
    [
      '\\u-escaped keys and values',
      `{"requester":{"\\u0065mail":"${EMAIL.replace('@', '\\u0040')}","tenant\\u0049d":"${TENANT.replace(/-/g, '\\u002d')}","role":"customer"},"ticket":{"id":"T-1"}}`,
    ],
    [
      'a numeric tenantId',
      `{"requester":{"email":"${EMAIL}","tenantId":123456789,"role":"customer"},"ticket":{"id":"T-1"}}`,
    ],
  ])('shows JSON with %s, its personal fields redacted and the rest kept', (_what, raw) => {
    const view = redactRejectedRecord(rejected(Buffer.from(raw))) as { raw: string };
    expect(view).toMatchObject({ rawWithheld: false, rawJson: true });
    expect(JSON.parse(view.raw)).toEqual({
      requester: { email: REDACTED, tenantId: REDACTED, role: 'customer' },
      ticket: { id: 'T-1' },
    });
    expectFreeOfPersonalData(view);
  });

  it('withholds an input the router cut to fit the dead-letter topic, giving its whole size', () => {
    const input = JSON.stringify({
      requester: { email: EMAIL, tenantId: TENANT },
      filler: 'x'.repeat(100_000),
    });
    const classifier = new TicketClassifier(OfferCatalog.fromValue([]), {
      limits: { maxBytes: () => 20_000 },
    });
    const published = classifier.classify(input, { topic: 't', partition: 0, offset: '1' });
    const view = redactRejectedRecord(JSON.parse(published.json));
    expect(view).toMatchObject({
      raw: null,
      rawWithheld: true,
      rawTruncated: true,
      rawBytes: Buffer.byteLength(input),
    });
    expectFreeOfPersonalData(view);
  });

  it('redacts personal data in any shape JSON can give it', () => {
    const raw = JSON.stringify({
      requester: EMAIL,
      requesters: [{ Email: EMAIL }, { tenant_id: TENANT }],
      input: { requester: [EMAIL, TENANT] },
      customer: { requester: { name: 'Jose', contact: TENANT, role: 'customer' } },
      ticket: { description: `write to ${EMAIL}`, tags: [null, 1, true] },
    });
    const view = redactRejectedRecord(rejected(Buffer.from(raw))) as { raw: string };
    expect(JSON.parse(view.raw)).toEqual({
      requester: REDACTED,
      requesters: [{ Email: REDACTED }, { tenant_id: REDACTED }],
      input: { requester: REDACTED },
      customer: { requester: { name: REDACTED, contact: REDACTED, role: 'customer' } },
      ticket: { description: `write to ${REDACTED}`, tags: [null, 1, true] },
    });
  });

  it('keeps only the lead-in of a reason about the whole input, which may quote it', () => {
    expect(
      analystReason({
        path: '$',
        message: `is not valid JSON (Unexpected token 'x', "${TENANT} x" is not valid JSON)`,
      }),
    ).toEqual({ path: '$', message: 'is not valid JSON' });
    expect(analystReason({ path: '$', message: `could not be classified: ${TENANT}` })).toEqual({
      path: '$',
      message: 'could not be classified',
    });
    expect(analystReason({ path: 'ticket.subject', message: 'is required' })).toEqual({
      path: 'ticket.subject',
      message: 'is required',
    });
  });

  it('redacts JSON nested 100,000 levels deep without recursion', () => {
    const depth = 100_000;
    const raw = `${'{"a":'.repeat(depth)}{"requester":{"email":"${EMAIL}"}}${'}'.repeat(depth)}`;
    const view = redactRejectedRecord(rejected(Buffer.from(raw))) as { raw: string };
    expect(view.raw).toBe(
      `${'{"a":'.repeat(depth)}{"requester":{"email":"${REDACTED}"}}${'}'.repeat(depth)}`,
    );
    const deepArray = JSON.parse(`${'['.repeat(depth)}"${EMAIL}"${']'.repeat(depth)}`);
    expect(redactedJsonText(deepArray)).toBe(
      `${'['.repeat(depth)}"${REDACTED}"${']'.repeat(depth)}`,
    );
    expect(() => redactPersonalData(deepArray)).not.toThrow();
  });
});
