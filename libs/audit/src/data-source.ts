import { parseDatabaseUrl } from '@app/config';
import { Connection, createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { auditMigrations } from './migrations';

export const auditEntities = [AuditEventEntity];

/** TypeORM options for the audit database. synchronize is off everywhere, tests included. */
export function auditDataSourceOptions(
  databaseUrl: string,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  const c = parseDatabaseUrl(databaseUrl);
  return {
    type: 'mysql',
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
  { useDatabase = false }: { useDatabase?: boolean } = {},
): Promise<Connection> {
  const c = parseDatabaseUrl(databaseUrl);
  return createConnection({
    host: c.host,
    port: c.port,
    user: c.username,
    password: c.password,
    database: useDatabase ? c.database : undefined,
    timezone: 'Z',
  });
}

/** CREATE DATABASE IF NOT EXISTS, connecting without a default database. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const c = parseDatabaseUrl(databaseUrl);
  const connection = await connectMysql(databaseUrl);
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${c.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await connection.end();
  }
}

/** Creates the database when missing and applies pending migrations; returns their names. */
export async function migrateAuditDatabase(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const dataSource = new DataSource(auditDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
