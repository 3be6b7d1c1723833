import { createHash, randomBytes } from 'node:crypto';
import { TARGET_TYPES } from '@app/support-model';
import { Role, ROLES, TargetScope } from './roles';

/**
 * API keys are 32 random bytes (base64url) behind a fixed prefix; the server keeps only their
 * SHA-256. A slow password hash (scrypt) buys nothing for keys this random and would cost
 * every request tens of milliseconds.
 */
export const API_KEY_PREFIX = 'tra_';

const NAME = '[A-Za-z0-9._-]{1,64}';
/** A target: its type, "/", its id URL-encoded (encodeURIComponent). */
const TARGET = `(?:${TARGET_TYPES.join('|')})/[A-Za-z0-9._~!*'()%-]{1,384}`;
const ENTRY = `${NAME}:(?:${ROLES.join('|')}):[0-9a-f]{64}(?::${TARGET})?`;
/** Empty, or entries separated by commas and/or whitespace. */
export const API_KEY_ENTRY_LIST = new RegExp(`^(?:${ENTRY}(?:[\\s,]+${ENTRY})*)?$`);

export interface ApiKeyEntry {
  name: string;
  role: Role;
  /** SHA-256 of the key, lower-case hex. */
  hash: string;
  /** A scoped key sees only this target's rows. */
  target?: TargetScope;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function formatApiKeyEntry(entry: ApiKeyEntry): string {
  const base = `${entry.name}:${entry.role}:${entry.hash}`;
  return entry.target ? `${base}:${formatTarget(entry.target)}` : base;
}

/** `type/id`, the id URL-encoded so that no separator of the entry list appears in it. */
export function formatTarget(target: TargetScope): string {
  return `${target.targetType}/${encodeURIComponent(target.targetId)}`;
}

/** The target of `type/url-encoded-id`, or undefined when it is not one. */
export function parseTarget(text: string): TargetScope | undefined {
  if (!new RegExp(`^${TARGET}$`).test(text)) return undefined;
  const slash = text.indexOf('/');
  try {
    const targetId = decodeURIComponent(text.slice(slash + 1));
    // Like the targetId filter: 1 to 128 characters, no control characters.
    const control = [...targetId].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');
    if ([...targetId].length > 128 || control) return undefined;
    return { targetType: text.slice(0, slash), targetId };
  } catch {
    return undefined;
  }
}

/**
 * Parses `name:role:hash` entries, or `name:role:hash:targetType/targetId` for a key bound to
 * one target (commas, whitespace or new lines between them; `#` starts a comment). Throws with
 * the offending entry and how to fix it.
 */
export function parseApiKeyEntries(text: string, origin: string): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = [];
  const tokens = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((token) => token.length > 0);
  for (const token of tokens) {
    const [name, role, hash, targetText] = token.split(':');
    const target = targetText === undefined ? undefined : parseTarget(targetText);
    if (!new RegExp(`^${ENTRY}$`).test(token) || (targetText !== undefined && !target)) {
      throw new Error(
        `${origin}: "${token.slice(0, 80)}" is not a name:role:sha256hex entry (role one of ` +
          `${ROLES.join(', ')}; optionally :targetType/targetId); make one with ` +
          '`npm run api-key -- --role analyst --name alice [--target isv/contoso]`',
      );
    }
    if (entries.some((e) => e.name === name)) {
      throw new Error(`${origin}: the key name "${name}" appears twice; names must be unique`);
    }
    if (entries.some((e) => e.hash === hash)) {
      throw new Error(`${origin}: two entries have the same hash; give each person its own key`);
    }
    entries.push({ name, role: role as Role, hash, ...(target ? { target } : {}) });
  }
  return entries;
}
