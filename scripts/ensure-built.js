#!/usr/bin/env node
// Builds a Nest project (nest-cli.json) when its bundle is missing or older than any source
// file it could include, so `npm run classify` / `npm run start:router` / `npm run db:migrate`
// work from a fresh clone. Build output goes to stderr: standard output stays the program's own.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const project = process.argv[2];
// The console (apps/console) is a Vite build into dist/console, not a Nest project.
const isConsole = project === 'console';
// A Nest project's bundle is dist/<root>/<entryFile>.js (nest-cli.json): dist/apps/router/main.js,
// dist/apps/audit-api/cli/api-key.js for the api-key project, which shares audit-api's root.
const nest = isConsole ? undefined : require(path.join(root, 'nest-cli.json')).projects[project];
if (!isConsole && !nest) {
  process.stderr.write(`[build] no project ${project} in nest-cli.json\n`);
  process.exit(2);
}
const bundle = isConsole
  ? path.join(root, 'dist', 'console', 'index.html')
  : path.join(root, 'dist', nest.root, `${nest.entryFile}.js`);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (/\.(tsx?|json|css|html)$/.test(entry.name)) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

const sources = [path.join(root, isConsole ? 'apps/console' : nest.root), path.join(root, 'libs')];
const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
const stale = sources.some((dir) => newestMtime(dir) > built);
if (stale && isConsole) {
  process.stderr.write('[build] npm run build:console\n');
  execFileSync('npm', ['run', '--silent', 'build:console'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
} else if (stale) {
  process.stderr.write(`[build] nest build ${project}\n`);
  execFileSync(path.join(root, 'node_modules', '.bin', 'nest'), ['build', project], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
}
