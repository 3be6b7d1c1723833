import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

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
