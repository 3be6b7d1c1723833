import request from 'supertest';
import { DataSource } from 'typeorm';
import { insertAuditRows, rejectedRow, routedRow } from '../../support/audit-rows.factory';
import { RunningAuditApi, startAuditApi } from '../../support/audit-api';
import { createTestDatabase, openDataSource, TestDatabase } from '../../support/services';

/** A small RFC 4180 reader: enough to prove the export parses back to the values written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

const T0 = Date.parse('2026-11-12T08:00:00Z');

describe('GET /v1/exports/decisions', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let api: RunningAuditApi;

  beforeAll(async () => {
    db = await createTestDatabase('api_export');
    dataSource = await openDataSource(db.url);
    await insertAuditRows(dataSource, [
      routedRow({
        eventId: 'evt-plain',
        decidedAt: new Date(T0),
        targetType: 'isv',
        targetId: 'contoso',
        category: 'technical',
        email: 'alice@contoso-customer.example',
        tenantId: 'tenant-alice',
        stored: { rationale: 'Goes to the ISV, "as C3 says", then\nnothing else.' },
      }),
      // Values a spreadsheet would run, and separators in ids: all must come back as text.
      routedRow({
        eventId: 'evt-formula',
        decidedAt: new Date(T0 + 1000),
        source: '=HYPERLINK("http://evil.example","x")',
        ticketId: '+1,2;"three"',
        targetType: 'partner',
        targetId: '@SUM(A1:A9)',
        stored: { ruleId: '-2+3' },
        email: 'bob@customer.example',
      }),
      rejectedRow({ decidedAt: new Date(T0 + 2000), raw: 'not json' }),
    ]);
    api = await startAuditApi(db.url);
  });

  afterAll(async () => {
    await api?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const exportAs = (role: 'analyst' | 'pii' | 'admin', query: Record<string, string>) =>
    request(api.server)
      .get('/v1/exports/decisions')
      .query(query)
      .set(api.auth(role))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  it('writes CSV with a header, newest first, RFC 4180 quoting and formulas neutralised', async () => {
    const res = await exportAs('analyst', { format: 'csv', include: 'rationale' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="decisions-\d{8}T\d{6}Z\.csv"$/,
    );
    const [header, ...rows] = parseCsv(res.body as string);
    expect(header).toEqual([
      'id',
      'eventId',
      'source',
      'ticketId',
      'occurredAt',
      'receivedAt',
      'decidedAt',
      'outcome',
      'party',
      'targetType',
      'targetId',
      'category',
      'categorySource',
      'requesterRole',
      'ruleId',
      'clauses',
      'ruleSetVersion',
      'needsReview',
      'duplicateOfId',
      'inputTopic',
      'inputPartition',
      'inputOffset',
      'rationale',
    ]);
    const byEvent = Object.fromEntries(
      rows.map((r) => [r[1], Object.fromEntries(header.map((h, i) => [h, r[i]]))]),
    );
    expect(rows.map((r) => r[1])).toEqual(['', 'evt-formula', 'evt-plain']);
    expect(byEvent['evt-plain']).toMatchObject({
      decidedAt: new Date(T0).toISOString(),
      outcome: 'routed',
      party: 'isv',
      targetId: 'contoso',
      clauses: 'C2 C3 C4 C7',
      needsReview: 'false',
      duplicateOfId: '',
      rationale: 'Goes to the ISV, "as C3 says", then\nnothing else.',
    });
    expect(byEvent['evt-formula']).toMatchObject({
      source: `'=HYPERLINK("http://evil.example","x")`,
      ticketId: `'+1,2;"three"`,
      targetId: `'@SUM(A1:A9)`,
      ruleId: `'-2+3`,
    });
    // No cell of the file starts with a formula character.
    expect(rows.flat().filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  it('writes NDJSON, one typed object a line, with the same filters', async () => {
    const res = await exportAs('analyst', { format: 'ndjson', party: 'isv' }).expect(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = (res.body as string).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        eventId: 'evt-plain',
        party: 'isv',
        clauses: ['C2', 'C3', 'C4', 'C7'],
        needsReview: false,
        inputPartition: 0,
        decidedAt: new Date(T0).toISOString(),
      }),
    ]);
  });

  it('exports only a header when nothing matches', async () => {
    const res = await exportAs('analyst', { format: 'csv', ruleId: 'no-such-rule' }).expect(200);
    expect(parseCsv(res.body as string)).toHaveLength(1);
  });

  it('adds the requester columns for a role allowed to see personal data', async () => {
    const res = await exportAs('pii', { format: 'ndjson', include: 'requester' }).expect(200);
    const rows = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.eventId, r.requesterEmail, r.requesterTenantId])).toEqual([
      [null, null, null],
      ['evt-formula', 'bob@customer.example', expect.stringMatching(/^tenant-/)],
      ['evt-plain', 'alice@contoso-customer.example', 'tenant-alice'],
    ]);
  });

  it('refuses the requester columns to an analyst (403) and never puts personal data in their export', async () => {
    const refused = await exportAs('analyst', { include: 'requester' }).expect(403);
    expect(refused.body).toMatch(/needs a key with the role pii or admin/);
    for (const format of ['csv', 'ndjson']) {
      const res = await exportAs('analyst', { format, include: 'rationale' }).expect(200);
      expect(res.body).not.toMatch(/@[a-z-]*customer\.example|tenant-/);
    }
  });
});
