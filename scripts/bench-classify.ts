// Benchmark of the offline classification path (parse, validate, decide, serialize):
// `npm run bench:classify [-- --events N --runs R]`. Prints the figures docs/benchmarks.md
// records. Not a test: the machine is shared and noisy, so it reports medians of several runs.
import { OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import { TicketCreatedV1, validateTicketCreatedV1, validateWithClasses } from '@app/contracts';
import { decide } from '@app/support-model';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { generateTicketEvents } from './bench-events';

const root = join(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const EVENTS = arg('events', 100_000);
const RUNS = arg('runs', 5);
const catalogFile = join(root, 'config', 'offers.json');

const WHOLE = 'whole path (classify + JSON.stringify)';
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** CPU seconds (user + system) of this process since `since`. */
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const cpuTimes = new Map<string, number>();

function timeIt(label: string, work: () => void, runs = RUNS): number {
  work(); // warm-up: JIT and caches, not measured
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    const startedCpu = process.cpuUsage();
    work();
    times.push(seconds(started));
    cpu.push(cpuSeconds(startedCpu));
  }
  const t = median(times);
  cpuTimes.set(label, median(cpu));
  process.stderr.write(
    `  ${label}: wall ${times.map((x) => x.toFixed(3)).join(', ')} s; cpu ${cpu.map((x) => x.toFixed(3)).join(', ')} s\n`,
  );
  return t;
}

function main(): void {
  const lines = generateTicketEvents(EVENTS);
  const dir = join(root, '.cache', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `events-${EVENTS}.jsonl`);
  writeFileSync(file, lines.join('\n') + '\n');
  const catalog = OfferCatalog.fromFile(catalogFile);
  const classifier = new TicketClassifier(catalog);
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return null;
    }
  });
  const valid = parsed
    .map((p) => validateTicketCreatedV1(p))
    .flatMap((r) => (r.ok ? [r.value] : []));
  const textOnly = valid.filter((v) => v.ticket.category === undefined).length;

  process.stderr.write(
    `bench:classify: ${EVENTS} events (${valid.length} valid, ${textOnly} text-only), ${RUNS} runs each\n`,
  );
  let sink = 0;
  const pipeline = timeIt(WHOLE, () => {
    lines.forEach((line, i) => {
      const r = classifier.classify(line, { file, line: i + 1 });
      sink += JSON.stringify(r.outcome === 'routed' ? r.event : r.record).length;
    });
  });
  const parse = timeIt('JSON.parse', () =>
    lines.forEach((l) => {
      try {
        JSON.parse(l);
      } catch {
        sink++;
      }
    }),
  );
  const fast = timeIt('validate (compiled fast path)', () =>
    parsed.forEach((p) => {
      sink += validateTicketCreatedV1(p).ok ? 1 : 0;
    }),
  );
  const decideTime = timeIt('decide (rules + inference)', () =>
    valid.forEach((v) => {
      sink += decide(v, catalog).clauses.length;
    }),
  );
  const routedEvents = lines.flatMap((line, i) => {
    const r = classifier.classify(line, { file, line: i + 1 });
    return r.outcome === 'routed' ? [r.event] : [];
  });
  const stringify = timeIt('JSON.stringify of the routed events', () => {
    routedEvents.forEach((event) => {
      sink += JSON.stringify(event).length;
    });
  });
  // class-validator is ~20x slower: measure it on a slice, side by side with the fast path.
  const slice = parsed.slice(0, Math.min(20_000, parsed.length));
  const classes = timeIt(
    `validate with class-validator classes (${slice.length} events)`,
    () =>
      slice.forEach((p) => {
        sink += validateWithClasses(TicketCreatedV1, p).ok ? 1 : 0;
      }),
    3,
  );
  const fastSlice = timeIt(
    `validate fast path (same ${slice.length} events)`,
    () =>
      slice.forEach((p) => {
        sink += validateTicketCreatedV1(p).ok ? 1 : 0;
      }),
    3,
  );

  const cliTimes: number[] = [];
  const cliCpu: number[] = [];
  const bundle = join(root, 'dist', 'apps', 'classify', 'main.js');
  for (let r = 0; r < RUNS; r++) {
    const started = process.hrtime.bigint();
    // bash's `time` gives the child's own CPU seconds (user, system) on stderr.
    const script = 'TIMEFORMAT="%U %S"; time node "$0" --catalog "$1" "$2" > /dev/null';
    const run = spawnSync('bash', ['-c', script, bundle, catalogFile, file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`CLI exited ${run.status}: ${run.stderr}`);
    cliTimes.push(seconds(started));
    const [user, system] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    cliCpu.push(user + system);
  }
  const cli = median(cliTimes);
  const cliCpuTime = median(cliCpu);
  process.stderr.write(
    `  CLI process: wall ${cliTimes.map((x) => x.toFixed(3)).join(', ')} s; cpu ${cliCpu.map((x) => x.toFixed(2)).join(', ')} s\n`,
  );

  const rate = (t: number, n = EVENTS) => Math.round(n / t).toLocaleString('en-US');
  const us = (t: number, n = EVENTS) => ((t / n) * 1e6).toFixed(2);
  const out = [
    `events: ${EVENTS} (${valid.length} valid, ${textOnly} of them text-only; ${EVENTS - valid.length} bad)`,
    `machine: ${cpus().length} cpus, ${cpus()[0]?.model ?? 'unknown'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
    `in-process whole path: ${rate(pipeline)} events/s wall (${us(pipeline)} us/event), ${rate(cpuTimes.get(WHOLE)!)} events per CPU-second (median of ${RUNS})`,
    `CLI process on the file: ${rate(cli)} events/s wall (${cli.toFixed(2)} s), ${rate(cliCpuTime)} events per CPU-second (${cliCpuTime.toFixed(2)} s), start-up included, median of ${RUNS}`,
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    'breakdown (us/event):',
    `  JSON.parse ${us(parse)}, validate fast path ${us(fast)}, decide ${us(decideTime, valid.length)}, JSON.stringify ${us(stringify, routedEvents.length)}`,
    `  class-validator classes ${us(classes, slice.length)} vs fast path ${us(fastSlice, slice.length)}: ${(classes / fastSlice).toFixed(1)}x`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  if (sink === -1) process.stdout.write('');
}

main();
