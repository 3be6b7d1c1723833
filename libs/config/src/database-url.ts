export interface MysqlConnection {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

/** Splits DATABASE_URL (mysql://user[:password]@host[:port]/database) into driver options. */
export function parseDatabaseUrl(url: string): MysqlConnection {
  const parsed = new URL(url);
  if (parsed.protocol !== 'mysql:') {
    throw new Error(`DATABASE_URL must start with mysql:// (got ${parsed.protocol}//)`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    throw new Error('DATABASE_URL must name a database of letters, digits and "_"');
  }
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
  };
}
