import { ConfigurationError } from '@app/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatApiKeyEntry, generateApiKey, hashApiKey } from './api-key';
import { ApiKeyRegistry } from './api-key.registry';

describe(ApiKeyRegistry.name, () => {
  const key = generateApiKey();
  const entry = formatApiKeyEntry({ name: 'alice', role: 'analyst', hash: hashApiKey(key) });

  it('knows a key by its hash and tells who holds it', () => {
    const sut = ApiKeyRegistry.fromSettings(entry, undefined);
    expect(sut.authenticate(key)).toEqual({ name: 'alice', role: 'analyst' });
    expect(sut.authenticate(`${key}x`)).toBeUndefined();
    expect(sut.authenticate(hashApiKey(key))).toBeUndefined();
  });

  it('tells the target a scoped key is bound to', () => {
    const scoped = generateApiKey();
    const target = { targetType: 'isv', targetId: 'contoso' };
    const sut = ApiKeyRegistry.fromSettings(
      `${entry},${formatApiKeyEntry({ name: 'c', role: 'pii', hash: hashApiKey(scoped), target })}`,
      undefined,
    );
    expect(sut.authenticate(scoped)).toEqual({ name: 'c', role: 'pii', target });
    expect(sut.authenticate(key)).toEqual({ name: 'alice', role: 'analyst' });
  });

  it('adds the entries of AUDIT_API_KEYS_FILE', () => {
    const other = generateApiKey();
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.txt');
    writeFileSync(
      file,
      `# analysts\n${formatApiKeyEntry({ name: 'ops', role: 'admin', hash: hashApiKey(other) })}\n`,
    );
    const sut = ApiKeyRegistry.fromSettings(entry, file);
    expect(sut.authenticate(other)).toEqual({ name: 'ops', role: 'admin' });
    expect(sut.authenticate(key)).toEqual({ name: 'alice', role: 'analyst' });
  });

  it('refuses to start without any key, saying how to make one', () => {
    expect(() => ApiKeyRegistry.fromSettings('', undefined)).toThrow(ConfigurationError);
    expect(() => ApiKeyRegistry.fromSettings('', undefined)).toThrow(/npm run api-key/);
  });

  it('refuses an unreadable key file, naming the variable', () => {
    expect(() => ApiKeyRegistry.fromSettings(entry, '/nonexistent/keys.txt')).toThrow(
      /AUDIT_API_KEYS_FILE: cannot read \/nonexistent\/keys.txt \(ENOENT\)/,
    );
  });

  it('refuses a name used both in the variable and the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.txt');
    writeFileSync(file, formatApiKeyEntry({ name: 'alice', role: 'pii', hash: 'f'.repeat(64) }));
    expect(() => ApiKeyRegistry.fromSettings(entry, file)).toThrow(/"alice" appears twice/);
  });
});
