import { getMetadataArgsStorage } from 'typeorm';
import { AUDIT_COLUMNS, AUDIT_INSERT_COLUMNS, AuditColumnSet, JsonText } from './audit-columns';
import { AuditEventEntity } from './audit-event.entity';

describe('AUDIT_COLUMNS', () => {
  it('names the same columns as the entity TypeORM maps', () => {
    const declared = getMetadataArgsStorage()
      .columns.filter((c) => c.target === AuditEventEntity)
      .map((c) => [c.propertyName, c.options.name ?? c.propertyName]);
    expect(Object.fromEntries(declared)).toEqual(
      Object.fromEntries(AUDIT_COLUMNS.map((c) => [c.property, c.name])),
    );
  });

  it('writes values in the order of its names, encoded for the database', () => {
    const decidedAt = new Date('2026-11-23T10:15:01.234Z');
    const values = AUDIT_INSERT_COLUMNS.values({
      eventId: 'e',
      dedupKey: null,
      source: 's',
      ticketId: 't',
      occurredAt: null,
      receivedAt: decidedAt,
      decidedAt,
      inputTopic: 'in',
      inputPartition: 3,
      inputOffset: '42',
      outcome: 'routed',
      party: 'isv',
      targetType: 'isv',
      targetId: 'contoso',
      category: 'technical',
      categorySource: 'explicit',
      requesterRole: 'customer',
      ruleId: 'R3a1',
      clauses: ['C2'],
      ruleSetVersion: 'v',
      catalogVersion: null,
      needsReview: true,
      duplicateOfId: null,
      payload: new JsonText('{"a":1}'),
    });
    const byName = Object.fromEntries(AUDIT_INSERT_COLUMNS.names.map((n, i) => [n, values[i]]));
    expect(AUDIT_INSERT_COLUMNS.names).not.toContain('id');
    expect(byName).toMatchObject({
      input_partition: 3,
      clauses: '["C2"]',
      needs_review: 1,
      payload: '{"a":1}',
      decided_at: decidedAt,
    });
  });

  it('reads rows as mysql2 gives them, by name or by position', () => {
    const set = new AuditColumnSet(['id', 'decidedAt', 'needsReview', 'clauses', 'payload']);
    expect(set.select('a')).toBe('a.id, a.decided_at, a.clauses, a.needs_review, a.payload');
    expect(
      set.fromRow({
        id: 7,
        decided_at: '2026-11-23 10:15:01.234',
        needs_review: '0',
        clauses: '["C1"]',
        payload: '{"b":2}',
      }),
    ).toEqual({
      id: '7',
      decidedAt: new Date('2026-11-23T10:15:01.234Z'),
      needsReview: false,
      clauses: ['C1'],
      payload: { b: 2 },
    });
    expect(set.position('needsReview')).toBe(3);
  });
});
