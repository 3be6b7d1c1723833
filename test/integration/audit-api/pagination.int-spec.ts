import request from 'supertest';
import { DataSource } from 'typeorm';
import { insertAuditRows, routedRow } from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

describe('GET /v1/decisions pages while the router keeps inserting', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let writer: DataSource;
  let api: RunningAuditApi;

  beforeAll(async () => {
    db = await createTestDatabase('api_paging');
    dataSource = await openDataSource(db.url);
    writer = await openDataSource(db.url);
    api = await startAuditApi(db.url);
  });

  afterAll(async () => {
    await api?.close();
    await writer?.destroy();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('walks back through every existing row exactly once, in order, while new rows arrive', async () => {
    // Existing rows: many share one decided_at, so the id tie-breaker is exercised too.
    const base = Date.parse('2026-11-20T12:00:00Z');
    const existing = Array.from({ length: 600 }, (_, i) =>
      routedRow({
        eventId: `old-${i}`,
        decidedAt: new Date(base + Math.floor(i / 7) * 1000),
        targetId: `partner-${i % 5}`,
      }),
    );
    await insertAuditRows(dataSource, existing, 100);
    const expected: { id: string }[] = await dataSource.query(
      'SELECT id FROM audit_events ORDER BY decided_at DESC, id DESC',
    );

    // The router writes newer rows in batches while the analyst pages.
    let inserting = true;
    let inserted = 0;
    const writerLoop = (async () => {
      while (inserting) {
        const now = Date.now();
        await insertAuditRows(
          writer,
          Array.from({ length: 20 }, (_, i) =>
            routedRow({ eventId: `new-${inserted + i}`, decidedAt: new Date(now + i) }),
          ),
        );
        inserted += 20;
      }
    })();

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    try {
      // The first page is taken once the writer has begun: it holds new rows too.
      while (inserted === 0) await new Promise((r) => setTimeout(r, 5));
      for (;;) {
        const res = await request(api.server)
          .get('/v1/decisions')
          .query({ limit: '37', ...(cursor ? { cursor } : {}) })
          .set(api.auth('analyst'))
          .expect(200);
        seen.push(...res.body.items.map((item: { id: string }) => item.id));
        pages++;
        if (!res.body.nextCursor) break;
        cursor = res.body.nextCursor;
        // Let the writer get ahead between pages.
        await new Promise((r) => setTimeout(r, 3));
      }
    } finally {
      inserting = false;
      await writerLoop;
    }

    expect(inserted).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    const existingIds = expected.map((r) => r.id);
    // The new rows seen are all on the first page(s), before the first existing row...
    const firstExisting = seen.indexOf(existingIds[0]);
    expect(seen.slice(firstExisting)).toEqual(existingIds);
    // ...and every row listed before it is one the writer added.
    const added: { id: string }[] = await dataSource.query(
      "SELECT id FROM audit_events WHERE event_id LIKE 'new-%'",
    );
    const addedIds = new Set(added.map((r) => r.id));
    expect(seen.slice(0, firstExisting).every((id) => addedIds.has(id))).toBe(true);
    expect(pages).toBeGreaterThan(600 / 37);
  });
});
