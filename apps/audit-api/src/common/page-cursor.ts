import { PageCursor } from '../persistence/audit-record';

/**
 * Opaque page cursors: the (decided_at, id) of the last row a page returned. Keyset paging on
 * that pair is stable while the router inserts: new rows sort before the cursor (they are
 * newer), so a client walking back in time never sees a row twice nor skips one.
 */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.decidedAt.getTime()}:${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one this API issued. */
export function decodeCursor(text: string): PageCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) return undefined;
  const match = /^(\d{1,15}):(\d{1,20})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const decidedAt = new Date(Number(match[1]));
  if (Number.isNaN(decidedAt.getTime()) || BigInt(match[2]) > 18446744073709551615n) {
    return undefined;
  }
  return { decidedAt, id: match[2] };
}
