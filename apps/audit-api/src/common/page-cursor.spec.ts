import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cursorKeyFromSettings, PageCursorCodec } from './page-cursor';

const sut = new PageCursorCodec(Buffer.from('k'.repeat(32)));

describe('page cursors', () => {
  it('round-trips the position of the last row', () => {
    const position = {
      decidedAt: new Date('2026-11-20T10:11:12.345Z'),
      id: '18446744073709551615',
    };
    const cursor = sut.encode(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sut.decode(cursor)).toEqual(position);
  });

  it.each([
    'not a cursor',
    '',
    Buffer.from('1:2:3').toString('base64url'),
    Buffer.from('abc:1').toString('base64url'),
    Buffer.from('1:18446744073709551616').toString('base64url'),
    Buffer.from("1:1' OR 1=1").toString('base64url'),
  ])('rejects %j', (text) => {
    expect(sut.decode(text)).toBeUndefined();
  });

  it('rejects a forged cursor of valid format: unsigned, re-signed by another key, or edited', () => {
    const position = { decidedAt: new Date('2026-11-20T10:00:00Z'), id: '42' };
    const unsigned = Buffer.from(`${position.decidedAt.getTime()}:42`).toString('base64url');
    expect(sut.decode(unsigned)).toBeUndefined();
    const other = new PageCursorCodec(Buffer.from('o'.repeat(32))).encode(position);
    expect(sut.decode(other)).toBeUndefined();
    const [, mac] = sut.encode(position).split('.');
    const edited = `${Buffer.from(`${position.decidedAt.getTime()}:43`).toString('base64url')}.${mac}`;
    expect(sut.decode(edited)).toBeUndefined();
  });
});

describe('cursorKeyFromSettings', () => {
  it('uses the key, or the file, or a random key per process', () => {
    expect(cursorKeyFromSettings('x'.repeat(32), undefined).toString()).toBe('x'.repeat(32));
    const file = join(mkdtempSync(join(tmpdir(), 'cursor-')), 'key');
    writeFileSync(file, `${'f'.repeat(40)}\n`);
    expect(cursorKeyFromSettings(undefined, file).toString()).toBe('f'.repeat(40));
    const a = cursorKeyFromSettings(undefined, undefined);
    expect(a).toHaveLength(32);
    expect(a.equals(cursorKeyFromSettings(undefined, undefined))).toBe(false);
  });

  it('refuses a short or unreadable file, or both settings, naming the variable', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cursor-')), 'key');
    writeFileSync(file, 'short\n');
    expect(() => cursorKeyFromSettings(undefined, file)).toThrow(
      /AUDIT_API_CURSOR_KEY_FILE: .* at least 32 characters/,
    );
    expect(() => cursorKeyFromSettings(undefined, '/nonexistent/key')).toThrow(
      /AUDIT_API_CURSOR_KEY_FILE: cannot read \/nonexistent\/key \(ENOENT\)/,
    );
    expect(() => cursorKeyFromSettings('x'.repeat(32), file)).toThrow(
      /AUDIT_API_CURSOR_KEY_FILE: set it or AUDIT_API_CURSOR_KEY, not both/,
    );
  });
});
