import { MysqlTls, parseDatabaseUrl } from '@app/config';
import { Connection, createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { auditMigrations } from './migrations';

export const auditEntities = [AuditEventEntity];

/**
 * TypeORM options for the audit database. synchronize is off everywhere, tests included.
 * TLS: pass `{ ssl: databaseTls(settings) }` in `extra` (TypeORM hands it to mysql2).
 */
export function auditDataSourceOptions(
  databaseUrl: string,
  extra: Partial<DataSourceOptions> & { ssl?: MysqlTls } = {},
): DataSourceOptions {
  const c = parseDatabaseUrl(databaseUrl);
  return {
    type: 'mysql',
    // Not the 'mysql' package, even if installed: the audit writer prepares its INSERTs.
    connectorPackage: 'mysql2',
    host: c.host,
    port: c.port,
    username: c.username,
    password: c.password,
    database: c.database,
    charset: 'utf8mb4_bin',
    timezone: 'Z',
    entities: auditEntities,
    migrations: auditMigrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    bigNumberStrings: true,
    supportBigNumbers: true,
    ...extra,
  } as DataSourceOptions;
}

/**
 * One plain mysql2 connection for DATABASE_URL's credentials, to the server only (for
 * CREATE/DROP DATABASE and users) or to its database. UTC, like the TypeORM data source.
 */
export function connectMysql(
  databaseUrl: string,
  {
    useDatabase = false,
    ssl,
    bigNumberStrings = false,
  }: {
    useDatabase?: boolean;
    ssl?: MysqlTls;
    /** BIGINT ids and offsets as exact strings (readers of whole tables). */
    bigNumberStrings?: boolean;
  } = {},
): Promise<Connection> {
  const c = parseDatabaseUrl(databaseUrl);
  return createConnection({
    host: c.host,
    port: c.port,
    user: c.username,
    password: c.password,
    database: useDatabase ? c.database : undefined,
    timezone: 'Z',
    ...(bigNumberStrings ? { supportBigNumbers: true, bigNumberStrings: true } : {}),
    ...(ssl ? { ssl } : {}),
  });
}

/** CREATE DATABASE IF NOT EXISTS, connecting without a default database. */
export async function ensureDatabase(databaseUrl: string, ssl?: MysqlTls): Promise<void> {
  const c = parseDatabaseUrl(databaseUrl);
  const connection = await connectMysql(databaseUrl, { ssl });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${c.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await connection.end();
  }
}

/** Creates the database when missing and applies pending migrations; returns their names. */
export async function migrateAuditDatabase(databaseUrl: string, ssl?: MysqlTls): Promise<string[]> {
  await ensureDatabase(databaseUrl, ssl);
  const dataSource = new DataSource(auditDataSourceOptions(databaseUrl, ssl ? { ssl } : {}));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
