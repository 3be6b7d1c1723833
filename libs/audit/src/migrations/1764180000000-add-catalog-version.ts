import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The offer catalog's version beside the rule set's: the router reloads its catalog while it
 * runs, so an analyst must be able to tell which catalog made a decision. NULL for rows
 * written before, and for rejected inputs (no catalog was consulted).
 */
export class AddCatalogVersion1764180000000 implements MigrationInterface {
  name = 'AddCatalogVersion1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE audit_events ADD COLUMN catalog_version VARCHAR(64) NULL AFTER rule_set_version',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_events DROP COLUMN catalog_version');
  }
}
