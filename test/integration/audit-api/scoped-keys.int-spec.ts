import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  duplicateRow,
  insertAuditRow,
  rejectedRow,
  routedRow,
} from '../../support/audit-rows.factory';
import { makeKey, RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

// Issue 8 (6): a key bound to one target sees that target's rows only, on every endpoint;
// another target's rows do not exist for it (404, never 403).
const FROM = '2026-11-10T00:00:00Z';
const TO = '2026-11-11T00:00:00Z';
const at = (minutes: number) => new Date(Date.parse(FROM) + minutes * 60_000);

describe('Audit API keys scoped to one target', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;
  const contosoKey = makeKey('contoso-desk', 'pii', { targetType: 'isv', targetId: 'contoso' });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('api_scoped');
    dataSource = await openDataSource(db.url);
    const c1 = routedRow({
      eventId: 'evt-c1',
      decidedAt: at(1),
      source: 'zendesk-emea',
      ticketId: 'ZD-SHARED',
      targetType: 'isv',
      targetId: 'contoso',
    });
    ids.c1 = await insertAuditRow(dataSource, c1);
    ids.c1dup = await insertAuditRow(dataSource, duplicateRow(c1, { decidedAt: at(2) }));
    ids.c2 = await insertAuditRow(
      dataSource,
      routedRow({ eventId: 'evt-c2', decidedAt: at(3), targetType: 'isv', targetId: 'contoso' }),
    );
    // The same ticket re-routed to another publisher; and a publisher whose id differs by a space.
    ids.f1 = await insertAuditRow(
      dataSource,
      routedRow({
        eventId: 'evt-f1',
        decidedAt: at(4),
        source: 'zendesk-emea',
        ticketId: 'ZD-SHARED',
        targetType: 'isv',
        targetId: 'fabrikam',
      }),
    );
    ids.f2 = await insertAuditRow(
      dataSource,
      routedRow({
        eventId: 'evt-f2',
        decidedAt: at(5),
        source: 'zendesk-emea',
        ticketId: 'ZD-FAB',
        targetType: 'isv',
        targetId: 'contoso ',
      }),
    );
    ids.p1 = await insertAuditRow(
      dataSource,
      routedRow({
        eventId: 'evt-p1',
        decidedAt: at(6),
        targetType: 'partner',
        targetId: 'contoso',
      }),
    );
    ids.rej = await insertAuditRow(
      dataSource,
      rejectedRow({ decidedAt: at(7), raw: JSON.stringify({ eventId: 'evt-rej' }) }),
    );
    api = await startAuditApi(db.url, {}, [contosoKey]);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const get = (path: string, query: Record<string, string> = {}) =>
    request(api.server)
      .get(path)
      .query(query)
      .set({ Authorization: `Bearer ${contosoKey.key}` });
  const idsOf = (items: { id: string }[]) => items.map((i) => i.id);

  it('says which target the key is bound to', async () => {
    const res = await get('/v1/me').expect(200);
    expect(res.body).toEqual({
      name: 'contoso-desk',
      role: 'pii',
      personalData: true,
      target: 'isv/contoso',
    });
  });

  it.each([
    [{}, ['c2', 'c1']],
    [{ includeUnpublished: 'true' }, ['c2', 'c1dup', 'c1']],
    [{ targetId: 'contoso' }, ['c2', 'c1']],
    [{ targetType: 'isv', targetId: 'fabrikam' }, []],
    [{ targetType: 'partner' }, []],
    [{ party: 'partner' }, []],
    [{ outcome: 'rejected' }, []],
    [{ source: 'zendesk-emea', ticketId: 'ZD-SHARED' }, ['c1']],
  ])('search %j lists only its rows', async (query, names) => {
    const res = await get('/v1/decisions', query).expect(200);
    expect(idsOf(res.body.items)).toEqual(names.map((n) => ids[n]));
  });

  it('follows next pages within its rows only', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await get('/v1/decisions', {
        limit: '1',
        includeUnpublished: 'true',
        ...(cursor ? { cursor } : {}),
      }).expect(200);
      seen.push(...idsOf(res.body.items));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([ids.c2, ids.c1dup, ids.c1]);
  });

  it('opens its decisions by eventId and row id, with only its related rows', async () => {
    const res = await get('/v1/decisions/evt-c1').expect(200);
    expect(res.body.id).toBe(ids.c1);
    expect(idsOf(res.body.related)).toEqual([ids.c1dup]);
    await get(`/v1/decisions/by-id/${ids.c2}`).expect(200);
  });

  it.each(['evt-f1', 'evt-f2', 'evt-p1', 'evt-rej'])(
    'answers 404 for %s, as for an eventId that does not exist',
    async (eventId) => {
      const res = await get(`/v1/decisions/${eventId}`).expect(404);
      expect(res.body.message).toBe(
        `No decision has eventId "${eventId}". Check the id (it is case-sensitive), or search ` +
          '/v1/decisions by source and ticketId.',
      );
    },
  );

  it.each(['f1', 'f2', 'p1', 'rej'])('answers 404 for the row id of %s', async (name) => {
    const res = await get(`/v1/decisions/by-id/${ids[name]}`).expect(404);
    expect(res.body.message).toBe(`No audit row has id ${ids[name]}; ids come from /v1/decisions.`);
  });

  it("shows only its rows of a ticket's history, and 404 for another target's ticket", async () => {
    const shared = await get('/v1/tickets/zendesk-emea/ZD-SHARED/decisions').expect(200);
    expect(idsOf(shared.body.decisions)).toEqual([ids.c1, ids.c1dup]);
    await get('/v1/tickets/zendesk-emea/ZD-FAB/decisions').expect(404);
  });

  it.each([
    ['party', {}, { isv: 2 }],
    ['target', {}, { 'isv:contoso': 2 }],
    ['outcome', { includeUnpublished: 'true' }, { routed: 2, duplicate: 1 }],
    // An ISV's rows are technical questions (the rules send billing to partners, like p1's).
    ['category', {}, { technical: 2 }],
    ['party', { targetId: 'fabrikam' }, {}],
  ])('counts only its rows in stats by %s (%j)', async (groupBy, query, expected) => {
    const res = await get('/v1/stats', { groupBy, from: FROM, to: TO, ...query }).expect(200);
    const totals = Object.fromEntries(
      res.body.series.map((s: { key: string | null; total: number }) => [String(s.key), s.total]),
    );
    expect(totals).toEqual(expected);
    expect(res.body.rest).toBeNull();
  });

  it('names only itself among the top targets', async () => {
    const res = await get('/v1/stats/top-targets', { from: FROM, to: TO }).expect(200);
    expect(res.body.targets).toEqual([{ targetType: 'isv', targetId: 'contoso', count: 2 }]);
  });

  it.each([
    [{}, ['c2', 'c1']],
    [{ targetId: 'fabrikam' }, []],
  ])('exports only its rows (%j)', async (query, names) => {
    const res = await get('/v1/exports/decisions', { format: 'ndjson', ...query })
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    const lines = (res.body as string).split('\n').filter((l) => l.length > 0);
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(names.map((n) => ids[n]));
  });

  it('leaves unscoped keys seeing every target', async () => {
    const res = await request(api.server).get('/v1/decisions').set(api.auth('analyst')).expect(200);
    expect(res.body.items).toHaveLength(6);
  });
});
