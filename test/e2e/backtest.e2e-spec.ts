import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  caseMessage,
  conformanceDir,
  ConformanceCase,
  isRejectedCase,
  loadConformanceCases,
  RoutedExpectation,
} from '../support/conformance';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { openDataSource } from '../support/services';

// The backtest on real rows: the built router decides the public conformance cases and the
// language cases into a fresh audit table; the backtest then decides the stored inputs again.
const root = join(__dirname, '..', '..');
const languageCases: ConformanceCase[] = readFileSync(
  join(root, 'test', 'fixtures', 'conformance-languages', 'cases.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, i) => ({ line: i + 1, ...(JSON.parse(line) as Omit<ConformanceCase, 'line'>) }));
const cases = [...loadConformanceCases(), ...languageCases];
const routed = cases.filter((c) => !isRejectedCase(c));
const rejected = cases.filter(isRejectedCase);
const catalogFile = join(conformanceDir(), 'offers.json');
/** Offers that stop being Azure-based in the modified catalog. */
const NO_LONGER_AZURE = ['adatum.managed-app-3', 'fabrikam.managed-app-1'];

interface Input {
  eventId: string;
  requester: { role: string };
  product: { type: string; offerId?: string };
}

/**
 * Where a case goes under the modified catalog, from the support model's table: deployment
 * and provisioning of a listed third-party offer that is not Azure-based is ISV-side, so any
 * requester but the ISV itself (R1) goes to the publisher (R2a, R3a1, R3a2).
 */
function cellAfterChange(c: ConformanceCase): string {
  const input = c.input as Input;
  const expected = c.expect as RoutedExpectation;
  const before = `${expected.party}/${expected.target.type}`;
  const changes =
    expected.category === 'deployment-provisioning' &&
    input.product.type === 'third-party' &&
    NO_LONGER_AZURE.includes(input.product.offerId ?? '') &&
    input.requester.role !== 'isv';
  return changes ? 'isv/isv' : before;
}

describe('backtest of the audit history written by the router', () => {
  let stack: RouterStack;
  let router: RouterProcess;
  let from: string;
  let to: string;
  let modifiedCatalog: string;

  const backtest = (args: string[]) => {
    const run = spawnSync(
      join(root, 'node_modules', '.bin', 'ts-node'),
      ['-r', 'tsconfig-paths/register', '--transpile-only', 'apps/backtest/src/main.ts', ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: stack.db.url },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  beforeAll(async () => {
    ensureBuilt('router');
    from = new Date(Date.now() - 60_000).toISOString();
    stack = await routerStack('backtest');
    router = new RouterProcess('router-backtest', stack.env);
    await router.start();
    // The first routed case again: its second message is audited as a duplicate.
    await produceInputs(stack.kafka, stack.topics.input, [
      ...cases.map(caseMessage),
      caseMessage(routed[0]),
    ]);
    await waitForAuditRows(stack.db.url, cases.length + 1);
    await router.close();
    to = new Date(Date.now() + 60_000).toISOString();
    const offers = JSON.parse(readFileSync(catalogFile, 'utf8')) as {
      offerId: string;
      azureBased: boolean;
    }[];
    modifiedCatalog = join(mkdtempSync(join(tmpdir(), 'backtest-')), 'offers.json');
    writeFileSync(
      modifiedCatalog,
      JSON.stringify(
        offers.map((o) => (NO_LONGER_AZURE.includes(o.offerId) ? { ...o, azureBased: false } : o)),
      ),
    );
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('finds no change with the catalog that decided, and passes the gate', () => {
    const run = backtest([
      '--from',
      from,
      '--to',
      to,
      '--catalog',
      catalogFile,
      '--format',
      'json',
      '--fail-on-change',
    ]);
    expect(run.stderr).toContain(`${routed.length} decided again, 0 changed`);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      rowsRead: cases.length + 1,
      decided: routed.length,
      changed: 0,
      unchanged: routed.length,
      skipped: { rejected: rejected.length, duplicate: 1 },
      samples: [],
    });
    for (const [cell, counts] of Object.entries(report.matrix as Record<string, object>)) {
      expect(Object.keys(counts)).toEqual([cell]);
    }
  });

  it('reports the decisions a catalog change would move, exactly, and fails the gate', () => {
    const run = backtest([
      '--from',
      from,
      '--to',
      to,
      '--catalog',
      modifiedCatalog,
      '--format',
      'json',
      '--fail-on-change',
      '--samples',
      '100',
    ]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    const expectedMatrix: Record<string, Record<string, number>> = {};
    let expectedChanges = 0;
    for (const c of routed) {
      const expected = c.expect as RoutedExpectation;
      const before = `${expected.party}/${expected.target.type}`;
      const after = cellAfterChange(c);
      expectedMatrix[before] ??= {};
      expectedMatrix[before][after] = (expectedMatrix[before][after] ?? 0) + 1;
      if (after !== before) expectedChanges++;
    }
    expect(expectedChanges).toBeGreaterThanOrEqual(5);
    expect(report.changed).toBe(expectedChanges);
    expect(report.matrix).toEqual(expectedMatrix);
    expect(report.samples).toHaveLength(expectedChanges);
    for (const sample of report.samples) {
      expect(sample.after).toMatchObject({ party: 'isv', targetType: 'isv' });
      expect(sample.before.ruleId).not.toBe(sample.after.ruleId);
      expect(sample.before.rationale).not.toBe(sample.after.rationale);
      expect(sample.after.rationale).toContain('ISV');
    }
    const before = (rule: string) => report.rules[rule]?.before ?? 0;
    const after = (rule: string) => report.rules[rule]?.after ?? 0;
    expect(after('R4b2') + after('R2b')).toBe(before('R4b2') + before('R2b') - expectedChanges);
    expect(after('R3a1') + after('R2a')).toBe(before('R3a1') + before('R2a') + expectedChanges);
  });

  it('writes the changes as CSV, one line each after the header', () => {
    const run = backtest([
      '--from',
      from,
      '--to',
      to,
      '--catalog',
      modifiedCatalog,
      '--format',
      'csv',
    ]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rowId,eventId,ticketId,source,decidedAt,changed,partyBefore,/);
    const expectedChanges = routed.filter((c) => {
      const e = c.expect as RoutedExpectation;
      return cellAfterChange(c) !== `${e.party}/${e.target.type}`;
    });
    expect(lines).toHaveLength(expectedChanges.length + 1);
    for (const c of expectedChanges) {
      expect(lines.some((l) => l.includes(`,${(c.input as Input).eventId},`))).toBe(true);
    }
  });

  it('applies the search filters and prints a readable table', () => {
    const run = backtest([
      '--from',
      from,
      '--to',
      to,
      '--catalog',
      modifiedCatalog,
      '--party',
      'isv',
    ]);
    expect(run.status).toBe(0);
    const isvRows = routed.filter((c) => (c.expect as RoutedExpectation).party === 'isv');
    expect(run.stdout).toContain(
      `rows read ${isvRows.length}; decided again ${isvRows.length}; changed 0`,
    );
    expect(run.stdout).toContain('party/target type: stored (rows) -> decided now (columns)');
    const outside = backtest([
      '--from',
      to,
      '--to',
      new Date(Date.parse(to) + 60_000).toISOString(),
      '--catalog',
      modifiedCatalog,
      '--fail-on-change',
    ]);
    expect(outside.status).toBe(0);
    expect(outside.stdout).toContain('rows read 0; decided again 0; changed 0');
  });

  it('exits 2 with the reason when the database or the arguments are wrong', () => {
    const run = backtest(['--from', from, '--catalog', join(tmpdir(), 'missing.json')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^backtest: /);
  });
});

async function waitForAuditRows(url: string, count: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const dataSource = await openDataSource(url);
  try {
    for (;;) {
      const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM audit_events');
      if (Number(n) >= count) return;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${count} audit rows`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await dataSource.destroy();
  }
}
