import { MysqlTls, parseDatabaseUrl } from '@app/config';
import { connectMysql } from './data-source';

export type ReaderUserResult =
  | { status: 'created' | 'updated'; user: string; grants: string[] }
  | { status: 'skipped'; reason: string }
  | { status: 'not-allowed'; reason: string; statements: string[] };

/** MySQL 8 allows 32 characters in a user name; letters, digits and "_" need no quoting care. */
const USER_NAME = /^[A-Za-z0-9_]{1,32}$/;
const ACCESS_DENIED = new Set([
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_CANNOT_USER',
]);

/**
 * Makes the audit API's database user (readerUrl's user and password) exist with SELECT on
 * the audit table and nothing else, connecting as the migrating user (adminUrl). Users are
 * server-wide and carry a secret, so this runs from `npm run db:migrate` with the URL from
 * the environment rather than as a schema migration. Skips when the API uses the migrating
 * user itself; when the migrating user may not create users it returns the statements for
 * a DBA instead of failing the migration.
 */
export async function ensureReaderUser(
  adminUrl: string,
  readerUrl: string,
  host = '%',
  ssl?: MysqlTls,
): Promise<ReaderUserResult> {
  const admin = parseDatabaseUrl(adminUrl);
  const reader = parseDatabaseUrl(readerUrl);
  if (reader.username === admin.username) {
    return { status: 'skipped', reason: `the audit API connects as ${admin.username} itself` };
  }
  if (reader.host !== admin.host || reader.port !== admin.port) {
    return { status: 'skipped', reason: 'the audit API uses another server' };
  }
  if (reader.database !== admin.database) {
    return {
      status: 'skipped',
      reason: `the audit API reads ${reader.database}, this migration ran on ${admin.database}`,
    };
  }
  if (!USER_NAME.test(reader.username)) {
    throw new Error(
      `AUDIT_API_DATABASE_URL: the user name "${reader.username}" must be 1 to 32 letters, ` +
        'digits or "_"',
    );
  }
  if (reader.password === '') {
    throw new Error(
      `AUDIT_API_DATABASE_URL: give ${reader.username} a password ` +
        `(mysql://${reader.username}:<password>@host/${reader.database})`,
    );
  }
  const table = `\`${reader.database}\`.\`audit_events\``;
  const connection = await connectMysql(adminUrl, { ssl });
  try {
    const account = [reader.username, host];
    const [existing] = await connection
      .query('SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?', account)
      .catch(() => [[]] as unknown[]);
    await connection.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [
      ...account,
      reader.password,
    ]);
    // Keeps the password the URL names, also for a user that existed already.
    await connection.query('ALTER USER ?@? IDENTIFIED BY ?', [...account, reader.password]);
    await connection.query(`GRANT SELECT ON ${table} TO ?@?`, account);
    const [grants] = await connection.query('SHOW GRANTS FOR ?@?', account);
    return {
      status: Array.isArray(existing) && existing.length > 0 ? 'updated' : 'created',
      user: `${reader.username}@${host}`,
      // SHOW GRANTS may print the password hash: keep it out of logs.
      grants: (grants as Record<string, string>[]).map((row) =>
        Object.values(row)[0].replace(/ IDENTIFIED (BY PASSWORD|VIA|WITH) .*$/, ''),
      ),
    };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!ACCESS_DENIED.has(code)) throw error;
    return {
      status: 'not-allowed',
      reason: `${admin.username} may not create users (${code})`,
      statements: [
        `CREATE USER '${reader.username}'@'${host}' IDENTIFIED BY '<the password of AUDIT_API_DATABASE_URL>';`,
        `GRANT SELECT ON ${table} TO '${reader.username}'@'${host}';`,
      ],
    };
  } finally {
    await connection.end();
  }
}
