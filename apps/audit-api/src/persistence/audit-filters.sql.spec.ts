import {
  bucketOf,
  bucketRanges,
  bucketStart,
  filtersToSql,
  searchIndexHint,
  searchPlan,
} from './audit-filters.sql';

describe('filtersToSql', () => {
  it('is empty without filters', () => {
    expect(filtersToSql({})).toEqual({ sql: '', params: [] });
  });

  it('puts every value in a placeholder, never in the SQL text', () => {
    const hostile = "x' OR '1'='1";
    const sut = filtersToSql({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
      party: hostile,
      targetType: hostile,
      targetId: hostile,
      category: hostile,
      categorySource: hostile,
      ruleId: hostile,
      outcome: hostile,
      source: hostile,
      ticketId: hostile,
      needsReview: true,
      ruleSetVersion: hostile,
    });
    expect(sut.sql).not.toContain(hostile);
    expect(sut.sql).not.toMatch(/LIKE/i);
    expect(sut.sql.split('?').length - 1).toBe(sut.params.length);
    expect(sut.params.filter((p) => p === hostile)).toHaveLength(10);
  });

  it('compares free-text ids exactly, byte length included (PAD SPACE collations)', () => {
    const sut = filtersToSql({ targetType: 'isv', targetId: 'contoso é' });
    expect(sut.sql).toBe('WHERE target_type = ? AND target_id = ? AND LENGTH(target_id) = ?');
    // 'é' is two bytes in UTF-8.
    expect(sut.params).toEqual(['isv', 'contoso é', 10]);
  });

  it('lets a target id alone use the (target_type, target_id) index', () => {
    expect(filtersToSql({ targetId: 'x' }).sql).toBe(
      'WHERE target_type IN (?, ?, ?, ?, ?) AND target_id = ? AND LENGTH(target_id) = ?',
    );
  });

  it('takes a set of outcomes as IN, each a placeholder', () => {
    expect(filtersToSql({ outcome: ['routed', 'rejected'] })).toEqual({
      sql: 'WHERE outcome IN (?, ?)',
      params: ['routed', 'rejected'],
    });
  });

  it('continues after a cursor in (decided_at, id) descending order', () => {
    const decidedAt = new Date('2026-11-01T10:00:00.123Z');
    const sut = filtersToSql({ party: 'isv' }, { decidedAt, id: '42' });
    expect(sut.sql).toBe('WHERE party = ? AND decided_at <= ? AND (decided_at < ? OR id < ?)');
    expect(sut.params).toEqual(['isv', decidedAt, decidedAt, '42']);
  });
});

describe('stats buckets', () => {
  it.each([
    ['hour', '2026-11-18T13:45:10.500Z', '2026-11-18T13:00:00.000Z'],
    ['day', '2026-11-18T13:45:10.500Z', '2026-11-18T00:00:00.000Z'],
    // 2026-11-18 is a Wednesday: its week starts on Monday the 16th.
    ['week', '2026-11-18T13:45:10.500Z', '2026-11-16T00:00:00.000Z'],
    ['week', '2026-11-16T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
    ['week', '2026-11-15T23:59:59.999Z', '2026-11-09T00:00:00.000Z'],
    ['day', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'],
  ] as const)('puts a %s bucket of %s at %s', (bucket, time, start) => {
    expect(bucketStart(bucket, bucketOf(bucket, new Date(time))).toISOString()).toBe(start);
  });

  it('numbers days the way TO_DAYS() does', () => {
    // SELECT TO_DAYS('2026-11-18') answers 740303 on MariaDB and MySQL
    expect(bucketOf('day', new Date('2026-11-18T12:00:00Z'))).toBe(740303);
  });

  it('clips the first and last buckets to the range', () => {
    const sut = bucketRanges(
      'day',
      new Date('2026-11-01T06:00:00Z'),
      new Date('2026-11-03T12:00:00Z'),
    );
    expect(sut.map((r) => [r.from.toISOString(), r.to.toISOString()])).toEqual([
      ['2026-11-01T06:00:00.000Z', '2026-11-02T00:00:00.000Z'],
      ['2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
      ['2026-11-03T00:00:00.000Z', '2026-11-03T12:00:00.000Z'],
    ]);
  });
});

describe('searchIndexHint', () => {
  it.each([
    [{}, 'FORCE INDEX (ix_audit_decided_at)'],
    [{ from: new Date(), to: new Date() }, 'FORCE INDEX (ix_audit_decided_at)'],
    [{ party: 'isv' }, 'FORCE INDEX (ix_audit_party)'],
    [{ party: 'isv', from: new Date() }, 'FORCE INDEX (ix_audit_party)'],
    [{ needsReview: true }, 'FORCE INDEX (ix_audit_needs_review)'],
    [{ targetType: 'isv', targetId: 'x' }, ''],
    [{ ticketId: 'T-1', party: 'isv' }, ''],
    [{ party: 'isv', category: 'billing' }, 'FORCE INDEX (ix_audit_stats)'],
    [{ source: 'zendesk' }, 'FORCE INDEX (ix_audit_stats)'],
    [{ categorySource: 'default' }, 'FORCE INDEX (ix_audit_stats)'],
    // A set of outcomes (the published ones by default) does not choose the index...
    [{ outcome: ['routed', 'rejected'] }, 'FORCE INDEX (ix_audit_decided_at)'],
    [{ party: 'isv', outcome: ['routed', 'rejected'] }, 'FORCE INDEX (ix_audit_party)'],
    // ...one outcome does.
    [{ outcome: 'duplicate' }, 'FORCE INDEX (ix_audit_outcome)'],
  ])('for %j is %j', (filters, hint) => {
    expect(searchIndexHint(filters)).toBe(hint);
  });
});

describe('searchPlan', () => {
  it('bounds a walk of ix_audit_stats by a decided_at range, so filters are checked in the index', () => {
    const sut = searchPlan({ party: 'isv', category: 'billing' });
    expect(sut.hint).toBe('FORCE INDEX (ix_audit_stats)');
    expect(sut.filters.from).toEqual(new Date(0));
  });

  it('leaves a given range and other plans alone', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    expect(searchPlan({ party: 'isv', category: 'billing', from }).filters.from).toBe(from);
    expect(searchPlan({ party: 'isv' }).filters.from).toBeUndefined();
  });
});
