import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  caseMessage,
  conformanceDir,
  EXPECTED_REJECTION_PATHS,
  isRejectedCase,
  isTextOnlyCase,
  loadConformanceCases,
  summarize,
} from '../support/conformance';

// The offline CLI as analysts run it: the built bundle on the real conformance files. Needs no
// Kafka or MySQL.
const root = resolve(__dirname, '..', '..');
const bundle = join(root, 'dist', 'apps', 'classify', 'main.js');
const dir = conformanceDir();
const offers = join(dir, 'offers.json');
const cases = loadConformanceCases(dir);
const work = mkdtempSync(join(tmpdir(), 'classify-e2e-'));
const inputFile = join(work, 'inputs.jsonl');
writeFileSync(inputFile, cases.map((c) => caseMessage(c)).join('\n') + '\n');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed CLI output, checked field by field
type Output = Record<string, any>;
let outputs: Output[] = [];

beforeAll(() => {
  execFileSync('node', [join(root, 'scripts', 'ensure-built.js'), 'classify'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const run = spawnSync('node', [bundle, '--catalog', offers, inputFile], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  outputs = run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Output);
}, 120_000);

describe(`classify CLI on ${dir}`, () => {
  it('writes one line per case, in order', () => {
    expect(outputs).toHaveLength(cases.length);
    const order = outputs.map((out) =>
      out.type === 'ticket.routed'
        ? `routed ${out.sourceEventId}`
        : `rejected line ${out.origin.line}`,
    );
    expect(order).toEqual(
      cases.map((c) =>
        isRejectedCase(c)
          ? `rejected line ${c.line}`
          : `routed ${(c.input as { eventId: string }).eventId}`,
      ),
    );
  });

  it('routes every explicit-category case exactly as expected', () => {
    const explicit = cases.filter((c) => !isRejectedCase(c) && !isTextOnlyCase(c));
    const got = explicit.map((c) => ({
      line: c.line,
      routing: outputs[c.line - 1].routing && summarize(outputs[c.line - 1].routing),
    }));
    expect(got).toEqual(explicit.map((c) => ({ line: c.line, routing: c.expect })));
  });

  it('rejects every bad-input case with its reasons', () => {
    for (const c of cases.filter(isRejectedCase)) {
      const out = outputs[c.line - 1];
      expect({ line: c.line, type: out.type }).toEqual({ line: c.line, type: 'ticket.rejected' });
      expect(out.raw).toBe(caseMessage(c));
      const path = EXPECTED_REJECTION_PATHS[c.why ?? ''];
      const paths = (out.errors as { path: string }[]).map((e) => e.path);
      expect(paths.length).toBeGreaterThan(0);
      if (path)
        expect({ line: c.line, paths }).toEqual({
          line: c.line,
          paths: expect.arrayContaining([path]),
        });
    }
  });

  it('routes the text-only cases at a rate of at least 90%', () => {
    const textOnly = cases.filter(isTextOnlyCase);
    const hits = textOnly.filter(
      (c) => JSON.stringify(summarize(outputs[c.line - 1].routing)) === JSON.stringify(c.expect),
    ).length;
    process.stdout.write(`CLI text-only conformance: ${hits}/${textOnly.length}\n`);
    expect(hits / textOnly.length).toBeGreaterThanOrEqual(0.9);
  });

  it('reads standard input through the npm script and keeps standard output for events', () => {
    const run = spawnSync(
      'npm',
      ['run', '--silent', 'classify', '--', '--catalog', offers, '--summary'],
      {
        cwd: root,
        input: `${caseMessage(cases[0])}\r\nnot json`,
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Output);
    expect(lines.map((l) => l.type)).toEqual(['ticket.routed', 'ticket.rejected']);
    expect(run.stderr).toContain('lines: 2, routed: 1, rejected: 1');
  });

  it('exits non-zero with a message when the catalog cannot be read', () => {
    const run = spawnSync('node', [bundle, '--catalog', join(work, 'none.json'), inputFile], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('none.json: cannot be read');
    expect(run.stdout).toBe('');
  });
});
