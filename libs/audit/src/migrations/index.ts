import { CreateAuditEvents1764160000000 } from './1764160000000-create-audit-events';
import { AddAuditApiIndexes1764170000000 } from './1764170000000-add-audit-api-indexes';
import { AddCatalogVersion1764180000000 } from './1764180000000-add-catalog-version';

/** Every migration, in order. Listed explicitly: the apps are bundled, so no file globbing. */
export const auditMigrations = [
  CreateAuditEvents1764160000000,
  AddAuditApiIndexes1764170000000,
  AddCatalogVersion1764180000000,
];
