import { decide } from '@app/support-model';
import {
  aTicket,
  inMemoryCatalog,
  OFFERS,
} from '@app/support-model/testing/support-model.fixtures';
import { csvLine, CSV_COLUMNS, renderTable } from './backtest-format';
import { AuditRowInput, BacktestTally } from './backtest-tally';

const catalog = inMemoryCatalog();
/** The same offers, but proseware's managed app is no longer Azure-based. */
const changedCatalog = inMemoryCatalog(
  OFFERS.map((o) => (o.offerId === 'proseware.vm-app' ? { ...o, azureBased: false } : o)),
);

let nextId = 1;
/** A routed audit row as the router stores it: the routed event, input and decision. */
function routedRow(ticket: ReturnType<typeof aTicket>, payloadAsText = false): AuditRowInput {
  const id = String(nextId++);
  const payload = {
    eventId: `routed-${id}`,
    type: 'ticket.routed',
    version: 1,
    sourceEventId: `e-${id}`,
    source: 'zendesk',
    ...ticket,
    ticket: { id: `T-${id}`, ...ticket.ticket },
    routing: decide(ticket, catalog),
  };
  return {
    id,
    outcome: 'routed',
    decidedAt: new Date('2026-11-20T10:00:00Z'),
    payload: payloadAsText ? JSON.stringify(payload) : payload,
  };
}

const deployment = aTicket({
  ticket: { category: 'deployment-provisioning' },
  product: { offerId: 'proseware.vm-app' },
});

describe(BacktestTally.name, () => {
  it('finds no change when the rules and the catalog are the ones that decided', () => {
    const sut = new BacktestTally(catalog);
    sut.add(routedRow(aTicket()));
    sut.add(routedRow(deployment, true));
    sut.add(routedRow(aTicket({ ticket: { category: undefined, subject: 'App crashes' } })));
    const summary = sut.summary();
    expect(summary).toMatchObject({ rowsRead: 3, decided: 3, changed: 0, unchanged: 3 });
    expect(summary.matrix).toEqual({
      'isv/isv': { 'isv/isv': 1 },
      'partner/partner': { 'partner/partner': 2 },
    });
    expect(summary.samples).toEqual([]);
  });

  it('counts the changes, the matrix and the rules before and after, with samples', () => {
    const sut = new BacktestTally(changedCatalog, 1);
    const first = routedRow(deployment);
    sut.add(first);
    sut.add(routedRow(deployment));
    sut.add(routedRow(aTicket()));
    const summary = sut.summary();
    // Not Azure-based any more: deployment is ISV-side, so the customer's partner -> the ISV.
    expect(summary).toMatchObject({ decided: 3, changed: 2, unchanged: 1 });
    expect(summary.matrix).toEqual({
      'partner/partner': { 'isv/isv': 2, 'partner/partner': 1 },
    });
    expect(summary.rules).toEqual({
      R3a1: { before: 0, after: 2 },
      R4b1: { before: 1, after: 1 },
      R4b2: { before: 2, after: 0 },
    });
    expect(summary.changedParts).toEqual({ party: 2, target: 2, escalation: 2, rule: 2 });
    expect(summary.samples).toHaveLength(1);
    expect(summary.samples[0]).toMatchObject({
      eventId: `e-${first.id}`,
      changed: ['party', 'target', 'escalation', 'rule'],
      before: { party: 'partner', ruleId: 'R4b2', escalation: 'microsoft:microsoft' },
      after: { party: 'isv', targetId: 'proseware', ruleId: 'R3a1', escalation: '' },
    });
    expect(summary.samples[0].before.rationale).not.toBe(summary.samples[0].after.rationale);
  });

  it('skips rows without a decidable input and counts them by reason', () => {
    const sut = new BacktestTally(catalog);
    sut.add({ id: '1', outcome: 'rejected', decidedAt: new Date(), payload: { raw: 'x' } });
    sut.add({ id: '2', outcome: 'duplicate', decidedAt: new Date(), payload: {} });
    sut.add({
      id: '3',
      outcome: 'routed',
      decidedAt: new Date(),
      payload: '{"not": "a routed event"',
    });
    sut.add({ id: '4', outcome: 'routed', decidedAt: new Date(), payload: { routing: {} } });
    expect(sut.summary()).toMatchObject({
      rowsRead: 4,
      decided: 0,
      skipped: { rejected: 1, duplicate: 1, unreadable: 2 },
    });
  });

  it('hands every change to a listener, beyond the samples kept', () => {
    const seen: string[] = [];
    const sut = new BacktestTally(changedCatalog, 0, (c) => seen.push(c.rowId));
    const rows = [routedRow(deployment), routedRow(aTicket()), routedRow(deployment)];
    rows.forEach((row) => sut.add(row));
    expect(seen).toEqual([rows[0].id, rows[2].id]);
    expect(sut.summary().samples).toEqual([]);
  });
});

describe('backtest report formats', () => {
  const sut = new BacktestTally(changedCatalog);
  sut.add(routedRow(deployment));
  sut.add(routedRow(aTicket()));
  sut.add({ id: '99', outcome: 'rejected', decidedAt: new Date(), payload: {} });
  const summary = sut.summary();
  const query = { from: 'a', to: 'b', filters: { party: 'partner' }, catalog: 'offers.json' };

  it('renders a readable table with the matrix, the rules and both rationales', () => {
    const text = renderTable(query, summary);
    expect(text).toContain('rows read 3; decided again 2; changed 1 (50.00%); skipped rejected 1');
    expect(text).toMatch(/partner\/partner\s+1\s+1\n/);
    expect(text).toMatch(/R4b2\s+1\s+0\s+-1\n/);
    expect(text).toContain(summary.samples[0].before.rationale);
    expect(text).toContain(summary.samples[0].after.rationale);
  });

  it('writes one CSV line per change, quoted where needed', () => {
    const line = csvLine(summary.samples[0]);
    expect(line.split(',').length).toBeGreaterThanOrEqual(CSV_COLUMNS.length);
    expect(line).toMatch(
      /^\d+,e-\d+,T-\d+,zendesk,2026-11-20T10:00:00.000Z,party target escalation rule,partner,/,
    );
    expect(line).toContain(`"${summary.samples[0].after.rationale.replace(/"/g, '""')}"`);
  });

  it('keeps a spreadsheet from reading a cell as a formula', () => {
    const change = { ...summary.samples[0], ticketId: '=HYPERLINK("x")' };
    expect(csvLine(change)).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
