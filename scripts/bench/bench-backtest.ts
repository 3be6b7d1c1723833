// Benchmark of the backtest (`npm run bench:backtest [-- --rows N --runs R]`): decisions re-decided
// per second over a generated audit table (scripts/bench/bench-data.ts; default 500,000 rows in
// ticket_router_bench_backtest, reused when present), read in keyset pages and decided again
// with config/offers.json, the way `npm run backtest` does. Not a test: the machine is shared
// and noisy, so it prints every run and the median, wall and CPU.
import { connectMysql } from '@app/audit';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runBacktest } from '../../apps/backtest/src/backtest-cli';
import { ensureBenchData } from '../../test/support/bench-data';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROWS = arg('rows', 500_000);
const RUNS = arg('runs', 3);
const url =
  process.env.BENCH_BACKTEST_DATABASE_URL ??
  'mysql://root@127.0.0.1:3306/ticket_router_bench_backtest';
const log = (message: string) => process.stderr.write(`[bench:backtest] ${message}\n`);

async function main(): Promise<void> {
  const rows = await ensureBenchData({
    url,
    rows: ROWS,
    days: 90,
    end: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000),
    log,
  });
  const db = await connectMysql(url, { useDatabase: true });
  const [[range]] = (await db.query(
    'SELECT MIN(decided_at) AS first, MAX(decided_at) AS last, VERSION() AS version FROM audit_events',
  )) as unknown as [{ first: Date; last: Date; version: string }[]];
  await db.end();
  const from = new Date(range.first.getTime() - 1000).toISOString();
  const to = new Date(range.last.getTime() + 1000).toISOString();
  const results: { decided: number; wall: number; cpu: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    let report = '';
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, done) {
        report += chunk.toString();
        done();
      },
    });
    let summaryLine = '';
    const stderr = new Writable({
      write(chunk: Buffer, _encoding, done) {
        summaryLine += chunk.toString();
        done();
      },
    });
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const status = await runBacktest(
      [
        '--from',
        from,
        '--to',
        to,
        '--catalog',
        join(__dirname, '..', '..', 'config', 'offers.json'),
        '--format',
        'json',
      ],
      { stdout, stderr, env: { DATABASE_URL: url } },
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    if (status !== 0) throw new Error(`backtest exited ${status}: ${summaryLine}`);
    const { decided, rowsRead, changed } = JSON.parse(report) as {
      decided: number;
      rowsRead: number;
      changed: number;
    };
    results.push({ decided, wall, cpu: (used.user + used.system) / 1e6 });
    log(
      `run ${run + 1}: ${rowsRead} rows read, ${decided} decided again (${changed} changed) in ` +
        `${wall.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU`,
    );
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const sh = (cmd: string) => {
    try {
      return execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  process.stdout.write(
    [
      `table: ${rows} rows (${range.version}), ${from} .. ${to}`,
      `machine: nproc ${sh('nproc')}; ${sh('uname -a')}`,
      `load: ${sh('uptime')}`,
      `re-decided per second (median of ${RUNS}): ${Math.round(median(results.map((r) => r.decided / r.wall)))} wall, ` +
        `${Math.round(median(results.map((r) => r.decided / r.cpu)))} per CPU-second of the backtest process`,
      `runs: ${results.map((r) => `${r.decided} in ${r.wall.toFixed(2)} s wall / ${r.cpu.toFixed(2)} s CPU`).join('; ')}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:backtest: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
