import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AuditMessage,
  CATALOG_VERSION,
  duplicateRow,
  insertAuditRow,
  rejectedRow,
  routedRow,
  ticketInput,
} from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

const T0 = Date.parse('2026-11-10T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

/** Known rows, by name; each test names the rows a query must return, newest first. */
function fixtures(): Record<string, AuditMessage> {
  const r2 = routedRow({
    eventId: 'evt-r2',
    decidedAt: at(2),
    source: 'servicenow-na',
    ticketId: 'SN-7',
    targetType: 'isv',
    targetId: 'contoso',
    category: 'break-fix',
    expect: { ruleId: 'R3a1', clauses: ['C2', 'C3', 'C4', 'C7'] },
    // Decided by an earlier rule set, which worded its rationale so.
    stored: {
      ruleSetVersion: '2026.10.0',
      rationale: 'A break-fix question about a known publisher goes to the ISV (C2, C3, C4).',
    },
  });
  // A valid input but for its missing subject: rejected for that reason alone.
  const r7 = ticketInput({ eventId: 'evt-r7', source: 'zendesk-emea', ticketId: 'ZD-9' });
  const { id, description, category } = r7.ticket;
  const withoutSubject = { ...r7, ticket: { id, description, category } };
  return {
    r1: routedRow({
      eventId: 'evt-r1',
      decidedAt: at(1),
      source: 'zendesk-emea',
      ticketId: 'ZD-1',
      targetType: 'partner',
      targetId: 'partner-1',
      category: 'billing',
      expect: { ruleId: 'R4b1' },
    }),
    r2,
    r3: routedRow({
      eventId: 'evt-r3',
      decidedAt: at(3),
      source: 'zendesk-emea',
      ticketId: 'ZD-2',
      requesterRole: 'indirect-reseller',
      targetType: 'indirect-provider',
      targetId: 'provider-9',
      category: 'billing',
      categorySource: 'inferred',
      expect: { ruleId: 'R2b', clauses: ['C8'] },
    }),
    r4: routedRow({
      eventId: 'evt-r4',
      decidedAt: at(4),
      source: 'jira-sm',
      ticketId: 'J-1',
      requesterRole: 'partner',
      targetType: 'microsoft',
      targetId: 'microsoft',
      category: 'other',
      categorySource: 'default',
      expect: { party: 'microsoft', ruleId: 'R5b', clauses: ['C6'], needsReview: true },
    }),
    r5: duplicateRow(r2, { decidedAt: at(5) }),
    r6: rejectedRow({ decidedAt: at(6), raw: 'not json at all {' }),
    r7: rejectedRow({ decidedAt: at(7), raw: JSON.stringify(withoutSubject) }),
    r8: routedRow({
      eventId: 'evt-r8',
      decidedAt: at(8),
      source: 'zendesk-emea',
      ticketId: 'ZD-1',
      targetType: 'partner',
      targetId: 'partner-1',
      category: 'payment',
      expect: { ruleId: 'R4b1' },
    }),
    // Same id as r2's target but for a trailing space: PAD SPACE must not make them equal.
    r9: routedRow({
      eventId: 'evt-r9',
      decidedAt: at(9),
      source: 'servicenow-na',
      ticketId: 'SN-8',
      targetType: 'isv',
      targetId: 'contoso ',
      category: 'technical',
      expect: { ruleId: 'R3a1' },
    }),
  };
}

describe('GET /v1/decisions, /v1/decisions/:eventId, /v1/tickets/:source/:ticketId/decisions', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;
  const idOf = new Map<string, string>();
  const nameOf = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase('api_decisions');
    dataSource = await openDataSource(db.url);
    const rows = fixtures();
    for (const [name, row] of Object.entries(rows)) {
      const id = await insertAuditRow(dataSource, row);
      idOf.set(name, id);
      nameOf.set(id, name);
    }
    api = await startAuditApi(db.url);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const search = (query: Record<string, string>) =>
    request(api.server).get('/v1/decisions').query(query).set(api.auth('analyst'));
  const names = (body: { items: { id: string }[] }) => body.items.map((i) => nameOf.get(i.id));

  it('returns every published decision newest first, with the summary fields', async () => {
    const res = await search({}).expect(200);
    // r5 is a duplicate: a re-send the router published nowhere (issue 14).
    expect(names(res.body)).toEqual(['r9', 'r8', 'r7', 'r6', 'r4', 'r3', 'r2', 'r1']);
    expect(res.body.nextCursor).toBeNull();
    const r2 = res.body.items.find((i: { id: string }) => i.id === idOf.get('r2'));
    expect(r2).toEqual({
      id: idOf.get('r2'),
      eventId: 'evt-r2',
      source: 'servicenow-na',
      ticketId: 'SN-7',
      occurredAt: new Date(T0 + 2 * 3_600_000 - 1500).toISOString(),
      receivedAt: new Date(T0 + 2 * 3_600_000 - 3).toISOString(),
      decidedAt: at(2).toISOString(),
      inputTopic: 'support.tickets.new',
      inputPartition: 0,
      inputOffset: expect.stringMatching(/^\d+$/),
      outcome: 'routed',
      party: 'isv',
      targetType: 'isv',
      targetId: 'contoso',
      category: 'break-fix',
      categorySource: 'explicit',
      requesterRole: 'customer',
      ruleId: 'R3a1',
      clauses: ['C2', 'C3', 'C4', 'C7'],
      ruleSetVersion: '2026.10.0',
      catalogVersion: CATALOG_VERSION,
      needsReview: false,
      duplicateOfId: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('@customer.example');
  });

  it.each([
    [{ from: at(3).toISOString() }, ['r9', 'r8', 'r7', 'r6', 'r4', 'r3']],
    [{ to: at(3).toISOString() }, ['r2', 'r1']],
    [{ from: '2026-11-10T04:00:00+02:00', to: '2026-11-10T05:00:00+02:00' }, ['r2']],
    [{ from: '2026-11-10', to: '2026-11-11' }, ['r9', 'r8', 'r7', 'r6', 'r4', 'r3', 'r2', 'r1']],
    [{ party: 'partner' }, ['r8', 'r3', 'r1']],
    [{ party: 'isv' }, ['r9', 'r2']],
    [{ party: 'isv', includeUnpublished: 'true' }, ['r9', 'r5', 'r2']],
    [{ party: 'microsoft' }, ['r4']],
    [{ targetType: 'indirect-provider' }, ['r3']],
    [{ targetType: 'isv', targetId: 'contoso' }, ['r2']],
    [{ targetType: 'isv', targetId: 'contoso', includeUnpublished: 'true' }, ['r5', 'r2']],
    [{ targetType: 'isv', targetId: 'contoso', outcome: 'duplicate' }, ['r5']],
    [{ targetId: 'contoso' }, ['r2']],
    [{ targetId: 'contoso ' }, ['r9']],
    [{ targetId: 'partner-1' }, ['r8', 'r1']],
    [{ category: 'billing' }, ['r3', 'r1']],
    [{ categorySource: 'inferred' }, ['r3']],
    [{ categorySource: 'default' }, ['r4']],
    [{ ruleId: 'R3a1' }, ['r9', 'r2']],
    [{ ruleId: 'r3a1' }, []],
    [{ outcome: 'rejected' }, ['r7', 'r6']],
    [{ outcome: 'duplicate' }, ['r5']],
    [{ outcome: 'routed', includeUnpublished: 'true' }, ['r9', 'r8', 'r4', 'r3', 'r2', 'r1']],
    [{ includeUnpublished: 'true' }, ['r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']],
    [{ includeUnpublished: 'false' }, ['r9', 'r8', 'r7', 'r6', 'r4', 'r3', 'r2', 'r1']],
    [{ source: 'zendesk-emea' }, ['r8', 'r7', 'r3', 'r1']],
    [{ ticketId: 'ZD-1' }, ['r8', 'r1']],
    [{ source: 'servicenow-na', ticketId: 'SN-7' }, ['r2']],
    [{ needsReview: 'true' }, ['r4']],
    [{ needsReview: 'false', party: 'microsoft' }, []],
    [{ ruleSetVersion: '2026.10.0' }, ['r2']],
    [{ party: 'partner', category: 'payment', source: 'zendesk-emea' }, ['r8']],
  ])('filters %j to exactly the matching rows', async (query, expected) => {
    const res = await search(query).expect(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('pages with a cursor: each row once, newest first, then a null cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '2', includeUnpublished: 'true' };
      if (cursor) query.cursor = cursor;
      const res = await search(query).expect(200);
      seen.push(...names(res.body).map(String));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(['r9', 'r8', 'r7', 'r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    expect(pages).toBe(5);
  });

  it('shows one decision by eventId: routing with rationale and clauses, the input, its duplicates', async () => {
    const res = await request(api.server)
      .get('/v1/decisions/evt-r2')
      .set(api.auth('pii'))
      .expect(200);
    expect(res.body).toMatchObject({
      id: idOf.get('r2'),
      eventId: 'evt-r2',
      outcome: 'routed',
      routing: {
        party: 'isv',
        target: { type: 'isv', id: 'contoso', name: 'contoso Ltd' },
        escalation: [],
        category: 'break-fix',
        categorySource: 'explicit',
        ruleId: 'R3a1',
        clauses: ['C2', 'C3', 'C4', 'C7'],
        rationale: 'A break-fix question about a known publisher goes to the ISV (C2, C3, C4).',
        ruleSetVersion: '2026.10.0',
        needsReview: false,
      },
      input: {
        eventId: 'evt-r2',
        type: 'ticket.created',
        source: 'servicenow-na',
        ticket: { id: 'SN-7' },
        requester: { role: 'customer' },
      },
      rejection: null,
      payload: { type: 'ticket.routed', version: 1, sourceEventId: 'evt-r2' },
      personalDataRedacted: false,
    });
    expect(res.body.related.map((r: { id: string }) => nameOf.get(r.id))).toEqual(['r5']);
    expect(res.body.related[0]).toMatchObject({
      outcome: 'duplicate',
      duplicateOfId: idOf.get('r2'),
    });
  });

  it('shows a rejected input with its reasons and where it came from', async () => {
    const res = await request(api.server)
      .get('/v1/decisions/evt-r7')
      .set(api.auth('analyst'))
      .expect(200);
    expect(res.body).toMatchObject({
      outcome: 'rejected',
      routing: null,
      input: null,
      rejection: {
        errors: [{ path: 'ticket.subject', message: 'is required' }],
        origin: { topic: 'support.tickets.new', partition: 0 },
      },
    });
    expect(JSON.parse(res.body.rejection.raw)).toMatchObject({ eventId: 'evt-r7' });
  });

  it('answers 404 for an unknown eventId, with how to look further', async () => {
    const res = await request(api.server)
      .get('/v1/decisions/no-such-event')
      .set(api.auth('analyst'))
      .expect(404);
    expect(res.body.message).toMatch(/No decision has eventId "no-such-event"/);
  });

  it("lists one ticket's decisions oldest first, including its duplicates", async () => {
    const res = await request(api.server)
      .get('/v1/tickets/zendesk-emea/ZD-1/decisions')
      .set(api.auth('analyst'))
      .expect(200);
    expect(res.body).toMatchObject({ source: 'zendesk-emea', ticketId: 'ZD-1', truncated: false });
    expect(res.body.decisions.map((d: { id: string }) => nameOf.get(d.id))).toEqual(['r1', 'r8']);

    const sn7 = await request(api.server)
      .get('/v1/tickets/servicenow-na/SN-7/decisions')
      .set(api.auth('analyst'))
      .expect(200);
    expect(sn7.body.decisions.map((d: { id: string }) => nameOf.get(d.id))).toEqual(['r2', 'r5']);
  });

  it('answers 404 for a ticket of another source', async () => {
    await request(api.server)
      .get('/v1/tickets/servicenow-na/ZD-1/decisions')
      .set(api.auth('analyst'))
      .expect(404);
  });
});
