// Makes a new API key for the audit API and prints it with the line the server needs.
// usage: npm run api-key -- --role analyst|pii|admin [--name alice]
// The key goes to its holder once; only the `name:role:sha256` entry goes into
// AUDIT_API_KEYS (comma-separated) or the file named by AUDIT_API_KEYS_FILE.
import { parseArgs } from 'node:util';
import { formatApiKeyEntry, generateApiKey, hashApiKey } from '../apps/audit-api/src/auth/api-key';
import { Role, ROLES } from '../apps/audit-api/src/auth/roles';

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run api-key -- --role ${ROLES.join('|')} [--name alice]\n`,
  );
  process.exit(2);
}

let values: { role?: string; name?: string };
try {
  ({ values } = parseArgs({
    options: { role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const role = values.role;
if (!role || !(ROLES as readonly string[]).includes(role)) {
  fail(`--role must be one of ${ROLES.join(', ')}`);
}
const name = values.name ?? `${role}-${new Date().toISOString().slice(0, 10)}`;
if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
  fail('--name must be 1 to 64 letters, digits, ".", "_" or "-"');
}
const key = generateApiKey();
const entry = formatApiKeyEntry({ name, role: role as Role, hash: hashApiKey(key) });
process.stdout.write(
  `key:   ${key}\nentry: ${entry}\n\n` +
    'Give the key to its holder (it is shown only now). Add the entry to AUDIT_API_KEYS\n' +
    '(comma-separated) or as a line of the file named by AUDIT_API_KEYS_FILE, then restart.\n',
);
