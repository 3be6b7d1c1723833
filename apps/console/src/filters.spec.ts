import {
  autoBucket,
  bucketFits,
  filtersFrom,
  formatTime,
  fromLocalInput,
  presetRange,
  toLocalInput,
  toParams,
  withRange,
} from './filters';
import { href, parseHash } from './route';

const NOW = Date.parse('2026-12-03T09:41:27.123Z');

describe('console URL state', () => {
  it('presets end at the next full hour, so hourly buckets line up', () => {
    expect(presetRange('24h', NOW)).toEqual({
      from: '2026-12-02T10:00:00.000Z',
      to: '2026-12-03T10:00:00.000Z',
    });
    expect(presetRange('7d', Date.parse('2026-12-03T10:00:00Z')).to).toBe(
      '2026-12-03T11:00:00.000Z',
    );
    expect(presetRange('no-such-preset', NOW).from).toBe('2026-11-03T10:00:00.000Z');
  });

  it('gives every view an explicit range: the list and its totals count the same rows', () => {
    expect(withRange({ party: 'isv' }, NOW)).toEqual({
      party: 'isv',
      from: '2026-11-03T10:00:00.000Z',
      to: '2026-12-03T10:00:00.000Z',
    });
    expect(withRange({ to: '2026-11-30T00:00:00.000Z' }, NOW).from).toBe(
      '2026-10-31T00:00:00.000Z',
    );
    const full = { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };
    expect(withRange(full, NOW)).toBe(full);
  });

  it('round-trips the filters through the URL, keeping only API filters', () => {
    const params = new URLSearchParams(
      'party=isv&needsReview=true&cursor=abc&bogus=1&targetId=a%26b&ruleId=',
    );
    const filters = filtersFrom(params);
    expect(filters).toEqual({ party: 'isv', needsReview: 'true', targetId: 'a&b' });
    expect(toParams(filters, { cursor: 'abc', trail: undefined }).toString()).toBe(
      'party=isv&targetId=a%26b&needsReview=true&cursor=abc',
    );
  });

  it('picks a bucket the API accepts (at most 2,000) and refuses too fine ones', () => {
    const day = { from: '2026-12-02T00:00:00Z', to: '2026-12-03T00:00:00Z' };
    const month = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const years = { from: '2024-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    expect([autoBucket(day), autoBucket(month), autoBucket(years)]).toEqual([
      'hour',
      'day',
      'week',
    ]);
    expect(bucketFits('hour', month)).toBe(true);
    expect(bucketFits('hour', { from: '2026-08-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toBe(
      false,
    );
    expect(bucketFits('day', years)).toBe(true);
  });

  it('reads and writes datetime-local values as UTC', () => {
    expect(toLocalInput('2026-11-01T08:30:00.000Z')).toBe('2026-11-01T08:30');
    expect(fromLocalInput('2026-11-01T08:30')).toBe('2026-11-01T08:30:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput('not a time')).toBe('');
    expect(formatTime('2026-11-01T08:30:00.000Z')).toBe('2026-11-01 08:30:00 UTC');
    expect(formatTime(null)).toBe('—');
  });

  it('parses hash routes and encodes path parts', () => {
    expect(parseHash('#/events/evt%2F1?x=1')).toEqual({
      path: ['events', 'evt/1'],
      params: new URLSearchParams('x=1'),
    });
    expect(parseHash('').path).toEqual([]);
    expect(href(['events', 'evt/1'], new URLSearchParams('a=b'))).toBe('#/events/evt%2F1?a=b');
    expect(href(['decisions'])).toBe('#/decisions');
  });
});
