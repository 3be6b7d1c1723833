import { CreateAuditEvents1764160000000 } from './1764160000000-create-audit-events';

/** Every migration, in order. Listed explicitly: the apps are bundled, so no file globbing. */
export const auditMigrations = [CreateAuditEvents1764160000000];
