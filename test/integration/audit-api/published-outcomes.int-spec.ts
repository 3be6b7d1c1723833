import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  duplicateRow,
  insertAuditRow,
  rejectedRow,
  routedRow,
} from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

// Issue 14: a re-sent eventId is audited as `duplicate` (party, target and category kept) but
// published nowhere. Every counting endpoint must leave it out unless asked for it.
const FROM = '2026-11-10T00:00:00Z';
const TO = '2026-11-11T00:00:00Z';
const at = (minutes: number) => new Date(Date.parse(FROM) + minutes * 60_000);

describe('What the audit API counts: published outcomes only, by default, on every endpoint', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;

  beforeAll(async () => {
    db = await createTestDatabase('api_published');
    dataSource = await openDataSource(db.url);
    // contoso: 2 routed decisions, each re-sent twice (4 duplicates); fabrikam: 1 routed.
    for (const [i, target] of ['contoso', 'contoso', 'fabrikam'].entries()) {
      const row = routedRow({
        eventId: `evt-${i}`,
        decidedAt: at(i * 10),
        targetType: 'isv',
        targetId: target,
        category: 'technical',
      });
      await insertAuditRow(dataSource, row);
      if (target === 'contoso') {
        await insertAuditRow(dataSource, duplicateRow(row, { decidedAt: at(i * 10 + 1) }));
        await insertAuditRow(dataSource, duplicateRow(row, { decidedAt: at(i * 10 + 2) }));
      }
    }
    await insertAuditRow(dataSource, rejectedRow({ decidedAt: at(40) }));
    api = await startAuditApi(db.url);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const get = (path: string, query: Record<string, string>) =>
    request(api.server)
      .get(path)
      .query({ from: FROM, to: TO, ...query })
      .set(api.auth('analyst'))
      .expect(200);

  it.each([
    [{}, 2],
    [{ includeUnpublished: 'true' }, 6],
    [{ outcome: 'duplicate' }, 4],
    [{ outcome: 'routed' }, 2],
  ])('search for contoso with %j lists %i rows', async (query, rows) => {
    const res = await get('/v1/decisions', { targetType: 'isv', targetId: 'contoso', ...query });
    expect(res.body.items).toHaveLength(rows);
  });

  it.each([
    ['party', {}, { isv: 3, null: 1 }],
    ['party', { includeUnpublished: 'true' }, { isv: 7, null: 1 }],
    ['target', {}, { 'isv:contoso': 2, 'isv:fabrikam': 1, null: 1 }],
    ['target', { includeUnpublished: 'true' }, { 'isv:contoso': 6, 'isv:fabrikam': 1, null: 1 }],
    ['outcome', {}, { routed: 3, rejected: 1 }],
    ['outcome', { includeUnpublished: 'true' }, { routed: 3, rejected: 1, duplicate: 4 }],
    ['outcome', { outcome: 'duplicate' }, { duplicate: 4 }],
    ['category', {}, { technical: 3, null: 1 }],
    ['category', { targetId: 'contoso' }, { technical: 2 }],
    ['rule', { outcome: 'duplicate' }, { R3a1: 4 }],
  ])('stats by %s with %j count %j', async (groupBy, query, expected) => {
    const res = await get('/v1/stats', { groupBy, bucket: 'day', ...query });
    const totals = Object.fromEntries(
      res.body.series.map((s: { key: string | null; total: number }) => [String(s.key), s.total]),
    );
    expect(totals).toEqual(expected);
    expect(res.body.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });

  it('top targets count published decisions, re-sends only when asked for', async () => {
    const published = await get('/v1/stats/top-targets', {});
    expect(published.body.targets).toEqual([
      { targetType: 'isv', targetId: 'contoso', count: 2 },
      { targetType: 'isv', targetId: 'fabrikam', count: 1 },
    ]);
    const all = await get('/v1/stats/top-targets', { includeUnpublished: 'true' });
    expect(all.body.targets[0]).toEqual({ targetType: 'isv', targetId: 'contoso', count: 6 });
  });

  it.each([
    [{}, ['rejected', 'routed', 'routed', 'routed']],
    [{ outcome: 'duplicate' }, ['duplicate', 'duplicate', 'duplicate', 'duplicate']],
  ])('exports with %j hold the outcomes %j', async (query, outcomes) => {
    const res = await request(api.server)
      .get('/v1/exports/decisions')
      .query({ format: 'ndjson', ...query })
      .set(api.auth('analyst'))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    const lines = (res.body as string).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).outcome)).toEqual(outcomes);
  });

  it('still shows a re-send in the record views: the eventId, and the ticket history', async () => {
    const detail = await request(api.server)
      .get('/v1/decisions/evt-0')
      .set(api.auth('analyst'))
      .expect(200);
    expect(detail.body.outcome).toBe('routed');
    expect(detail.body.related.map((r: { outcome: string }) => r.outcome)).toEqual([
      'duplicate',
      'duplicate',
    ]);
  });
});
