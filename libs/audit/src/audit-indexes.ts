/**
 * Every index of `audit_events`, by name, with its columns in order: the one catalogue that
 * the entity, new migrations and the audit API's query hints (FORCE INDEX) name them from.
 * An integration test compares it with `SHOW INDEX` after all migrations, so a migration
 * that adds or drops an index must change this too. `DESC` marks a descending key part.
 */
export const AUDIT_INDEXES = {
  PRIMARY: ['id'],
  uq_audit_input: ['input_topic', 'input_partition', 'input_offset'],
  uq_audit_dedup_key: ['dedup_key'],
  ix_audit_event_id: ['event_id'],
  ix_audit_decided_at: ['decided_at'],
  ix_audit_party: ['party', 'decided_at'],
  ix_audit_target: ['target_type', 'target_id', 'decided_at'],
  ix_audit_category: ['category', 'decided_at'],
  ix_audit_rule: ['rule_id', 'decided_at'],
  ix_audit_source_ticket: ['source', 'ticket_id', 'decided_at'],
  ix_audit_outcome: ['outcome', 'decided_at'],
  ix_audit_ticket_id: ['ticket_id', 'decided_at'],
  ix_audit_rule_set_version: ['rule_set_version', 'decided_at'],
  ix_audit_needs_review: ['needs_review', 'decided_at'],
  ix_audit_stats: [
    'decided_at DESC',
    'id DESC',
    'outcome',
    'party',
    'category',
    'category_source',
    'rule_id',
    'target_type',
    'target_id',
    'source',
    'needs_review',
  ],
} as const satisfies Record<string, readonly string[]>;

export type AuditIndexName = keyof typeof AUDIT_INDEXES;

export const UNIQUE_AUDIT_INDEXES: readonly AuditIndexName[] = [
  'PRIMARY',
  'uq_audit_input',
  'uq_audit_dedup_key',
];
