import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log. Portable between MySQL 8 and MariaDB 10.11: utf8mb4_bin (ids compare
 * case-sensitively), JSON columns (native in MySQL, checked LONGTEXT in MariaDB), DATETIME(3)
 * in UTC. A landed migration is never edited; add a new one.
 */
export class CreateAuditEvents1764160000000 implements MigrationInterface {
  name = 'CreateAuditEvents1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        event_id VARCHAR(128) NULL,
        dedup_key CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
        source VARCHAR(64) NULL,
        ticket_id VARCHAR(128) NULL,
        occurred_at DATETIME(3) NULL,
        received_at DATETIME(3) NOT NULL,
        decided_at DATETIME(3) NOT NULL,
        input_topic VARCHAR(249) NOT NULL,
        input_partition INT NOT NULL,
        input_offset BIGINT NOT NULL,
        outcome VARCHAR(16) NOT NULL,
        party VARCHAR(16) NULL,
        target_type VARCHAR(32) NULL,
        target_id VARCHAR(128) NULL,
        category VARCHAR(32) NULL,
        category_source VARCHAR(16) NULL,
        requester_role VARCHAR(32) NULL,
        rule_id VARCHAR(64) NULL,
        clauses JSON NULL,
        rule_set_version VARCHAR(64) NULL,
        needs_review TINYINT(1) NOT NULL DEFAULT 0,
        duplicate_of_id BIGINT UNSIGNED NULL,
        payload JSON NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_audit_input (input_topic, input_partition, input_offset),
        UNIQUE KEY uq_audit_dedup_key (dedup_key),
        KEY ix_audit_event_id (event_id),
        KEY ix_audit_decided_at (decided_at),
        KEY ix_audit_party (party, decided_at),
        KEY ix_audit_target (target_type, target_id, decided_at),
        KEY ix_audit_category (category, decided_at),
        KEY ix_audit_rule (rule_id, decided_at),
        KEY ix_audit_source_ticket (source, ticket_id, decided_at),
        KEY ix_audit_outcome (outcome, decided_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_events');
  }
}
