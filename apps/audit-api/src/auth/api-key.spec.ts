import { API_KEY_ENTRY_LIST, generateApiKey, hashApiKey, parseApiKeyEntries } from './api-key';

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

  it('has a settings pattern that accepts what the parser accepts', () => {
    expect(API_KEY_ENTRY_LIST.test('')).toBe(true);
    expect(API_KEY_ENTRY_LIST.test(`a:analyst:${HASH},b:admin:${'b'.repeat(64)}`)).toBe(true);
    expect(API_KEY_ENTRY_LIST.test(`a:analyst:${HASH},`)).toBe(false);
    expect(API_KEY_ENTRY_LIST.test('tra_plaintextkey')).toBe(false);
  });
});
