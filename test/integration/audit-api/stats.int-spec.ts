import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AuditMessage,
  insertAuditRows,
  rejectedRow,
  routedRow,
} from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

// Monday 2026-11-16 00:00 UTC.
const MONDAY = Date.parse('2026-11-16T00:00:00Z');
const at = (days: number, hours = 0) => new Date(MONDAY + days * 86_400_000 + hours * 3_600_000);

const isv = (target: string, decidedAt: Date, category = 'technical') =>
  routedRow({
    decidedAt,
    targetType: 'isv',
    targetId: target,
    category,
    expect: { ruleId: 'R3a1' },
  });
const partner = (target: string, decidedAt: Date, category = 'billing') =>
  routedRow({
    decidedAt,
    targetType: 'partner',
    targetId: target,
    category,
    expect: { ruleId: 'R4b1' },
  });

/**
 * Day 0 (Mon): isv a ×3 (10:00), partner p ×2 (10:00, 11:00), one rejected (23:00)
 * Day 1 (Tue): isv b ×1 (00:30), partner p ×1 (05:00)
 * Day 7 (next Mon): isv a ×2 (12:00)
 */
function rows(): AuditMessage[] {
  return [
    isv('a', at(0, 10)),
    isv('a', at(0, 10)),
    isv('a', at(0, 10), 'break-fix'),
    partner('p', at(0, 10)),
    partner('p', at(0, 11), 'payment'),
    rejectedRow({ decidedAt: at(0, 23) }),
    isv('b', new Date(at(1).getTime() + 30 * 60_000)),
    partner('p', at(1, 5)),
    isv('a', at(7, 12)),
    isv('a', at(7, 12)),
  ];
}

