import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the analysts' audit API needs beyond those of the first migration (docs/audit-api.md
 * "Indexes" has the EXPLAIN behind each). Searches are newest first, so every filter index
 * ends with decided_at (InnoDB appends the primary key, the pagination tie-breaker):
 * - ticket id without its source, and a rule-set version that is not the current one,
 *   otherwise walk the whole table backwards (tens of seconds on 5 M rows);
 * - needs_review is rare: without an index a page of flagged decisions reads thousands of rows;
 * - ix_audit_stats covers the filter columns after (decided_at, id): a search combining
 *   filters walks it newest first in the pages' own order and reads a wide row only for a
 *   match; stats over a range with any of those filters read only this index. Descending
 *   (MySQL 8, MariaDB 10.8+), because MariaDB checks conditions inside the index (index
 *   condition pushdown) only when scanning forwards, and pages are newest first.
 * All are appended to at the newest decided_at: cheap for the router's inserts.
 */
export class AddAuditApiIndexes1764170000000 implements MigrationInterface {
  name = 'AddAuditApiIndexes1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events
        ADD KEY ix_audit_ticket_id (ticket_id, decided_at),
        ADD KEY ix_audit_rule_set_version (rule_set_version, decided_at),
        ADD KEY ix_audit_needs_review (needs_review, decided_at),
        ADD KEY ix_audit_stats (decided_at DESC, id DESC, outcome, party, category,
          category_source, rule_id, target_type, target_id, source, needs_review)
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events
        DROP KEY ix_audit_ticket_id,
        DROP KEY ix_audit_rule_set_version,
        DROP KEY ix_audit_needs_review,
        DROP KEY ix_audit_stats
    `);
  }
}
