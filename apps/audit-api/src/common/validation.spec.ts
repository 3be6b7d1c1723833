import { parseTimestamp } from './validation';

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-01T00:00:00Z', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T02:30:00+02:00', '2026-11-01T00:30:00.000Z'],
    ['2026-11-01T00:00:00.123456Z', '2026-11-01T00:00:00.123Z'],
    ['2026-11-01T10:15Z', '2026-11-01T10:15:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-11-01T00:00:00',
    '2026-02-30',
    '2026-13-01',
    '1969-12-31',
    '10000-01-01',
    'yesterday',
    '1700000000',
    '2026-11-01 00:00:00Z',
  ])('refuses %s', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});
