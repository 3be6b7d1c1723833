import { RouterSettings } from '../../apps/router/src/config/router.settings';
import { AuditApiSettings } from '../../apps/audit-api/src/config/audit-api.settings';
import {
  formatApiKeyEntry,
  generateApiKey,
  hashApiKey,
  parseApiKeyEntries,
} from '../../apps/audit-api/src/auth/api-key';
import { validateEnvironment } from '@app/config';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// docker/docker-compose.yml against the code, without a Docker engine (there is none on these
// machines, so `docker compose config` cannot run here): the file's ${…} interpolation as
// compose does it, each app's environment through the app's own start-up validation, and each
// command's file as `npm run build` makes it. What is not checked: the images, the network.
const root = join(__dirname, '..', '..');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}
const compose = () =>
  parse(readFileSync(join(root, 'docker', 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
  };

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}, and $$ for a literal $. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g,
    (match, name?: string, op?: string, arg?: string) => {
      if (match === '$$') return '$';
      const value = vars[name!];
      if (value !== undefined && value !== '') return value;
      if (op === ':?') throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return op === ':-' ? (arg ?? '') : '';
    },
  );
}

function environmentOf(service: string, vars: Record<string, string>): Record<string, string> {
  const env = compose().services[service].environment ?? {};
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, interpolate(String(value), vars)]),
  );
}

describe('docker/docker-compose.yml', () => {
  const key = generateApiKey();
  const vars = {
    MYSQL_ROOT_PASSWORD: 's3cret',
    AUDIT_API_KEYS: formatApiKeyEntry({ name: 'alice', role: 'analyst', hash: hashApiKey(key) }),
  };

  it('refuses to start without the MySQL password or an audit-API key, naming the variable', () => {
    expect(() => environmentOf('mysql', { ...vars, MYSQL_ROOT_PASSWORD: '' })).toThrow(
      /MYSQL_ROOT_PASSWORD/,
    );
    expect(() => environmentOf('audit-api', { ...vars, AUDIT_API_KEYS: '' })).toThrow(
      /AUDIT_API_KEYS/,
    );
  });

  it('gives the router and the audit API settings their own start-up validation accepts', () => {
    expect(() => validateEnvironment(RouterSettings, environmentOf('router', vars))).not.toThrow();
    const api = environmentOf('audit-api', vars);
    expect(() => validateEnvironment(AuditApiSettings, api)).not.toThrow();
    expect(parseApiKeyEntries(api.AUDIT_API_KEYS, 'AUDIT_API_KEYS')).toEqual([
      expect.objectContaining({ name: 'alice', role: 'analyst', hash: hashApiKey(key) }),
    ]);
    expect(environmentOf('db-migrate', vars).DATABASE_URL).toBe(
      environmentOf('router', vars).DATABASE_URL,
    );
  });

  it('runs, in every container of the image, a file that npm run build makes', () => {
    const commands = Object.values(compose().services)
      .filter((s) => s.image === 'ticket-router')
      .map((s) => s.command ?? ['node', 'dist/apps/router/main.js']);
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const [program, file] of commands) {
      expect(program).toBe('node');
      // dist/<nest project root>/<entryFile>.js: build that project if stale, then look.
      const project = /^dist\/apps\/([^/]+)\//.exec(file)![1];
      execFileSync('node', [join(root, 'scripts', 'ensure-built.js'), project], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      expect(existsSync(join(root, file))).toBe(true);
    }
  });
});
