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
});
