import { TicketClassifier } from '@app/classifier';
import type { DataSource } from 'typeorm';
import { AUDIT_INSERT_COLUMNS, JsonText } from './audit-columns';
import { auditDraft } from './audit-draft';
import { AuditLogWriter } from './audit-log.writer';

const classifier = new TicketClassifier({
  findOffer: () => undefined,
  findPublisherName: () => undefined,
});

/** A writer over a data source that records its statements and inserts every row. */
function recordingWriter() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const dataSource = {
    query: (sql: string, params: unknown[]) => {
      statements.push({ sql, params });
      return Promise.resolve({ affectedRows: params.length / AUDIT_INSERT_COLUMNS.names.length });
    },
  } as unknown as DataSource;
  return { writer: new AuditLogWriter(dataSource), statements };
}

describe('AuditLogWriter values', () => {
  it('inserts every column of the table, in its order, each through its codec', async () => {
    const receivedAt = new Date('2026-11-23T10:15:01.234Z');
    const draft = auditDraft(
      classifier.classify('not json', { topic: 'in', partition: 2, offset: '7' }),
      'in',
      2,
      '7',
      receivedAt,
    );
    const { writer, statements } = recordingWriter();
    await writer.record([draft]);
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toContain(`(${AUDIT_INSERT_COLUMNS.names.join(',')})`);
    expect(statements[0].params).toEqual(
      AUDIT_INSERT_COLUMNS.values({
        eventId: draft.eventId,
        dedupKey: null,
        source: draft.source,
        ticketId: draft.ticketId,
        occurredAt: draft.occurredAt,
        receivedAt,
        decidedAt: draft.decidedAt,
        inputTopic: 'in',
        inputPartition: 2,
        inputOffset: '7',
        outcome: 'rejected',
        party: null,
        targetType: null,
        targetId: null,
        category: null,
        categorySource: null,
        requesterRole: null,
        ruleId: null,
        clauses: null,
        ruleSetVersion: null,
        catalogVersion: null,
        needsReview: false,
        duplicateOfId: null,
        payload: new JsonText(draft.payloadJson),
      }),
    );
    expect(statements[0].params).not.toContain(undefined);
  });
});
