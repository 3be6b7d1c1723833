import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditRow } from './audit-columns';

export const AUDIT_OUTCOMES = ['routed', 'rejected', 'duplicate'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One row per input message the router read (CLI runs are not audited).
 *
 * Two keys make writes idempotent:
 * - (input_topic, input_partition, input_offset) is unique: a replay of the same Kafka message
 *   after a crash finds its row instead of writing a second one;
 * - dedup_key is the eventId of the routed event (a name-based UUID of the input's eventId,
 *   see libs/classifier event-ids) and is unique, so one eventId routes once; a re-sent
 *   eventId in a new message is written as outcome `duplicate` (its dedup_key stays NULL) and
 *   is not routed again. A fixed-length ASCII key rather than the input's eventId itself:
 *   MySQL's PAD SPACE collations would call "a" and "a " the same key, and it costs no extra
 *   hash on the router's hot path.
 *
 * The schema comes only from the migrations beside this file (synchronize is off). The
 * columns' names, order and codecs are AUDIT_COLUMNS (audit-columns.ts); this class declares
 * the same for TypeORM (the entity must be an AuditRow, and a unit test compares the names).
 */
@Entity({ name: 'audit_events' })
@Index('uq_audit_input', ['inputTopic', 'inputPartition', 'inputOffset'], { unique: true })
@Index('uq_audit_dedup_key', ['dedupKey'], { unique: true })
@Index('ix_audit_decided_at', ['decidedAt'])
@Index('ix_audit_party', ['party', 'decidedAt'])
@Index('ix_audit_target', ['targetType', 'targetId', 'decidedAt'])
@Index('ix_audit_category', ['category', 'decidedAt'])
@Index('ix_audit_rule', ['ruleId', 'decidedAt'])
@Index('ix_audit_source_ticket', ['source', 'ticketId', 'decidedAt'])
@Index('ix_audit_outcome', ['outcome', 'decidedAt'])
@Index('ix_audit_ticket_id', ['ticketId', 'decidedAt'])
@Index('ix_audit_rule_set_version', ['ruleSetVersion', 'decidedAt'])
@Index('ix_audit_needs_review', ['needsReview', 'decidedAt'])
// Descending in the database (migration 1764170000000); TypeORM's decorator cannot say so, and
// the schema comes from the migrations alone (AUDIT_INDEXES is the catalogue of both).
@Index('ix_audit_stats', [
  'decidedAt',
  'id',
  'outcome',
  'party',
  'category',
  'categorySource',
  'ruleId',
  'targetType',
  'targetId',
  'source',
  'needsReview',
])
export class AuditEventEntity implements AuditRow {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Index('ix_audit_event_id')
  @Column({ name: 'event_id', type: 'varchar', length: 128, nullable: true })
  eventId!: string | null;

  @Column({ name: 'dedup_key', type: 'char', length: 64, nullable: true })
  dedupKey!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  source!: string | null;

  @Column({ name: 'ticket_id', type: 'varchar', length: 128, nullable: true })
  ticketId!: string | null;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3, nullable: true })
  occurredAt!: Date | null;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3 })
  decidedAt!: Date;

  @Column({ name: 'input_topic', type: 'varchar', length: 249 })
  inputTopic!: string;

  @Column({ name: 'input_partition', type: 'int' })
  inputPartition!: number;

  @Column({ name: 'input_offset', type: 'bigint' })
  inputOffset!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AuditOutcome;

  @Column({ type: 'varchar', length: 16, nullable: true })
  party!: string | null;

  @Column({ name: 'target_type', type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 128, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  category!: string | null;

  @Column({ name: 'category_source', type: 'varchar', length: 16, nullable: true })
  categorySource!: string | null;

  @Column({ name: 'requester_role', type: 'varchar', length: 32, nullable: true })
  requesterRole!: string | null;

  @Column({ name: 'rule_id', type: 'varchar', length: 64, nullable: true })
  ruleId!: string | null;

  @Column({ type: 'json', nullable: true })
  clauses!: string[] | null;

  @Column({ name: 'rule_set_version', type: 'varchar', length: 64, nullable: true })
  ruleSetVersion!: string | null;

  @Column({ name: 'catalog_version', type: 'varchar', length: 64, nullable: true })
  catalogVersion!: string | null;

  @Column({ name: 'needs_review', type: 'boolean', default: false })
  needsReview!: boolean;

  @Column({ name: 'duplicate_of_id', type: 'bigint', unsigned: true, nullable: true })
  duplicateOfId!: string | null;

  /** The routed event (outcome routed), the ticket.rejected record (rejected), or the input (duplicate). */
  @Column({ type: 'json' })
  payload!: unknown;
}
