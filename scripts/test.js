#!/usr/bin/env node
// The project's test command (`npm test`), in two tiers, then one line "N passed, N failed".
// 1. Without services: the gates (tsc strict, eslint with zero warnings, prettier) and the unit
//    tests. A failure stops here, before anything is started.
// 2. The services it needs (Kafka, MySQL: docker/local/services.sh), the build, and the
//    integration and end-to-end suites against them.
// Each gate counts as one test; so does a jest suite that fails to run. `npm test --
// --selectProjects unit` runs the first tier only (no services); other arguments go to jest.
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

// `--selectProjects a b` picks tiers; every other argument goes to jest as it is.
const { projects, rest } = parseArgs(process.argv.slice(2));
const selected = (project) => projects.length === 0 || projects.includes(project);
const serviceTiers = ['integration', 'e2e'].filter(selected);
const extra = rest.length > 0 ? ['--passWithNoTests', ...rest] : [];

// Tier 1, no services: the gates and the unit tests. A failure here stops before the broker
// and the database are started.
step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
step('lint', bin('eslint'), ['.', '--max-warnings', '0']);
step('format', bin('prettier'), ['--check', '.']);
if (selected('unit')) jest('unit', ['unit']);

if (serviceTiers.length > 0) {
  if (failed > 0) {
    process.stderr.write('\n[test] the first tier failed: integration and e2e not run\n');
  } else if (!step('services', 'bash', ['docker/local/services.sh', 'up'], { gate: false })) {
    failed++;
  } else {
    // End-to-end suites start the built apps: a failed build fails them for the same reason.
    step('build', 'npm', ['run', '--silent', 'build']);
    jest('services', serviceTiers, ['--runInBand']);
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

function jest(name, tiers, options = []) {
  const resultsFile = path.join(root, '.cache', `jest-${name}.json`);
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  step(
    `jest ${tiers.join(' ')}`,
    bin('jest'),
    ['--json', `--outputFile=${resultsFile}`, '--selectProjects', ...tiers, ...options, ...extra],
    { gate: false },
  );
  if (!fs.existsSync(resultsFile)) {
    failed++;
    return;
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that cannot even load reports no failed test: count it.
  failed += results.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
  ).length;
}

function parseArgs(args) {
  const projects = [];
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--selectProjects') {
      while (i + 1 < args.length && !args[i + 1].startsWith('-')) projects.push(args[++i]);
    } else rest.push(args[i]);
  }
  return { projects, rest };
}
