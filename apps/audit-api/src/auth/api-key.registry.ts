import { ConfigurationError } from '@app/config';
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApiKeyEntry, formatApiKeyEntry, hashApiKey, parseApiKeyEntries } from './api-key';
import { Principal } from './roles';

/** The configured credentials, by the SHA-256 of their key. */
export class ApiKeyRegistry {
  private readonly hashes: { hash: Buffer; principal: Principal }[];

  constructor(readonly entries: ApiKeyEntry[]) {
    this.hashes = entries.map((e) => ({
      hash: Buffer.from(e.hash, 'hex'),
      principal: { name: e.name, role: e.role, ...(e.target ? { target: e.target } : {}) },
    }));
  }

  /**
   * Loads AUDIT_API_KEYS and AUDIT_API_KEYS_FILE at start-up. No credential at all stops the
   * process: an API nobody can call is a configuration mistake, not a state to run in.
   */
  static fromSettings(keys: string, file: string | undefined): ApiKeyRegistry {
    const entries = parseApiKeyEntries(keys, 'AUDIT_API_KEYS');
    if (file) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ConfigurationError([
          {
            variable: 'AUDIT_API_KEYS_FILE',
            message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
          },
        ]);
      }
      entries.push(...parseApiKeyEntries(text, file));
      // Unique names and hashes across both sources.
      parseApiKeyEntries(entries.map(formatApiKeyEntry).join('\n'), file);
    }
    if (entries.length === 0) {
      throw new ConfigurationError([
        {
          variable: 'AUDIT_API_KEYS',
          message:
            'no API key is configured; run `npm run api-key -- --role analyst --name alice` and ' +
            'put the printed entry into AUDIT_API_KEYS (or a file named by AUDIT_API_KEYS_FILE)',
        },
      ]);
    }
    return new ApiKeyRegistry(entries);
  }

  /** The caller a presented key belongs to, or undefined. */
  authenticate(key: string): Principal | undefined {
    // Its hash against every entry, each in constant time and with no early exit: how long
    // this takes says nothing about the stored hashes or which one matched.
    const presented = Buffer.from(hashApiKey(key), 'hex');
    let found: Principal | undefined;
    for (const entry of this.hashes) {
      if (timingSafeEqual(entry.hash, presented)) found = entry.principal;
    }
    return found;
  }
}
