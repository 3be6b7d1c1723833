import { bucketRanges } from './audit-filters.sql';
import {
  bucketCountStatement,
  countedKeys,
  MAX_COUNTS_PER_STATEMENT,
  perTargetStatement,
  planBucketCounts,
  splitRanges,
  targetTotalsStatement,
  topTargetsStatement,
} from './audit-stats.plan';

const from = new Date('2026-11-01T00:00:00Z');
const to = new Date('2026-11-03T00:00:00Z');
const PUBLISHED = ['routed', 'rejected'] as const;
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe(planBucketCounts.name, () => {
  it.each([
    ['party', 'party', 'ix_audit_party'],
    ['category', 'category', 'ix_audit_category'],
    ['rule', 'rule_id', 'ix_audit_rule'],
    ['outcome', 'outcome', 'ix_audit_outcome'],
  ] as const)(
    'counts ranges of the (column, decided_at) index when only time constrains %s',
    (dimension, column, index) => {
      expect(planBucketCounts({ from, to }, dimension)).toEqual({
        kind: 'index-ranges',
        column,
        index,
      });
    },
  );

  it('keeps to the grouped column’s index when the only filter is on that column', () => {
    expect(planBucketCounts({ from, to, outcome: PUBLISHED }, 'outcome')).toEqual({
      kind: 'index-ranges',
      column: 'outcome',
      index: 'ix_audit_outcome',
      only: ['routed', 'rejected'],
    });
    expect(planBucketCounts({ from, to, party: 'isv' }, 'party')).toMatchObject({
      only: ['isv'],
    });
  });

  it.each([
    ['the published outcomes, grouped by party', { outcome: PUBLISHED }, 'party'],
    ['a party, grouped by category', { party: 'isv' }, 'category'],
    ['a target, grouped by rule', { targetType: 'isv', targetId: 'contoso' }, 'rule'],
    ['needs review, grouped by outcome', { needsReview: true }, 'outcome'],
  ] as const)('scans ix_audit_stats for %s', (_what, filters, dimension) => {
    expect(planBucketCounts({ from, to, ...filters }, dimension)).toEqual({
      kind: 'stats-scan',
      column: dimension === 'rule' ? 'rule_id' : dimension,
      index: 'ix_audit_stats',
    });
  });

  it('ignores filters left undefined', () => {
    expect(planBucketCounts({ from, to, party: undefined }, 'category').kind).toBe('index-ranges');
  });
});

describe(countedKeys.name, () => {
  it('counts every value the column holds, NULL included, unless the filter narrows them', () => {
    const every = planBucketCounts({ from, to }, 'party');
    const some = planBucketCounts({ from, to, outcome: PUBLISHED }, 'outcome');
    if (every.kind !== 'index-ranges' || some.kind !== 'index-ranges') throw new Error('plan');
    expect(countedKeys(every, ['isv', null, 'future'])).toEqual(['isv', null, 'future']);
    expect(countedKeys(some, ['routed', 'duplicate', null, 'rejected'])).toEqual([
      'routed',
      'rejected',
    ]);
  });
});

