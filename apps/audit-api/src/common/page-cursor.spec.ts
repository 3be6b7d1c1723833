import { decodeCursor, encodeCursor } from './page-cursor';

describe('page cursors', () => {
  it('round-trips the position of the last row', () => {
    const position = {
      decidedAt: new Date('2026-11-20T10:11:12.345Z'),
      id: '18446744073709551615',
    };
    const sut = encodeCursor(position);
    expect(sut).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(sut)).toEqual(position);
  });

  it.each([
    'not a cursor',
    '',
    Buffer.from('1:2:3').toString('base64url'),
    Buffer.from('abc:1').toString('base64url'),
    Buffer.from('1:18446744073709551616').toString('base64url'),
    Buffer.from("1:1' OR 1=1").toString('base64url'),
  ])('rejects %j', (text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
