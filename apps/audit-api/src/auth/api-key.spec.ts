import {
  API_KEY_ENTRY_LIST,
  formatApiKeyEntry,
  generateApiKey,
  hashApiKey,
  parseApiKeyEntries,
} from './api-key';

const HASH = 'a'.repeat(64);

describe('API keys', () => {
  it('generates random keys with the prefix, and hashes them with SHA-256', () => {
    const sut = generateApiKey();
    expect(sut).toMatch(/^tra_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(sut);
    expect(hashApiKey('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('parses entries separated by commas, spaces and lines, ignoring comments', () => {
    const sut = parseApiKeyEntries(
      `alice:analyst:${HASH}, bob:pii:${'b'.repeat(64)}\n# ops\nops:admin:${'c'.repeat(64)} # on call`,
      'test',
    );
    expect(sut).toEqual([
      { name: 'alice', role: 'analyst', hash: HASH },
      { name: 'bob', role: 'pii', hash: 'b'.repeat(64) },
      { name: 'ops', role: 'admin', hash: 'c'.repeat(64) },
    ]);
  });

  it.each([
    [`alice:owner:${HASH}`, /not a name:role:sha256hex entry/],
    ['alice:analyst:abc', /not a name:role:sha256hex entry/],
    [`alice:analyst:${HASH.toUpperCase()}`, /not a name:role:sha256hex entry/],
    [`alice:analyst:${HASH},alice:pii:${'b'.repeat(64)}`, /"alice" appears twice/],
    [`alice:analyst:${HASH},bob:pii:${HASH}`, /same hash/],
  ])('refuses %j, saying how to fix it', (text, message) => {
    expect(() => parseApiKeyEntries(text, 'AUDIT_API_KEYS')).toThrow(message);
    expect(() => parseApiKeyEntries(text, 'AUDIT_API_KEYS')).toThrow(/AUDIT_API_KEYS/);
  });

  it('parses a key bound to one target, its id URL-encoded, and writes it back the same', () => {
    const sut = parseApiKeyEntries(
      `c:analyst:${HASH}:isv/contoso, d:pii:${'b'.repeat(64)}:partner/a%20b%2Cc%3Ad%2Fe`,
      'test',
    );
    expect(sut).toEqual([
      {
        name: 'c',
        role: 'analyst',
        hash: HASH,
        target: { targetType: 'isv', targetId: 'contoso' },
      },
      {
        name: 'd',
        role: 'pii',
        hash: 'b'.repeat(64),
        target: { targetType: 'partner', targetId: 'a b,c:d/e' },
      },
    ]);
    expect(sut.map(formatApiKeyEntry)).toEqual([
      `c:analyst:${HASH}:isv/contoso`,
      `d:pii:${'b'.repeat(64)}:partner/a%20b%2Cc%3Ad%2Fe`,
    ]);
  });

  it.each([
    `c:analyst:${HASH}:reseller/x`,
    `c:analyst:${HASH}:isv/`,
    `c:analyst:${HASH}:isv`,
    `c:analyst:${HASH}:isv/%ZZ`,
    `c:analyst:${HASH}:isv/a%00b`,
    `c:analyst:${HASH}:isv/${'x'.repeat(129)}`,
    `c:analyst:${HASH}:isv/x:y`,
  ])('refuses the target of %j', (text) => {
    expect(() => parseApiKeyEntries(text, 'AUDIT_API_KEYS')).toThrow(
      /not a name:role:sha256hex entry .*--target isv\/contoso/,
    );
  });

  it('has a settings pattern that accepts what the parser accepts', () => {
    expect(API_KEY_ENTRY_LIST.test(`a:analyst:${HASH}:isv/contoso,b:admin:${'b'.repeat(64)}`)).toBe(
      true,
    );
    expect(API_KEY_ENTRY_LIST.test('')).toBe(true);
    expect(API_KEY_ENTRY_LIST.test(`a:analyst:${HASH},b:admin:${'b'.repeat(64)}`)).toBe(true);
    expect(API_KEY_ENTRY_LIST.test(`a:analyst:${HASH},`)).toBe(false);
    expect(API_KEY_ENTRY_LIST.test('tra_plaintextkey')).toBe(false);
  });
});