describe('GET /v1/stats and /v1/stats/top-targets', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;

  beforeAll(async () => {
    db = await createTestDatabase('api_stats');
    dataSource = await openDataSource(db.url);
    await insertAuditRows(dataSource, rows());
    api = await startAuditApi(db.url);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const stats = (query: Record<string, string>) =>
    request(api.server).get('/v1/stats').query(query).set(api.auth('analyst'));
  const series = (body: { series: { key: string | null; counts: number[] }[] }) =>
    Object.fromEntries(body.series.map((s) => [String(s.key), s.counts]));

  it('counts by party per day over a range, with empty days as zeros and rejected rows under null', async () => {
    const res = await stats({
      groupBy: 'party',
      bucket: 'day',
      from: at(0).toISOString(),
      to: at(3).toISOString(),
    }).expect(200);
    expect(res.body).toMatchObject({
      groupBy: 'party',
      bucket: 'day',
      from: at(0).toISOString(),
      to: at(3).toISOString(),
      buckets: [at(0).toISOString(), at(1).toISOString(), at(2).toISOString()],
      total: 8,
      rest: null,
    });
    expect(series(res.body)).toEqual({ isv: [3, 1, 0], partner: [2, 1, 0], null: [1, 0, 0] });
    expect(res.body.series.map((s: { total: number }) => s.total)).toEqual([4, 3, 1]);
  });

  it('counts per hour and clips the first and last bucket to the range', async () => {
    const res = await stats({
      groupBy: 'outcome',
      bucket: 'hour',
      from: at(0, 10).toISOString(),
      to: new Date(at(0, 11).getTime() + 1).toISOString(),
    }).expect(200);
    expect(res.body.buckets).toEqual([at(0, 10).toISOString(), at(0, 11).toISOString()]);
    expect(series(res.body)).toEqual({ routed: [4, 1] });
  });

  it('counts per week, weeks starting on Monday', async () => {
    const res = await stats({
      groupBy: 'category',
      bucket: 'week',
      from: at(-3).toISOString(),
      to: at(10).toISOString(),
    }).expect(200);
    expect(res.body.buckets).toEqual([
      at(-7).toISOString(),
      at(0).toISOString(),
      at(7).toISOString(),
    ]);
    expect(series(res.body)).toEqual({
      technical: [0, 3, 2],
      billing: [0, 2, 0],
      'break-fix': [0, 1, 0],
      payment: [0, 1, 0],
      null: [0, 1, 0],
    });
  });

  it('counts many small buckets (grouped per bucket) the same way', async () => {
    // 240 hours x 5 categories: above the bare-count limit of one statement.
    const res = await stats({
      groupBy: 'category',
      bucket: 'hour',
      from: at(0).toISOString(),
      to: at(10).toISOString(),
      top: '100',
    }).expect(200);
    expect(res.body.buckets).toHaveLength(240);
    const totals = Object.fromEntries(
      res.body.series.map((s: { key: string; total: number }) => [String(s.key), s.total]),
    );
    expect(totals).toEqual({ technical: 5, billing: 2, 'break-fix': 1, payment: 1, null: 1 });
    const at10 = Object.fromEntries(
      res.body.series.map((s: { key: string; counts: number[] }) => [String(s.key), s.counts[10]]),
    );
    expect(at10).toEqual({ technical: 2, billing: 1, 'break-fix': 1, payment: 0, null: 0 });
  });

  it('counts by rule, restricted by a filter on the grouped column', async () => {
    const res = await stats({
      groupBy: 'rule',
      ruleId: 'R4b1',
      from: at(0).toISOString(),
      to: at(8).toISOString(),
    }).expect(200);
    expect(res.body.total).toBe(3);
    expect(series(res.body)).toEqual({ R4b1: [2, 1, 0, 0, 0, 0, 0, 0] });
  });

  it('counts with a filter on another column (the covering-index plan) the same way', async () => {
    const res = await stats({
      groupBy: 'category',
      party: 'isv',
      from: at(0).toISOString(),
      to: at(2).toISOString(),
    }).expect(200);
    expect(series(res.body)).toEqual({ technical: [2, 1], 'break-fix': [1, 0] });
  });

  it('keeps the top targets as series and sums the others into rest', async () => {
    const res = await stats({
      groupBy: 'target',
      top: '1',
      from: at(0).toISOString(),
      to: at(8).toISOString(),
    }).expect(200);
    expect(res.body.total).toBe(10);
    expect(res.body.series).toEqual([{ key: 'isv:a', total: 5, counts: [3, 0, 0, 0, 0, 0, 0, 2] }]);
    // partner p (3) and isv b (1) are the rest; the rejected row has no target.
    expect(res.body.rest).toEqual({ total: 5, counts: [3, 2, 0, 0, 0, 0, 0, 0] });
  });

  it('names the targets with most decisions', async () => {
    const res = await request(api.server)
      .get('/v1/stats/top-targets')
      .query({ from: at(0).toISOString(), to: at(8).toISOString(), limit: '2' })
      .set(api.auth('analyst'))
      .expect(200);
    expect(res.body.targets).toEqual([
      { targetType: 'isv', targetId: 'a', count: 5 },
      { targetType: 'partner', targetId: 'p', count: 3 },
    ]);
  });

  it('refuses a range with too many buckets, naming the bucket parameter', async () => {
    const res = await stats({
      bucket: 'hour',
      from: '2026-01-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
    }).expect(400);
    expect(res.body.fields).toEqual([
      { field: 'bucket', messages: [expect.stringMatching(/makes 8016 buckets \(at most 2000\)/)] },
    ]);
  });

  it('refuses top targets per hour beyond the size bound with 400 naming top, instead of a 500', async () => {
    // 2,000 hours × 100 targets: once a 500 (the statement exceeded max_allowed_packet).
    const range = {
      from: at(-40).toISOString(),
      to: new Date(at(-40).getTime() + 2000 * 3_600_000).toISOString(),
    };
    const res = await stats({ groupBy: 'target', bucket: 'hour', top: '100', ...range }).expect(
      400,
    );
    expect(res.body.fields).toEqual([
      {
        field: 'top',
        messages: [expect.stringMatching(/2000 hour buckets × top 100 = 200000 .*at most 20000/)],
      },
    ]);
    // At the bound it is answered.
    const ok = await stats({ groupBy: 'target', bucket: 'hour', top: '10', ...range }).expect(200);
    expect(ok.body.buckets).toHaveLength(2000);
    expect(ok.body.total).toBe(10);
  });

  it('defaults to the last 30 days', async () => {
    const res = await stats({}).expect(200);
    const to = Date.parse(res.body.to);
    expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
    expect(to - Date.parse(res.body.from)).toBe(30 * 86_400_000);
    expect(res.body.buckets).toHaveLength(31);
  });
});
