import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { makeKey } from '../support/audit-api';
import { freePort } from '../support/router-stack';
import { createTestDatabase, TestDatabase } from '../support/services';

const root = join(__dirname, '..', '..');

function start(project: string, env: Record<string, string>) {
  spawnSync('node', [join(root, 'scripts', 'ensure-built.js'), project], { cwd: root });
  return spawnSync('node', [join(root, 'dist', 'apps', project, 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('start-up with invalid settings', () => {
  it('the router stops with exit code 1 and names the bad variable', () => {
    const result = start('router', { KAFKA_BROKERS: 'no-port-here' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration: KAFKA_BROKERS');
  });

  it('the audit API stops with exit code 1 and names the bad variable', () => {
    const result = start('audit-api', { AUDIT_API_PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('AUDIT_API_PORT');
  });

  it.each([
    ['KAFKA_SASL_USERNAME', { KAFKA_SASL_MECHANISM: 'scram-sha-512' }],
    ['KAFKA_SASL_MECHANISM', { KAFKA_SASL_MECHANISM: 'gssapi' }],
    ['KAFKA_SSL_CA_FILE', { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }],
    ['KAFKA_SASL_PASSWORD_FILE', { KAFKA_SASL_PASSWORD_FILE: '/nonexistent/password' }],
  ])('the router stops with exit code 1 naming %s (Kafka TLS and SASL)', (variable, env) => {
    const result = start('router', env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Invalid configuration: (.*; )?${variable}: `));
  });
});

/** This host's first non-loopback IPv4 address. */
function externalAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!address) throw new Error('no non-loopback IPv4 address to test the bind address with');
  return address.address;
}

/** Whether an HTTP GET to host:port gets an answer (any status) within a second. */
async function answers(host: string, port: number): Promise<boolean> {
  return fetch(`http://${host}:${port}/docs-json`, { signal: AbortSignal.timeout(1000) })
    .then(() => true)
    .catch(() => false);
}

describe('the audit API bind address (AUDIT_API_HOST)', () => {
  let db: TestDatabase;
  let app: ChildProcess | undefined;

  beforeAll(async () => {
    spawnSync('node', [join(root, 'scripts', 'ensure-built.js'), 'audit-api'], { cwd: root });
    db = await createTestDatabase('api_bind');
  });

  afterEach(() => {
    app?.kill('SIGTERM');
    app = undefined;
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function startApi(env: Record<string, string>): Promise<number> {
    const port = await freePort();
    app = spawn('node', [join(root, 'dist', 'apps', 'audit-api', 'main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        AUDIT_API_DATABASE_URL: db.url,
        AUDIT_API_PORT: String(port),
        AUDIT_API_KEYS: makeKey('bind', 'analyst').entry,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; !(await answers('127.0.0.1', port)); i++) {
      if (i > 300) throw new Error('the audit API did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    return port;
  }

  it('listens on this host only by default', async () => {
    const port = await startApi({});
    expect(await answers(externalAddress(), port)).toBe(false);
  });

  it('listens on every interface when told to', async () => {
    const port = await startApi({ AUDIT_API_HOST: '0.0.0.0' });
    expect(await answers(externalAddress(), port)).toBe(true);
  });

  it('stops at start-up naming AUDIT_API_HOST when it is not an IP address', () => {
    const result = start('audit-api', { AUDIT_API_HOST: 'everywhere' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration: AUDIT_API_HOST');
  });
});
