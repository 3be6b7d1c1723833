import request from 'supertest';
import { DataSource } from 'typeorm';
import { insertAuditRows, routedRow } from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

/** What attackers and unlucky copy-pastes send. */
const HOSTILE = [
  "' OR '1'='1",
  "x' OR 1=1 -- ",
  '1; DROP TABLE audit_events; --',
  "') UNION SELECT payload FROM audit_events -- ",
  '" OR ""="',
  '\\',
  "\\'",
  '%',
  '_',
  'partner%',
  'partner-_',
  '*',
  'контосо-ИСВ',
  '契約パートナー',
  '🙂🚀',
  'e\u0301',
  'ab\u200bcd',
  '\u202eevil',
  'a'.repeat(129),
  'b'.repeat(5000),
  ' partner-1',
  'partner-1 ',
];

/** Free-text filters and the literal values rows were written with (see beforeAll). */
const TEXT_FILTERS = ['targetId', 'ruleId', 'source', 'ticketId', 'ruleSetVersion'] as const;
const ENUM_FILTERS = ['party', 'targetType', 'category', 'categorySource', 'outcome'] as const;

describe('Audit API input validation and injection safety', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;
  const literal = "' OR '1'='1";

  beforeAll(async () => {
    db = await createTestDatabase('api_validation');
    dataSource = await openDataSource(db.url);
    await insertAuditRows(dataSource, [
      routedRow({ eventId: 'evt-normal', targetId: 'partner-1', source: 'zendesk-emea' }),
      // One row holds hostile text literally: a search for it must find it, and only it.
      routedRow({
        eventId: literal,
        targetId: literal,
        source: literal,
        ticketId: literal,
        stored: { ruleId: literal, ruleSetVersion: literal },
      }),
      routedRow({ eventId: 'evt-percent', targetId: '%', ticketId: '契約パートナー' }),
    ]);
    api = await startAuditApi(db.url);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const get = (path: string, query: Record<string, string> = {}) =>
    request(api.server).get(path).query(query).set(api.auth('analyst'));

  describe('400 naming the parameter', () => {
    it.each([
      [{ limit: '0' }, 'limit', /limit must be an integer from 1 to 500/],
      [{ limit: '501' }, 'limit', /limit must be an integer from 1 to 500/],
      [{ limit: 'ten' }, 'limit', /limit must be an integer/],
      [{ limit: '1e3' }, 'limit', /limit must be an integer/],
      [{ from: 'yesterday' }, 'from', /from must be an ISO-8601 date-time with a time zone/],
      [{ from: '2026-11-01T10:00:00' }, 'from', /with a time zone/],
      [{ from: '2026-02-30' }, 'from', /ISO-8601/],
      [{ to: '10000-01-01T00:00:00Z' }, 'to', /ISO-8601/],
      [{ from: '2026-11-02', to: '2026-11-01' }, 'to', /to must be later than from/],
      [{ party: 'customer' }, 'party', /party must be one of partner, isv, microsoft/],
      [{ targetType: 'reseller' }, 'targetType', /targetType must be one of/],
      [{ category: 'Billing' }, 'category', /category must be one of/],
      [{ categorySource: 'guessed' }, 'categorySource', /categorySource must be one of/],
      [{ outcome: 'lost' }, 'outcome', /outcome must be one of routed, rejected, duplicate/],
      [{ needsReview: 'yes' }, 'needsReview', /needsReview must be true or false/],
      [
        { includeUnpublished: '1' },
        'includeUnpublished',
        /includeUnpublished must be true or false/,
      ],
      [{ targetId: 'a'.repeat(129) }, 'targetId', /targetId must be text of 1 to 128 characters/],
      [{ ruleId: 'r'.repeat(65) }, 'ruleId', /ruleId must be text of 1 to 64/],
      [{ source: '' }, 'source', /source must be text of 1 to 64/],
      [{ ticketId: 'a\u0000b' }, 'ticketId', /without control characters/],
      [{ cursor: 'not a cursor!' }, 'cursor', /cursor must be the nextCursor of a previous page/],
      [{ cursor: 'AAAA' }, 'cursor', /cursor must be the nextCursor of a previous page/],
      [{ partner: 'x' }, 'partner', /property partner should not exist/],
    ])('GET /v1/decisions?%j -> 400 naming %s', async (query, field, message) => {
      const res = await get('/v1/decisions', query).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      expect(res.body.message.join(' ')).toMatch(message);
    });

    it('names every bad parameter at once', async () => {
      const res = await get('/v1/decisions', { party: 'x', limit: '0' }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'limit',
        'party',
      ]);
    });

    it('refuses a parameter given twice (an array) instead of guessing', async () => {
      const res = await request(api.server)
        .get('/v1/decisions?party=isv&party=partner')
        .set(api.auth('analyst'))
        .expect(400);
      expect(res.body.fields[0].field).toBe('party');
    });

    it.each([
      ['/v1/stats', { groupBy: 'tenant' }, 'groupBy'],
      ['/v1/stats', { bucket: 'minute' }, 'bucket'],
      ['/v1/stats', { top: '101' }, 'top'],
      ['/v1/stats/top-targets', { limit: '0' }, 'limit'],
      ['/v1/exports/decisions', { format: 'xlsx' }, 'format'],
      ['/v1/exports/decisions', { include: 'payload' }, 'include'],
      ['/v1/exports/decisions', { include: 'rationale,rationale' }, 'include'],
    ])('%s?%j -> 400 naming %s', async (path, query, field) => {
      const res = await get(path, query).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    });

    it.each([
      [`/v1/decisions/${'e'.repeat(129)}`, 'eventId'],
      ['/v1/decisions/by-id/0', 'id'],
      ['/v1/decisions/by-id/12abc', 'id'],
      [`/v1/tickets/${'s'.repeat(65)}/T-1/decisions`, 'source'],
      [`/v1/tickets/zendesk/${'t'.repeat(129)}/decisions`, 'ticketId'],
    ])('%s -> 400 naming %s', async (path, field) => {
      const res = await get(path).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    });
  });

  describe('hostile values are only ever data', () => {
    it.each(TEXT_FILTERS.flatMap((filter) => HOSTILE.map((value) => [filter, value] as const)))(
      'GET /v1/decisions?%s=%j: no error, no row but an exact match',
      async (filter, value) => {
        const res = await get('/v1/decisions', { [filter]: value });
        expect(res.status).not.toBe(500);
        if (res.status === 400) {
          expect(res.body.fields[0].field).toBe(filter);
          return;
        }
        expect(res.status).toBe(200);
        const expected =
          value === literal
            ? [literal]
            : value === '%' && filter === 'targetId'
              ? ['evt-percent']
              : value === '契約パートナー' && filter === 'ticketId'
                ? ['evt-percent']
                : value === 'partner-1' && filter === 'targetId'
                  ? ['evt-normal']
                  : [];
        expect(res.body.items.map((i: { eventId: string }) => i.eventId)).toEqual(expected);
      },
    );

    it.each(
      ENUM_FILTERS.flatMap((filter) =>
        HOSTILE.slice(0, 8).map((value) => [filter, value] as const),
      ),
    )('GET /v1/decisions?%s=%j -> 400, never run', async (filter, value) => {
      const res = await get('/v1/decisions', { [filter]: value }).expect(400);
      expect(res.body.fields[0].field).toBe(filter);
    });

    it.each(HOSTILE)('stats, top targets and export with targetId=%j stay empty', async (value) => {
      for (const path of ['/v1/stats', '/v1/stats/top-targets', '/v1/exports/decisions']) {
        const res = await get(path, { targetId: value });
        expect(res.status).not.toBe(500);
        if (res.status === 200 && path === '/v1/stats' && value !== literal && value !== '%') {
          expect(res.body.total).toBe(0);
        }
      }
    });

    it.each(HOSTILE.filter((v) => v.length <= 128))(
      'GET /v1/decisions/:eventId with %j finds only an exact match',
      async (value) => {
        const res = await get(`/v1/decisions/${encodeURIComponent(value)}`);
        expect([200, 400, 404]).toContain(res.status);
        if (res.status === 200) expect(res.body.eventId).toBe(value);
      },
    );

    it.each(HOSTILE.filter((v) => v.length <= 64))(
      'GET /v1/tickets/:source/:ticketId with %j finds only an exact match',
      async (value) => {
        const path = `/v1/tickets/${encodeURIComponent(value)}/${encodeURIComponent(value)}/decisions`;
        const res = await get(path);
        expect([200, 400, 404]).toContain(res.status);
        if (res.status === 200) {
          expect(res.body.decisions.map((d: { eventId: string }) => d.eventId)).toEqual([literal]);
        }
      },
    );

    it('answers 400, not 500, to bytes that are not UTF-8', async () => {
      const res = await request(api.server).get('/v1/decisions/%ff%fe').set(api.auth('analyst'));
      expect(res.status).toBe(400);
      const query = await request(api.server)
        .get('/v1/decisions?targetId=%ff%fe')
        .set(api.auth('analyst'));
      expect([200, 400]).toContain(query.status);
      if (query.status === 200) expect(query.body.items).toEqual([]);
    });

    it('leaves the table as it was', async () => {
      const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM audit_events');
      expect(Number(n)).toBe(3);
    });
  });
});
