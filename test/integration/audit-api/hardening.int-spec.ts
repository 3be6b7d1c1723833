import request from 'supertest';
import { DataSource } from 'typeorm';
import { insertAuditRows, routedRow } from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

// Issue 13 (5) and issue 8 (7): forged cursors, unthrottled key guessing, headers, bodies.
describe('Audit API hardening', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;

  beforeAll(async () => {
    db = await createTestDatabase('api_hardening');
    dataSource = await openDataSource(db.url);
    const base = Date.parse('2026-11-20T12:00:00Z');
    await insertAuditRows(
      dataSource,
      Array.from({ length: 5 }, (_, i) =>
        routedRow({ eventId: `hard-${i}`, decidedAt: new Date(base + i * 1000) }),
      ),
    );
    api = await startAuditApi(db.url, {
      AUDIT_API_UNAUTHENTICATED_RATE_LIMIT: '3',
      AUDIT_API_TRUSTED_PROXIES: '1',
    });
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const page = (query: Record<string, string>) =>
    request(api.server).get('/v1/decisions').query(query).set(api.auth('analyst'));

  describe('page cursors', () => {
    it('accepts the cursor it issued', async () => {
      const first = await page({ limit: '2' }).expect(200);
      const second = await page({ limit: '2', cursor: first.body.nextCursor }).expect(200);
      expect(second.body.items.map((i: { eventId: string }) => i.eventId)).toEqual([
        'hard-2',
        'hard-1',
      ]);
    });

    it.each([
      // The unsigned format of the position alone, pointing anywhere.
      ['a hand-made position', Buffer.from(`${Date.now()}:999999`).toString('base64url')],
      [
        'a hand-made position with a made-up signature',
        `${Buffer.from('1:1').toString('base64url')}.${'A'.repeat(22)}`,
      ],
    ])('refuses %s with 400 naming cursor', async (_what, cursor) => {
      const res = await page({ cursor }).expect(400);
      expect(res.body.fields).toEqual([
        {
          field: 'cursor',
          messages: ['cursor must be the nextCursor of a previous page, unchanged'],
        },
      ]);
    });

    it('refuses an issued cursor whose position was edited', async () => {
      const first = await page({ limit: '2' }).expect(200);
      const [, mac] = (first.body.nextCursor as string).split('.');
      const moved = `${Buffer.from(`${Date.parse('2030-01-01')}:1`).toString('base64url')}.${mac}`;
      const res = await page({ cursor: moved }).expect(400);
      expect(res.body.fields[0].field).toBe('cursor');
    });
  });

  describe('requests without a valid key', () => {
    it('are limited per client address: 429 with Retry-After once spent; keys keep their own budget', async () => {
      const from = { 'X-Forwarded-For': '203.0.113.7' };
      for (let i = 0; i < 3; i++) {
        await request(api.server)
          .get('/v1/me')
          .set({ ...from, Authorization: `Bearer tra_guess${i}` })
          .expect(401);
      }
      const limited = await request(api.server)
        .get('/v1/me')
        .set({ ...from, Authorization: 'Bearer tra_guess4' })
        .expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // No key at all counts the same way.
      await request(api.server).get('/v1/me').set(from).expect(429);
      // Another address has its own budget; a valid key from the limited address works.
      await request(api.server).get('/v1/me').set({ 'X-Forwarded-For': '203.0.113.8' }).expect(401);
      await request(api.server)
        .get('/v1/me')
        .set({ ...from, ...api.auth('analyst') })
        .expect(200);
    });
  });

  describe('HTTP', () => {
    it('sends security headers and no X-Powered-By', async () => {
      const res = await request(api.server).get('/v1/me').set(api.auth('analyst')).expect(200);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'strict-transport-security': expect.stringContaining('max-age='),
      });
      const docs = await request(api.server).get('/docs-json').expect(200);
      expect(docs.headers['x-powered-by']).toBeUndefined();
    });

    it('refuses a request body with 413 before reading it', async () => {
      const res = await request(api.server)
        .post('/v1/decisions')
        .set(api.auth('analyst'))
        .send({ a: 'x'.repeat(100_000) })
        .expect(413);
      expect(res.body.message).toMatch(/takes no request body/);
      await request(api.server)
        .get('/v1/me')
        .set({ ...api.auth('analyst'), 'Content-Length': '5' })
        .send('hello')
        .expect(413);
    });
  });
});
