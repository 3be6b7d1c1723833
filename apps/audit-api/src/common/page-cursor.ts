import { ConfigurationError } from '@app/config';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PageCursor } from '../persistence/audit-record';

const MAC_BYTES = 16;
const SIGNED = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{22})$/;
export const MIN_CURSOR_KEY_LENGTH = 32;

/**
 * Page cursors: the (decided_at, id) of the last row a page returned, signed with an HMAC so
 * only cursors this API issued are accepted (a hand-made one is a 400, not a query from an
 * arbitrary position). Keyset paging on that pair is stable while the router inserts: new
 * rows sort before the cursor (they are newer), so a client walking back in time never sees
 * a row twice nor skips one.
 */
export class PageCursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(cursor: PageCursor): string {
    const body = Buffer.from(`${cursor.decidedAt.getTime()}:${cursor.id}`, 'utf8').toString(
      'base64url',
    );
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The cursor, or undefined when the text is not one this API issued (with this key). */
  decode(text: string): PageCursor | undefined {
    const signed = SIGNED.exec(text);
    if (!signed) return undefined;
    const mac = Buffer.from(signed[2], 'base64url');
    if (mac.length !== MAC_BYTES || !timingSafeEqual(mac, this.mac(signed[1]))) return undefined;
    const match = /^(\d{1,15}):(\d{1,20})$/.exec(
      Buffer.from(signed[1], 'base64url').toString('utf8'),
    );
    if (!match) return undefined;
    const decidedAt = new Date(Number(match[1]));
    if (Number.isNaN(decidedAt.getTime()) || BigInt(match[2]) > 18446744073709551615n) {
      return undefined;
    }
    return { decidedAt, id: match[2] };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`audit-api page cursor v1:${body}`)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}

/**
 * The signing key: AUDIT_API_CURSOR_KEY, or the content of the file AUDIT_API_CURSOR_KEY_FILE
 * (at least 32 characters either way), or else 32 random bytes drawn at start-up: cursors then
 * stop working when the process restarts and are not valid on another instance.
 */
export function cursorKeyFromSettings(key: string | undefined, file: string | undefined): Buffer {
  const fail = (variable: string, message: string): never => {
    throw new ConfigurationError([{ variable, message }]);
  };
  if (key && file) fail('AUDIT_API_CURSOR_KEY_FILE', 'set it or AUDIT_API_CURSOR_KEY, not both');
  let text = key;
  if (file) {
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (error) {
      fail(
        'AUDIT_API_CURSOR_KEY_FILE',
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    if ((text ?? '').length < MIN_CURSOR_KEY_LENGTH) {
      fail(
        'AUDIT_API_CURSOR_KEY_FILE',
        `${file} must hold at least ${MIN_CURSOR_KEY_LENGTH} characters (e.g. openssl rand -base64 32)`,
      );
    }
  }
  return text ? Buffer.from(text, 'utf8') : randomBytes(32);
}
