import { MysqlTls } from '@app/config';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateMariaDb } from './private-services';

const root = join(__dirname, '..', '..');

/** Ports of the private MariaDBs with TLS: one per suite, as suites may run in parallel. */
export const TLS_MARIADB_PORTS = { integration: 23306, e2e: 23307 } as const;

export interface TlsMariaDb {
  server: PrivateMariaDb;
  dir: string;
  /** CA that signed the server's certificate. */
  caFile: string;
  /** A CA that signed nothing of this server. */
  otherCaFile: string;
  /** mysql://tls_user:…@127.0.0.1:<port>: a user created REQUIRE SSL. */
  tlsUserServerUrl: string;
  /** What databaseTls() makes of DATABASE_SSL=true, DATABASE_SSL_CA_FILE=caFile. */
  ssl: MysqlTls;
}

function makeCertificates(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '30',
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
      '-subj',
      `/CN=ticket-router test ${ca}`,
    );
  }
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  );
  execFileSync(
    'bash',
    [
      '-c',
      'printf "subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n" >server.ext && ' +
        'openssl x509 -req -sha256 -days 30 -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial ' +
        '-extfile server.ext -out server.pem 2>/dev/null',
    ],
    { cwd: dir },
  );
}

/**
 * Starts a MariaDB of the tests' own that offers TLS (--ssl-ca/--ssl-cert/--ssl-key), with a
 * user that must use it (REQUIRE SSL). Root keeps logging in without TLS for the set-up.
 */
export async function startTlsMariaDb(port: number): Promise<TlsMariaDb> {
  const dir = join(root, '.cache', 'private-services', `mariadb-tls-${port}-certs`);
  makeCertificates(dir);
  const server = new PrivateMariaDb(port, [
    `--ssl-ca=${join(dir, 'ca.pem')}`,
    `--ssl-cert=${join(dir, 'server.pem')}`,
    `--ssl-key=${join(dir, 'server.key')}`,
  ]);
  await server.start();
  const mariadb = execFileSync('bash', ['-c', 'command -v mariadb || command -v mysql'], {
    encoding: 'utf8',
  }).trim();
  execFileSync(mariadb, [
    '--protocol=TCP',
    '-h',
    '127.0.0.1',
    '-P',
    String(port),
    '-uroot',
    '-e',
    "CREATE USER IF NOT EXISTS 'tls_user'@'%' IDENTIFIED BY 'tls-secret' REQUIRE SSL; " +
      "GRANT ALL ON *.* TO 'tls_user'@'%' WITH GRANT OPTION;",
  ]);
  return {
    server,
    dir,
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    tlsUserServerUrl: `mysql://tls_user:tls-secret@127.0.0.1:${port}`,
    ssl: { ca: readFileSync(join(dir, 'ca.pem'), 'utf8'), rejectUnauthorized: true },
  };
}
