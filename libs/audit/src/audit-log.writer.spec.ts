import { TicketClassifier } from '@app/classifier';
import type { DataSource } from 'typeorm';
import { AUDIT_INSERT_COLUMNS, JsonText } from './audit-columns';
import { auditDraft } from './audit-draft';
import { AuditLogWriter, STATEMENT_ROWS } from './audit-log.writer';

const classifier = new TicketClassifier({
  findOffer: () => undefined,
  findPublisherName: () => undefined,
});

/**
 * A writer over a stand-in of TypeORM's mysql2 pool that records each prepared statement and
 * answers as INSERT IGNORE would for rows that are all new: a row equal to one before it in
 * the statement is skipped.
 */
function recordingWriter() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const width = AUDIT_INSERT_COLUMNS.names.length;
  const execute = (
    sql: string,
    params: unknown[],
    done: (error: Error | null, result: { affectedRows: number }) => void,
  ) => {
    statements.push({ sql, params });
    const rows = new Set<string>();
    for (let i = 0; i < params.length; i += width) {
      rows.add(JSON.stringify(params.slice(i, i + width)));
    }
    done(null, { affectedRows: rows.size });
  };
  const dataSource = { driver: { pool: { execute } } } as unknown as DataSource;
  return { writer: new AuditLogWriter(dataSource), statements, width };
}

function drafts(count: number) {
  const receivedAt = new Date('2026-11-23T10:15:01.234Z');
  return Array.from({ length: count }, (_, i) =>
    auditDraft(
      classifier.classify(`not json ${i}`, { topic: 'in', partition: 0, offset: String(i) }),
      'in',
      0,
      String(i),
      receivedAt,
    ),
  );
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

  it('sends a batch as one prepared statement of the next row count it has, padded with copies of the last row', async () => {
    const { writer, statements, width } = recordingWriter();
    const records = await writer.record(drafts(5));
    expect(statements).toHaveLength(1);
    expect(STATEMENT_ROWS).toContain(6);
    expect(statements[0].sql.match(/\(\?(,\?)*\)/g)).toHaveLength(6);
    const rows = Array.from({ length: 6 }, (_, i) =>
      statements[0].params.slice(i * width, (i + 1) * width),
    );
    expect(rows[5]).toEqual(rows[4]);
    expect(new Set(rows.slice(0, 5).map((r) => JSON.stringify(r))).size).toBe(5);
    // The copy is skipped by INSERT IGNORE: all five count as written.
    expect(records.map((r) => r.kind)).toEqual(Array(5).fill('written'));
  });

  it('uses only the fixed row counts, at most 1,024 rows a statement', async () => {
    const { writer, statements, width } = recordingWriter();
    await writer.record(drafts(1100));
    const counts = statements.map((st) => st.params.length / width);
    expect(counts).toEqual([1024, 96]);
    for (let n = 1; n <= 40; n++) await writer.record(drafts(n));
    const shapes = new Set(statements.map((st) => st.sql));
    expect(shapes.size).toBeLessThanOrEqual(STATEMENT_ROWS.length);
    for (const st of statements) {
      expect(STATEMENT_ROWS).toContain(st.params.length / width);
    }
  });

  it('keeps a statement under 4 MiB with its padding counted', async () => {
    const { writer, statements, width } = recordingWriter();
    // About 0.75 MB a row as estimated: 5 rows fit, but their 6-row statement would not.
    const big = drafts(6).map((d) => ({ ...d, payloadJson: JSON.stringify('x'.repeat(250_000)) }));
    await writer.record(big);
    expect(statements.map((st) => st.params.length / width)).toEqual([4, 2]);
  });
});
