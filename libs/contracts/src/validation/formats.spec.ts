import { charLength, isIsoDateTime, isStringOfLength } from './formats';

describe('formats', () => {
  it('counts a surrogate pair as one character', () => {
    expect(charLength('a😀b')).toBe(3);
    expect(charLength('\ud83d')).toBe(1);
  });

  it('bounds strings in characters', () => {
    expect(isStringOfLength('😀😀', 1, 2)).toBe(true);
    expect(isStringOfLength('😀😀😀', 1, 2)).toBe(false);
    expect(isStringOfLength('', 1, 2)).toBe(false);
    expect(isStringOfLength(3, 0, 2)).toBe(false);
  });

  it.each([
    '2026-11-23T10:15:00Z',
    '2026-11-23T10:15Z',
    '2026-11-23T10:15:00.123+09:00',
    '2024-02-29T00:00:00',
    '2026-11-23t10:15:00z',
  ])('accepts the ISO-8601 date-time %s', (value) => expect(isIsoDateTime(value)).toBe(true));

  it.each([
    'yesterday',
    '2026-11-23',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23 10:15:00Z',
  ])('rejects %s', (value) => expect(isIsoDateTime(value)).toBe(false));
});
