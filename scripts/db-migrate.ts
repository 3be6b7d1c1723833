// Creates the audit database when missing and applies pending TypeORM migrations.
// usage: npm run db:migrate   (DATABASE_URL, default mysql://root@127.0.0.1:3306/ticket_router)
import { migrateAuditDatabase } from '@app/audit';

const url = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/ticket_router';

migrateAuditDatabase(url)
  .then((applied) => {
    const where = url.replace(/\/\/[^@]*@/, '//');
    process.stderr.write(
      `[db] ${where}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}\n`,
    );
  })
  .catch((error: unknown) => {
    process.stderr.write(`[db] migration failed: ${String(error)}\n`);
    process.exit(1);
  });
