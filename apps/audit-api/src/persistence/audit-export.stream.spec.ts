import { EXPORT_COLUMNS } from '../exports/export-format';
import { exportRecord } from './audit-export.stream';
import { SUMMARY } from './audit-row-columns';

/** A row as mysql2 gives it with rowsAsArray and dateStrings, in SUMMARY order. */
function driverRow(values: Record<string, unknown>, extras: unknown[] = []): unknown[] {
  return [...SUMMARY.columns.map((c) => values[c.name] ?? null), ...extras];
}

const ROW = driverRow({
  id: '17',
  event_id: 'evt-1',
  source: 'zendesk-emea',
  ticket_id: 'ZD-1',
  occurred_at: '2026-11-01 09:59:58.500',
  received_at: '2026-11-01 10:00:00.003',
  decided_at: '2026-11-01 10:00:00.004',
  input_topic: 'support.tickets.new',
  input_partition: 3,
  input_offset: '42',
  outcome: 'routed',
  party: 'isv',
  target_type: 'isv',
  target_id: 'contoso',
  category: 'technical',
  category_source: 'explicit',
  requester_role: 'customer',
  rule_id: 'R3a1',
  clauses: '["C2","C3"]',
  rule_set_version: 'rs-1',
  catalog_version: '0a1b',
  needs_review: 0,
});

describe(exportRecord.name, () => {
  it('has the export columns, in their order (NDJSON writes the object as it is)', () => {
    expect(Object.keys(exportRecord(ROW, { rationale: false, requester: false }))).toEqual(
      EXPORT_COLUMNS,
    );
  });

  it('decodes each column with the table’s codec: times as ISO-8601 text', () => {
    expect(exportRecord(ROW, { rationale: false, requester: false })).toEqual({
      id: '17',
      eventId: 'evt-1',
      source: 'zendesk-emea',
      ticketId: 'ZD-1',
      occurredAt: '2026-11-01T09:59:58.500Z',
      receivedAt: '2026-11-01T10:00:00.003Z',
      decidedAt: '2026-11-01T10:00:00.004Z',
      outcome: 'routed',
      party: 'isv',
      targetType: 'isv',
      targetId: 'contoso',
      category: 'technical',
      categorySource: 'explicit',
      requesterRole: 'customer',
      ruleId: 'R3a1',
      clauses: ['C2', 'C3'],
      ruleSetVersion: 'rs-1',
      needsReview: false,
      duplicateOfId: null,
      inputTopic: 'support.tickets.new',
      inputPartition: 3,
      inputOffset: '42',
    });
  });

  it('adds the payload fields asked for, after the columns', () => {
    const row = driverRow({}, ['why', 'a@b.example', 't-1']);
    const record = exportRecord(row, { rationale: true, requester: true });
    expect(Object.keys(record).slice(-3)).toEqual([
      'rationale',
      'requesterEmail',
      'requesterTenantId',
    ]);
    expect(record).toMatchObject({
      rationale: 'why',
      requesterEmail: 'a@b.example',
      requesterTenantId: 't-1',
    });
  });
});
