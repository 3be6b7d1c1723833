// db:migrate and api-key as the production image runs them: built into dist/ by
// `npm run build` and started with plain node, with nothing from the dev dependencies (the
// image prunes them, ts-node included).
import { connectMysql } from '@app/audit';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseApiKeyEntries } from '../../apps/audit-api/src/auth/api-key';
import { MYSQL_SERVER_URL, uniqueSuffix } from '../support/services';

const root = join(__dirname, '..', '..');
const COMMANDS = {
  'db-migrate': join(root, 'dist', 'apps', 'db-migrate', 'main.js'),
  'api-key': join(root, 'dist', 'apps', 'audit-api', 'cli', 'api-key.js'),
};
/** Only what a production process has: no PATH to ts-node, no NODE_OPTIONS hooks. */
const ENV = { PATH: process.env.PATH ?? '' };

beforeAll(() => {
  for (const project of Object.keys(COMMANDS)) {
    execFileSync('node', [join(root, 'scripts', 'ensure-built.js'), project], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
});

it.each(Object.entries(COMMANDS))(
  '%s needs no package but the production dependencies',
  (_project, bundle) => {
    const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const required = [...readFileSync(bundle, 'utf8').matchAll(/require\("([^"]+)"\)/g)]
      .map(([, name]) => name)
      .filter((name) => !name.startsWith('node:'))
      .map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(required.filter((name) => !(name in dependencies))).toEqual([]);
  },
);

it('api-key prints a key and an entry the audit API accepts', () => {
  const result = spawnSync(
    'node',
    [COMMANDS['api-key'], '--role', 'pii', '--name', 'image-check', '--target', 'isv/contoso'],
    { cwd: root, env: ENV, encoding: 'utf8' },
  );
  expect(result.status).toBe(0);
  const entry = /^entry: (.+)$/m.exec(result.stdout)?.[1] ?? '';
  expect(parseApiKeyEntries(entry, 'AUDIT_API_KEYS')).toEqual([
    expect.objectContaining({
      name: 'image-check',
      role: 'pii',
      target: { targetType: 'isv', targetId: 'contoso' },
    }),
  ]);
  expect(result.stdout).toMatch(/^key: +tra_/m);

  const refused = spawnSync('node', [COMMANDS['api-key'], '--role', 'root'], {
    cwd: root,
    env: ENV,
    encoding: 'utf8',
  });
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('--role must be one of analyst, pii, admin');
});

it('db-migrate creates the database and applies every migration, then finds it up to date', async () => {
  const name = `tr_image_migrate_${uniqueSuffix()}`.replace(/[^A-Za-z0-9_]/g, '_');
  const url = `${MYSQL_SERVER_URL}/${name}`;
  const run = () =>
    spawnSync('node', [COMMANDS['db-migrate']], {
      cwd: root,
      env: { ...ENV, DATABASE_URL: url },
      encoding: 'utf8',
      timeout: 60_000,
    });
  try {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/applied CreateAuditEvents\d+/);
    const db = await connectMysql(url, { useDatabase: true });
    try {
      const [rows] = await db.query('SELECT COUNT(*) AS n FROM audit_events');
      expect(Number((rows as { n: number }[])[0].n)).toBe(0);
    } finally {
      await db.end();
    }
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('schema up to date');
  } finally {
    const server = await connectMysql(url);
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.end();
  }
});