describe(bucketCountStatement.name, () => {
  const plan = planBucketCounts({ from, to }, 'party');

  it('counts each (bucket, key) range on its own, NULL with IS NULL', () => {
    const ranges = bucketRanges('day', from, to);
    const { sql, params } = bucketCountStatement(plan, { from, to }, 'day', ranges, ['isv', null]);
    const parts = sql.split(' UNION ALL ').map(oneLine);
    expect(parts).toEqual([
      'SELECT ? AS b, ? AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (ix_audit_party) WHERE party = ? AND decided_at >= ? AND decided_at < ?',
      'SELECT ? AS b, ? AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (ix_audit_party) WHERE party IS NULL AND decided_at >= ? AND decided_at < ?',
      expect.stringContaining('party = ?'),
      expect.stringContaining('party IS NULL'),
    ]);
    expect(params.slice(0, 5)).toEqual([
      ranges[0].bucket,
      'isv',
      'isv',
      ranges[0].from,
      ranges[0].to,
    ]);
    expect(params.slice(5, 9)).toEqual([ranges[0].bucket, null, ranges[0].from, ranges[0].to]);
  });

  it(`groups per bucket beyond ${MAX_COUNTS_PER_STATEMENT} counts in one statement`, () => {
    const ranges = bucketRanges('hour', from, new Date('2026-12-01T00:00:00Z'));
    const keys = ['partner', 'isv', null];
    expect(ranges.length * keys.length).toBeGreaterThan(MAX_COUNTS_PER_STATEMENT);
    const { sql, params } = bucketCountStatement(plan, { from, to }, 'hour', ranges, keys);
    const parts = sql.split(' UNION ALL ').map(oneLine);
    expect(parts).toHaveLength(ranges.length);
    expect(parts[0]).toBe(
      'SELECT ? AS b, party AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (ix_audit_party) WHERE (party IN (?, ?) OR party IS NULL) AND decided_at >= ? AND decided_at < ? GROUP BY party',
    );
    expect(params.slice(0, 5)).toEqual([
      ranges[0].bucket,
      'partner',
      'isv',
      ranges[0].from,
      ranges[0].to,
    ]);
  });

  it('scans ix_audit_stats over the part’s whole range, grouped by bucket and key', () => {
    const filters = { from, to, party: 'isv' };
    const stats = planBucketCounts(filters, 'category');
    const ranges = bucketRanges('day', from, to);
    const { sql, params } = bucketCountStatement(stats, filters, 'day', ranges.slice(1));
    expect(oneLine(sql)).toBe(
      'SELECT TO_DAYS(decided_at) AS b, category AS k, COUNT(*) AS n FROM audit_events FORCE INDEX (ix_audit_stats) WHERE decided_at >= ? AND decided_at < ? AND party = ? GROUP BY b, k',
    );
    expect(params).toEqual([ranges[1].from, to, 'isv']);
  });
});

describe('target statements', () => {
  const filters = { from, to, outcome: PUBLISHED };
  const ranges = bucketRanges('day', from, to);

  it('totals each bucket over ix_audit_stats with the filters but time', () => {
    const { sql, params } = targetTotalsStatement(filters, ranges);
    expect(sql.split(' UNION ALL ').map(oneLine)).toEqual(
      ranges.map(
        () =>
          'SELECT ? AS b, COUNT(*) AS n, COUNT(target_type) AS t FROM audit_events FORCE INDEX (ix_audit_stats) WHERE decided_at >= ? AND decided_at < ? AND outcome IN (?, ?)',
      ),
    );
    expect(params).toEqual(ranges.flatMap((r) => [r.bucket, r.from, r.to, 'routed', 'rejected']));
  });

  it('counts each target on ix_audit_target, its id compared byte for byte', () => {
    const targets = [{ targetType: 'isv', targetId: 'contoso' }];
    const statement = perTargetStatement(filters, ranges.slice(0, 1), targets);
    expect(oneLine(statement?.sql ?? '')).toBe(
      'SELECT ? AS b, ? AS k0, ? AS k1, COUNT(*) AS n FROM audit_events FORCE INDEX (ix_audit_target) WHERE target_type = ? AND target_id = ? AND LENGTH(target_id) = ? AND decided_at >= ? AND decided_at < ? AND outcome IN (?, ?)',
    );
    expect(perTargetStatement(filters, ranges, [])).toBeUndefined();
  });

  it('ranks top targets from ix_audit_stats, rows without a target left out', () => {
    expect(oneLine(topTargetsStatement(filters, ranges).sql)).toBe(
      'SELECT target_type, target_id, COUNT(*) AS n FROM audit_events FORCE INDEX (ix_audit_stats) WHERE decided_at >= ? AND decided_at < ? AND outcome IN (?, ?) AND target_type IS NOT NULL GROUP BY target_type, target_id',
    );
  });
});

describe(splitRanges.name, () => {
  it('cuts the buckets into at most `parallelism` consecutive parts', () => {
    const parts = splitRanges('hour', from, to, 5);
    expect(parts).toHaveLength(5);
    expect(parts.flat()).toEqual(bucketRanges('hour', from, to));
    expect(parts.map((p) => p.length)).toEqual([10, 10, 10, 10, 8]);
    // 2026-11-01 is a Sunday: two weeks, so two parts however many are allowed.
    expect(splitRanges('week', from, to, 4)).toHaveLength(2);
  });
});
