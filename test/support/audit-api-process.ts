// The built audit API (dist/apps/audit-api) as a child process, as it runs in production.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './router-stack';

const root = join(__dirname, '..', '..');

export interface AuditApiProcess {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts it and resolves once `/v1/me` answers for `probeKey`. */
export async function startBuiltAuditApi(
  env: Record<string, string>,
  probeKey: string,
): Promise<AuditApiProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn('node', [join(root, 'dist', 'apps', 'audit-api', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env, AUDIT_API_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/v1/me`, { headers: { Authorization: `Bearer ${probeKey}` } })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`the audit API exited (${child.exitCode})`);
    if (i > 300) throw new Error('the audit API did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
