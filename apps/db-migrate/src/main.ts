// Creates the audit database when missing and applies pending TypeORM migrations; then makes
// the audit API's read-only user when AUDIT_API_DATABASE_URL names one (docs/audit-api.md).
// usage: npm run db:migrate   (DATABASE_URL, default mysql://root@127.0.0.1:3306/ticket_router)
//   in the production image (built by `npm run build`, no ts-node there):
//        node dist/apps/db-migrate/main.js
// Settings are validated like the apps' and may come from files (DATABASE_URL_FILE, …).
import { ensureReaderUser, migrateAuditDatabase } from '@app/audit';
import {
  databaseTls,
  IsDatabaseUrl,
  Trim,
  validateEnvironment,
  WithDatabaseTls,
} from '@app/config';
import { IsOptional, IsString } from 'class-validator';

class MigrateSettings extends WithDatabaseTls(class {}) {
  @IsDatabaseUrl()
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/ticket_router';

  @IsOptional()
  @IsDatabaseUrl()
  AUDIT_API_DATABASE_URL?: string;

  @IsOptional()
  @Trim()
  @IsString()
  AUDIT_API_DATABASE_USER_HOST?: string;
}

const where = (u: string) => u.replace(/\/\/[^@]*@/, '//');

async function main(): Promise<void> {
  const settings = validateEnvironment(MigrateSettings);
  const url = settings.DATABASE_URL;
  const readerUrl = settings.AUDIT_API_DATABASE_URL;
  const ssl = databaseTls(settings);
  const applied = await migrateAuditDatabase(url, ssl);
  process.stderr.write(
    `[db] ${where(url)}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}\n`,
  );
  if (!readerUrl) return;
  const reader = await ensureReaderUser(url, readerUrl, settings.AUDIT_API_DATABASE_USER_HOST, ssl);
  if (reader.status === 'skipped') {
    process.stderr.write(`[db] audit API user: not created (${reader.reason})\n`);
  } else if (reader.status === 'not-allowed') {
    process.stderr.write(
      `[db] audit API user: ${reader.reason}. Ask a DBA to run:\n  ${reader.statements.join('\n  ')}\n` +
        '  or let the audit API use DATABASE_URL (docs/audit-api.md "Database user").\n',
    );
  } else {
    process.stderr.write(
      `[db] audit API user ${reader.user} ${reader.status}: ${reader.grants.join('; ')}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[db] migration failed: ${String(error)}\n`);
  process.exit(1);
});
