import { OfferCatalog } from '@app/catalog';
import { ConfigurationError } from '@app/config';
import { Writable } from 'node:stream';
import { AuditHistory } from './audit-history';
import { csvLine, CSV_COLUMNS, renderTable } from './backtest-format';
import { BacktestOptions, parseBacktestArgs, USAGE, UsageError } from './backtest-options';
import { BacktestTally } from './backtest-tally';

export interface BacktestIo {
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * `npm run backtest`: exit 0 when it ran (changes or not), 1 when --fail-on-change and some
 * decision would change, 2 when the arguments, the catalog or the database are wrong.
 */
export async function runBacktest(argv: readonly string[], io: BacktestIo): Promise<number> {
  let options: BacktestOptions;
  let catalog: OfferCatalog;
  try {
    options = parseBacktestArgs(argv, io.env);
    catalog = OfferCatalog.fromFile(options.catalogFile);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`backtest: ${message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    return 2;
  }
  let history: AuditHistory;
  try {
    history = await AuditHistory.connect(io.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      error instanceof ConfigurationError
        ? `backtest: ${message}\n`
        : `backtest: cannot connect to the database: ${message}\n`,
    );
    return 2;
  }
  const csv = options.format === 'csv';
  if (csv) await write(io.stdout, CSV_COLUMNS.join(',') + '\n');
  let pending: string[] = [];
  const tally = new BacktestTally(
    catalog,
    options.samples,
    csv ? (change) => pending.push(csvLine(change)) : undefined,
  );
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  try {
    for await (const page of history.pages(options.filters, options.pageSize)) {
      for (const row of page) tally.add(row);
      if (pending.length) {
        await write(io.stdout, pending.join('\n') + '\n');
        pending = [];
      }
    }
  } catch (error) {
    io.stderr.write(`backtest: reading audit_events failed: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await history.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const summary = tally.summary();
  const query = {
    from: options.filters.from.toISOString(),
    to: options.filters.to.toISOString(),
    filters: Object.fromEntries(
      Object.entries(options.filters)
        .filter(([k]) => k !== 'from' && k !== 'to')
        .map(([k, v]) => [k, String(v)]),
    ),
    catalog: options.catalogFile,
  };
  if (options.format === 'json') {
    await write(io.stdout, JSON.stringify({ query, ...summary }, null, 2) + '\n');
  } else if (options.format === 'table') {
    await write(io.stdout, renderTable(query, summary));
  }
  io.stderr.write(
    `backtest: ${summary.rowsRead} rows read, ${summary.decided} decided again, ` +
      `${summary.changed} changed in ${seconds.toFixed(2)} s ` +
      `(${Math.round(summary.decided / Math.max(seconds, 1e-9))} decisions/s wall, ` +
      `${Math.round(summary.decided / Math.max(cpuSeconds, 1e-9))} per CPU-second)\n`,
  );
  return options.failOnChange && summary.changed > 0 ? 1 : 0;
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
