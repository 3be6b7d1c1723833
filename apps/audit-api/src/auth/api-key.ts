import { createHash, randomBytes } from 'node:crypto';
import { Role, ROLES } from './roles';

/**
 * API keys are 32 random bytes (base64url) behind a fixed prefix; the server keeps only their
 * SHA-256. A slow password hash (scrypt) buys nothing for keys this random and would cost
 * every request tens of milliseconds.
 */
export const API_KEY_PREFIX = 'tra_';

const NAME = '[A-Za-z0-9._-]{1,64}';
const ENTRY = `${NAME}:(?:${ROLES.join('|')}):[0-9a-f]{64}`;
/** Empty, or entries separated by commas and/or whitespace. */
export const API_KEY_ENTRY_LIST = new RegExp(`^(?:${ENTRY}(?:[\\s,]+${ENTRY})*)?$`);

export interface ApiKeyEntry {
  name: string;
  role: Role;
  /** SHA-256 of the key, lower-case hex. */
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function formatApiKeyEntry(entry: ApiKeyEntry): string {
  return `${entry.name}:${entry.role}:${entry.hash}`;
}

/**
 * Parses `name:role:hash` entries (commas, whitespace or new lines between them; `#` starts a
 * comment). Throws with the offending entry and how to fix it.
 */
export function parseApiKeyEntries(text: string, origin: string): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  const tokens = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((token) => token.length > 0);
  for (const token of tokens) {
    if (!new RegExp(`^${ENTRY}$`).test(token)) {
      throw new Error(
        `${origin}: "${token.slice(0, 80)}" is not a name:role:sha256hex entry (role one of ` +
          `${ROLES.join(', ')}); make one with \`npm run api-key -- --role analyst --name alice\``,
      );
    }
    const [name, role, hash] = token.split(':');
    if (entries.some((e) => e.name === name)) {
      throw new Error(`${origin}: the key name "${name}" appears twice; names must be unique`);
    }
    if (entries.some((e) => e.hash === hash)) {
      throw new Error(`${origin}: two entries have the same hash; give each person its own key`);
    }
    entries.push({ name, role: role as Role, hash });
  }
  return entries;
}
