import { AuditStatsReader } from '../persistence/audit-stats.reader';
import { BucketCount } from '../persistence/audit-record';
import { StatsService } from './stats.service';

const day = (d: number) => new Date(Date.UTC(2026, 10, d));

describe(StatsService.name, () => {
  function serviceReturning(rows: BucketCount[]) {
    const audit = {
      countByBucket: jest.fn().mockResolvedValue(rows),
      countTargetsByBucket: jest.fn(),
      topTargets: jest.fn(),
    };
    return { sut: new StatsService(audit as unknown as AuditStatsReader), audit };
  }

  it('gives every series one count per bucket, zeros included, largest total first', async () => {
    const { sut, audit } = serviceReturning([
      { bucketStart: day(2), key: 'isv', count: 4 },
      { bucketStart: day(1), key: 'partner', count: 1 },
      { bucketStart: day(3), key: 'partner', count: 2 },
    ]);
    const res = await sut.counts({ groupBy: 'party', from: '2026-11-01', to: '2026-11-04' });
    expect(audit.countByBucket).toHaveBeenCalledWith(
      expect.objectContaining({ from: day(1), to: day(4) }),
      'day',
      'party',
    );
    expect(res.buckets).toEqual([day(1), day(2), day(3)].map((d) => d.toISOString()));
    expect(res.series).toEqual([
      { key: 'isv', total: 4, counts: [0, 4, 0] },
      { key: 'partner', total: 3, counts: [1, 0, 2] },
    ]);
    expect(res.total).toBe(7);
    expect(res.rest).toBeNull();
  });

  it('sums the series beyond `top` into rest', async () => {
    const { sut } = serviceReturning([
      { bucketStart: day(1), key: 'a', count: 5 },
      { bucketStart: day(1), key: 'b', count: 3 },
      { bucketStart: day(2), key: 'c', count: 2 },
    ]);
    const res = await sut.counts({ groupBy: 'rule', top: 1, from: '2026-11-01', to: '2026-11-03' });
    expect(res.series.map((s) => s.key)).toEqual(['a']);
    expect(res.rest).toEqual({ total: 5, counts: [3, 2] });
  });

  it('refuses more than 20,000 target series points, naming top, before any query', async () => {
    const { sut, audit } = serviceReturning([]);
    const query = {
      groupBy: 'target' as const,
      bucket: 'hour' as const,
      from: '2026-01-01',
      to: '2026-03-25T08:00:00Z',
    };
    // 2,000 hours.
    await expect(sut.counts({ ...query, top: 11 })).rejects.toMatchObject({
      response: { fields: [{ field: 'top', messages: [expect.stringMatching(/= 22000 /)] }] },
    });
    await expect(sut.counts({ ...query, groupBy: 'party', top: 100 })).resolves.toBeDefined();
    expect(audit.topTargets).not.toHaveBeenCalled();
  });

  it('refuses from after to', async () => {
    const { sut } = serviceReturning([]);
    await expect(sut.counts({ from: '2026-11-05' }, day(1))).rejects.toMatchObject({
      response: { fields: [{ field: 'from', messages: ['from must be earlier than to'] }] },
    });
  });
});
