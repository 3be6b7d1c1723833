#!/usr/bin/env node
// The project's test command (`npm test`): starts the services it needs, runs the gates
// (tsc strict, eslint with zero warnings, prettier) and every jest suite (unit, integration
// and end-to-end against the real Kafka broker and MySQL server), then prints one line:
// "N passed, N failed". Each gate counts as one test; so does a jest suite that fails to run.
// Extra arguments go to jest (e.g. `npm test -- --selectProjects unit`).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let passed = 0;
let failed = 0;

function step(name, command, args, { gate = true } = {}) {
  process.stderr.write(`\n[test] ${name}: ${[path.basename(command), ...args].join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stderr.write(`[test] ${name} ${ok ? 'passed' : 'FAILED'} (${Date.now() - started} ms)\n`);
  if (gate) {
    if (ok) passed++;
    else failed++;
  }
  return ok;
}

const jestArgs = process.argv.slice(2);
const resultsFile = path.join(root, '.cache', 'jest-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

if (!step('services', 'bash', ['docker/local/services.sh', 'up'], { gate: false })) {
  process.stdout.write(`0 passed, 1 failed\n`);
  process.exit(1);
}
step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('lint', bin('eslint'), ['.', '--max-warnings', '0']);
step('format', bin('prettier'), ['--check', '.']);
if (!step('build', 'npm', ['run', '--silent', 'build'])) {
  // End-to-end suites start the built apps; they would fail for the same reason.
}
step('jest', bin('jest'), ['--json', `--outputFile=${resultsFile}`, ...jestArgs], { gate: false });

if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that cannot even load reports no failed test: count it.
  failed += results.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
  ).length;
} else {
  failed++;
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
