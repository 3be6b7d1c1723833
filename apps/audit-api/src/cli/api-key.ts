// Makes a new API key for the audit API and prints it with the line the server needs.
// usage: npm run api-key -- --role analyst|pii|admin [--name alice] [--target isv/contoso]
//   in the production image (built by `npm run build`, no ts-node there):
//        node dist/apps/audit-api/cli/api-key.js --role analyst [--name alice] [--target …]
// --target binds the key to one target: it then sees only that target's rows.
// The key goes to its holder once; only the `name:role:sha256` entry goes into
// AUDIT_API_KEYS (comma-separated) or the file named by AUDIT_API_KEYS_FILE.
import { parseArgs } from 'node:util';
import {
  formatApiKeyEntry,
  formatTarget,
  generateApiKey,
  hashApiKey,
  parseTarget,
} from '../auth/api-key';
import { Role, ROLES } from '../auth/roles';

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run api-key -- --role ${ROLES.join('|')} [--name alice] ` +
      '[--target isv/contoso]\n' +
      '  (built, as in the image: node dist/apps/audit-api/cli/api-key.js --role …)\n',
  );
  process.exit(2);
}

let values: { role?: string; name?: string; target?: string };
try {
  ({ values } = parseArgs({
    options: { role: { type: 'string' }, name: { type: 'string' }, target: { type: 'string' } },
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
let target: ReturnType<typeof parseTarget>;
if (values.target !== undefined) {
  // type/id as a person writes it; the entry holds the id URL-encoded.
  const slash = values.target.indexOf('/');
  target =
    slash > 0
      ? parseTarget(
          formatTarget({
            targetType: values.target.slice(0, slash),
            targetId: values.target.slice(slash + 1),
          }),
        )
      : undefined;
  if (!target) {
    fail(
      '--target must be targetType/targetId: a target type (partner, indirect-reseller, ' +
        'indirect-provider, isv, microsoft), "/", and an id of 1 to 128 characters',
    );
  }
}
const key = generateApiKey();
const entry = formatApiKeyEntry({
  name,
  role: role as Role,
  hash: hashApiKey(key),
  ...(target ? { target } : {}),
});
process.stdout.write(
  `key:   ${key}\nentry: ${entry}\n\n` +
    'Give the key to its holder (it is shown only now). Add the entry to AUDIT_API_KEYS\n' +
    '(comma-separated) or as a line of the file named by AUDIT_API_KEYS_FILE, then restart.\n',
);
