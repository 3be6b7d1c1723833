// Benchmark of the router service end to end, with the NestJS-docs baseline side by side:
// `npm run bench [-- --events N --baseline-events N --runs R --latency-seconds S ...]`.
// Not a test: the machine is shared and noisy, so the router and the baseline run in the same
// invocation, in turns, on fresh topics and databases, and medians of the runs are reported.
// See docs/benchmarks.md "Router (bench)".
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, routerStack } from '../../test/support/router-stack';
import { generateTicketEvents } from '../bench-events';
import { AppProcess, cpuSecondsOf, findListener } from './app-process';
import {
  countCommitted,
  deleteGroups,
  deleteTopics,
  Input,
  keyed,
  BatchMetrics,
  LatencyResult,
  LoadSampler,
  measureLatency,
  preload,
  scrapeBatchMetrics,
  sleep,
  topicSize,
  waitForCommitted,
} from './measure';

const USAGE = `npm run bench -- [options]
  --events N                inputs for the router's throughput run (200000)
  --baseline-events N       inputs for the baseline (20000; 0 skips it): the first N of the same
  --runs R                  runs of every contender, in turns (3)
  --partitions P            partitions of every topic (6)
  --latency-seconds S       seconds of fixed-rate load after each router run (30; 0 skips it)
  --rate R                  events/s of that load (2000)
  --partitions-concurrently N, --max-batch-bytes N, --session-timeout-ms N
                            router settings (default: the router's own defaults)
  --instances N             router processes in the consumer group (1)
  --variant VAR=V[,VAR=V]   one more router contender with these settings (repeatable);
                            INSTANCES=N there sets its number of router processes, BUNDLE=FILE
                            runs another build of the router (a code change side by side)
  --cpu-prof                write CPU profiles of every app process to .cache/bench/cpu-prof`;

const root = join(__dirname, '..', '..');
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
function arg(name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}
function intArg(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

const EVENTS = intArg('events', 200_000);
const BASELINE_EVENTS = Math.min(EVENTS, intArg('baseline-events', 20_000));
const RUNS = Math.max(1, intArg('runs', 3));
const PARTITIONS = intArg('partitions', 6);
const LATENCY_SECONDS = intArg('latency-seconds', 30);
const RATE = intArg('rate', 2000);
const CPU_PROF = argv.includes('--cpu-prof');
const DEFAULTS = {
  ROUTER_PARTITIONS_CONCURRENTLY: '3',
  ROUTER_MAX_BATCH_BYTES: String(2 * 1024 * 1024),
  KAFKA_SESSION_TIMEOUT_MS: '30000',
};
const SETTINGS: Record<string, string> = {};
for (const [option, variable] of [
  ['instances', 'INSTANCES'],
  ['partitions-concurrently', 'ROUTER_PARTITIONS_CONCURRENTLY'],
  ['max-batch-bytes', 'ROUTER_MAX_BATCH_BYTES'],
  ['session-timeout-ms', 'KAFKA_SESSION_TIMEOUT_MS'],
] as const) {
  const value = arg(option);
  if (value !== undefined) SETTINGS[variable] = value;
}
const OCCURRED_AT = '2000-01-01T00:00:00.000Z';
const benchDir = join(root, '.cache', 'bench');

interface Contender {
  label: string;
  kind: 'router' | 'baseline';
  settings: Record<string, string>;
}

const contenders: Contender[] = [{ label: 'router', kind: 'router', settings: SETTINGS }];
argv.forEach((a, i) => {
  if (a !== '--variant') return;
  const settings = { ...SETTINGS };
  for (const pair of (argv[i + 1] ?? '').split(',')) {
    // Split at the first "=" only: NODE_OPTIONS=--max-semi-space-size=64 is one setting.
    const at = pair.indexOf('=');
    const [name, value] = at > 0 ? [pair.slice(0, at), pair.slice(at + 1)] : [pair, undefined];
    if (!name || value === undefined) throw new Error(`--variant needs VAR=V[,VAR=V]: ${pair}`);
    settings[name] = value;
  }
  contenders.push({ label: `router ${argv[i + 1]}`, kind: 'router', settings });
});
if (BASELINE_EVENTS > 0) contenders.push({ label: 'baseline', kind: 'baseline', settings: {} });

interface AppResult {
  label: string;
  kind: Contender['kind'];
  settings: Record<string, string>;
  run: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  /** Router processes in the group (their CPU is summed, their peak RSS is the largest). */
  instances: number;
  /** CPU seconds of the MariaDB server and the Kafka broker meanwhile (shared with others). */
  serviceCpuSeconds: { mariadb?: number; kafka?: number };
  peakRssMiB: number;
  load: { min: number; max: number };
  published: { routed: number; deadLettered: number };
  audit: Record<string, number>;
  /** Every input published once and audited once (checked after the clock stopped). */
  complete: boolean;
  batches?: { batches: number; meanSize: number; meanSeconds: number };
  latency?: LatencyResult & {
    cpuSeconds: number;
    batches: { batches: number; meanSize: number; meanSeconds: number };
    peakRssMiB: number;
    load: { min: number; max: number };
  };
}

const sampler = new LoadSampler();
/** What to undo when the bench is interrupted: app processes, topics, databases. */
const cleanups = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: stopping the apps, deleting topics and databases\n`);
    const exit = () => process.exit(130);
    setTimeout(exit, 60_000).unref();
    Promise.all([...cleanups].map((c) => c().catch(() => undefined))).then(exit, exit);
  });
}
const mib = (bytes: number) => bytes / 1024 / 1024;
// The servers the router talks to: whoever listens on MariaDB's port and the first broker's.
const services = {
  mariadb: findListener(3306),
  kafka: findListener(Number((process.env.KAFKA_BROKERS ?? 'localhost:9092').split(/[,:]/)[1])),
};
const cpuOrUndefined = (pid?: number) => {
  try {
    return pid === undefined ? undefined : cpuSecondsOf(pid);
  } catch {
    return undefined; // the server restarted: no figure rather than a wrong one
  }
};
const serviceCpu = () => ({
  mariadb: cpuOrUndefined(services.mariadb),
  kafka: cpuOrUndefined(services.kafka),
});
const minus = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a - b);

async function runContender(
  contender: Contender,
  run: number,
  inputs: Input[],
  latencyEvents: Input[],
): Promise<AppResult> {
  const { kind, label, settings } = contender;
  const stack = await routerStack(`bench-${kind}`, { partitions: PARTITIONS });
  const { topics } = stack;
  const outputs = [...stack.routedTopics, topics.dlq];
  const env: Record<string, string> = {
    ...stack.env,
    CATALOG_FILE: join(root, 'config', 'offers.json'),
    LOG_LEVEL: 'info',
    ...settings,
  };
  // The stack's short session timeout is for the kill -9 trials: production's default here.
  if (!('KAFKA_SESSION_TIMEOUT_MS' in settings)) delete env.KAFKA_SESSION_TIMEOUT_MS;
  // Bench settings, not the router's: how many router processes share the group, and which
  // router bundle they run (another build, to compare a code change side by side).
  const instances = kind === 'router' ? Number(settings.INSTANCES ?? '1') : 1;
  const bundle = settings.BUNDLE ?? join(root, 'dist', 'apps', 'router', 'main.js');
  delete env.INSTANCES;
  delete env.BUNDLE;
  const admin = stack.kafka.admin();
  await admin.connect();
  const db = await createConnection(stack.db.url);
  let procs: AppProcess[] = [];
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      await Promise.all(procs.map((p) => p.stop()));
      await db.end().catch(() => undefined);
      await deleteTopics(admin, [topics.input, ...outputs]).catch((error: unknown) => {
        process.stderr.write(`  could not delete topics: ${String(error)}\n`);
      });
      await admin.disconnect();
      await deleteGroups(stack.kafka, [env.KAFKA_GROUP_ID]);
      await stack.db.drop();
    })());
  cleanups.add(cleanUp);
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [topics.input, ...outputs].map((topic) => ({
        topic,
        numPartitions: PARTITIONS,
        replicationFactor: 1,
        // As the router creates it: dead-letter records may carry up to 1 MiB of raw input.
        configEntries:
          topic === topics.dlq ? [{ name: 'max.message.bytes', value: String(8 << 20) }] : [],
      })),
    });
    await preload(stack.kafka, topics.input, inputs, PARTITIONS);
    const total = await topicSize(admin, topics.input);
    if (total !== inputs.length) throw new Error(`input topic holds ${total} of ${inputs.length}`);

    const name = label.replace(/[^A-Za-z0-9_=-]+/g, '_');
    for (let i = 0; i < instances; i++) {
      procs.push(
        new AppProcess({
          name: instances > 1 ? `${name}-${i + 1}-run${run}` : `${name}-run${run}`,
          args: [
            ...(CPU_PROF
              ? ['--cpu-prof', `--cpu-prof-dir=${join(benchDir, 'cpu-prof', `${name}-run${run}`)}`]
              : []),
            ...(kind === 'router'
              ? [bundle]
              : [
                  '-r',
                  'ts-node/register/transpile-only',
                  '-r',
                  'tsconfig-paths/register',
                  join(__dirname, 'baseline', 'main.ts'),
                ]),
          ],
          env: { ...env, HTTP_PORT: i === 0 ? env.HTTP_PORT : String(await freePort()) },
          readyText: kind === 'router' ? '"msg":"router started"' : 'baseline started',
          // Both log when their kafkajs consumer has joined the group and fetching begins.
          consumingText:
            kind === 'router' ? '"msg":"joined consumer group"' : 'has joined the group',
          logDir: join(benchDir, 'logs'),
          cwd: root,
        }),
      );
    }
    process.stderr.write(
      `run ${run}: ${label}, ${total.toLocaleString('en-US')} events` +
        (instances > 1 ? `, ${instances} processes\n` : '\n'),
    );
    await Promise.all(procs.map((p) => p.start()));
    const started = Math.min(...procs.map((p) => p.consumingAt!));
    const servicesAtStart = serviceCpu();

    const committedAt = await waitForCommitted(admin, env.KAFKA_GROUP_ID, topics.input, total, {
      timeoutMs: 120_000 + total * 20,
      label,
    });
    // The audit rows are written before the offsets are committed (both apps), so they are
    // normally all there at the first look; if not, the clock runs until they are.
    let finished = committedAt;
    for (let look = 1; ; look++) {
      const [rows] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM audit_events');
      if (Number(rows[0].n) >= total) break;
      if (performance.now() - committedAt > 60_000) {
        throw new Error(`${label}: ${String(rows[0].n)} of ${total} audit rows after 60 s`);
      }
      if (look === 1) process.stderr.write(`  ${label}: audit rows lag the committed offsets\n`);
      await sleep(100);
      finished = performance.now();
    }
    const seconds = (finished - started) / 1000;
    const cpuSeconds = procs.reduce((sum, p) => sum + p.cpuSeconds() - p.cpuAtReady, 0);
    const servicesAtEnd = serviceCpu();
    const peakRssMiB = Math.max(...procs.map((p) => mib(p.peakRssBytes())));
    const load = sampler.between(started, finished);
    const batchSums = kind === 'router' ? await sumBatchMetrics(procs) : undefined;
    const batches = batchSums && means(batchSums);

    // Not timed: what a read_committed consumer sees, and the audit rows by outcome.
    const counts = await countCommitted(stack.kafka, outputs, total);
    const published = {
      routed: stack.routedTopics.reduce((sum, t) => sum + counts[t], 0),
      deadLettered: counts[topics.dlq],
    };
    const [byOutcome] = await db.query<RowDataPacket[]>(
      'SELECT outcome, COUNT(*) AS n FROM audit_events GROUP BY outcome',
    );
    const audit = Object.fromEntries(byOutcome.map((r) => [String(r.outcome), Number(r.n)]));
    const complete =
      published.routed + published.deadLettered === total &&
      Object.values(audit).reduce((a, b) => a + b, 0) === total &&
      audit.duplicate === undefined;

    const result: AppResult = {
      label,
      kind,
      settings,
      run,
      instances,
      events: total,
      seconds,
      eventsPerSecond: total / seconds,
      cpuSeconds,
      eventsPerCpuSecond: total / cpuSeconds,
      serviceCpuSeconds: {
        mariadb: minus(servicesAtEnd.mariadb, servicesAtStart.mariadb),
        kafka: minus(servicesAtEnd.kafka, servicesAtStart.kafka),
      },
      peakRssMiB,
      load,
      published,
      audit,
      complete,
      batches,
    };
    process.stderr.write(
      `  ${label}: ${n0(result.eventsPerSecond)} events/s (${seconds.toFixed(2)} s; CPU-s: ` +
        `app ${cpuSeconds.toFixed(1)}, MariaDB ${n1(result.serviceCpuSeconds.mariadb)}, Kafka ` +
        `${n1(result.serviceCpuSeconds.kafka)}), peak RSS ${n0(peakRssMiB)} MiB, published ` +
        `${published.routed}+${published.deadLettered}, audit ${JSON.stringify(audit)}` +
        (batches
          ? `, ${batches.batches} batches of ${n0(batches.meanSize)} in ${n0(batches.meanSeconds * 1000)} ms`
          : '') +
        `${complete ? '' : ' INCOMPLETE'}\n`,
    );

    if (kind === 'router' && latencyEvents.length > 0) {
      const from = performance.now();
      const cpuBefore = procs.reduce((sum, p) => sum + p.cpuSeconds(), 0);
      const latency = await measureLatency(stack.kafka, topics.input, outputs, latencyEvents, {
        rate: RATE,
        occurredAtPlaceholder: OCCURRED_AT,
      });
      const after = await sumBatchMetrics(procs);
      result.latency = {
        ...latency,
        cpuSeconds: procs.reduce((sum, p) => sum + p.cpuSeconds(), 0) - cpuBefore,
        batches: means({
          batches: after.batches - batchSums!.batches,
          messages: after.messages - batchSums!.messages,
          seconds: after.seconds - batchSums!.seconds,
        }),
        peakRssMiB: Math.max(...procs.map((p) => mib(p.peakRssBytes()))),
        load: sampler.between(from, performance.now()),
      };
      process.stderr.write(
        `  latency at ${n0(latency.offeredPerSecond)} events/s: p50 ${n1(latency.p50Ms)} ms, ` +
          `p99 ${n1(latency.p99Ms)} ms, max ${n1(latency.maxMs)} ms ` +
          `(${latency.measured} measured, ${latency.missing} missing); ` +
          `${result.latency.batches.batches} batches of ${n0(result.latency.batches.meanSize)} in ` +
          `${n0(result.latency.batches.meanSeconds * 1000)} ms, app ${n1(result.latency.cpuSeconds)} CPU-s\n`,
      );
    }
    const stopping = procs;
    procs = [];
    for (const ended of await Promise.all(stopping.map((p) => p.stop()))) {
      if (ended !== '0' && ended !== 'SIGTERM')
        process.stderr.write(`  ${label} ended: ${ended}\n`);
    }
    return result;
  } finally {
    await cleanUp();
    cleanups.delete(cleanUp);
  }
}

async function sumBatchMetrics(procs: AppProcess[]): Promise<BatchMetrics> {
  const scraped = await Promise.all(procs.map((p) => scrapeBatchMetrics(p.httpPort)));
  const sum = (pick: (m: BatchMetrics) => number) => scraped.reduce((a, m) => a + pick(m), 0);
  return {
    batches: sum((m) => m.batches),
    messages: sum((m) => m.messages),
    seconds: sum((m) => m.seconds),
  };
}

function means(m: BatchMetrics): { batches: number; meanSize: number; meanSeconds: number } {
  return {
    batches: m.batches,
    meanSize: m.messages / m.batches,
    meanSeconds: m.seconds / m.batches,
  };
}

async function machine(): Promise<Record<string, string>> {
  const db = await createConnection('mysql://root@127.0.0.1:3306');
  const [rows] = await db.query<RowDataPacket[]>(
    'SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush',
  );
  await db.end();
  const pom = readFileSync(join(root, 'docker', 'local', 'kafka', 'pom.xml'), 'utf8');
  return {
    cpus: `${availableParallelism()} x ${cpus()[0]?.model ?? 'unknown'}`,
    node: process.version,
    mariadb: `${String(rows[0].v)} (innodb_buffer_pool_size ${n0(mib(Number(rows[0].pool)))} MiB, innodb_flush_log_at_trx_commit ${String(rows[0].flush)})`,
    kafka: /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown',
    date: new Date().toISOString(),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
function n0(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '-' : Math.round(x).toLocaleString('en-US');
}
function n1(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '-' : x.toFixed(1);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

function summary(results: AppResult[], info: Record<string, string>): string {
  const of = (label: string, run: number) =>
    results.find((x) => x.label === label && x.run === run);
  const medianOf = (values: (number | undefined)[]) => {
    const present = values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
    return present.length ? median(present) : undefined;
  };
  const runs = Array.from({ length: RUNS }, (_, i) => i + 1);
  const ratio = (label: string, run: number) => {
    const r = of(label, run);
    const b = of('baseline', run);
    return r && b ? r.eventsPerSecond / b.eventsPerSecond : undefined;
  };
  const x = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(1)}x`);
  const loadRange = (rs: (AppResult | undefined)[]) => {
    const present = rs.filter((r): r is AppResult => r !== undefined);
    if (!present.length) return '-';
    return `${n1(Math.min(...present.map((r) => r.load.min)))}-${n1(Math.max(...present.map((r) => r.load.max)))}`;
  };

  const main = runs.map((run) => {
    const r = of('router', run);
    const b = of('baseline', run);
    return [
      String(run),
      n0(r?.eventsPerSecond),
      n0(r?.eventsPerCpuSecond),
      n0(b?.eventsPerSecond),
      n0(b?.eventsPerCpuSecond),
      x(ratio('router', run)),
      n1(r?.latency?.p50Ms),
      n1(r?.latency?.p99Ms),
      n0(r?.peakRssMiB),
      n0(r?.latency?.peakRssMiB),
      n0(b?.peakRssMiB),
      loadRange([r, b]),
    ];
  });
  const med = (label: string, pick: (r: AppResult) => number | undefined) =>
    medianOf(runs.map((run) => of(label, run)).map((r) => (r ? pick(r) : undefined)));
  main.push([
    'median',
    n0(med('router', (r) => r.eventsPerSecond)),
    n0(med('router', (r) => r.eventsPerCpuSecond)),
    n0(med('baseline', (r) => r.eventsPerSecond)),
    n0(med('baseline', (r) => r.eventsPerCpuSecond)),
    x(medianOf(runs.map((run) => ratio('router', run)))),
    n1(med('router', (r) => r.latency?.p50Ms)),
    n1(med('router', (r) => r.latency?.p99Ms)),
    n0(med('router', (r) => r.peakRssMiB)),
    n0(med('router', (r) => r.latency?.peakRssMiB)),
    n0(med('baseline', (r) => r.peakRssMiB)),
    '',
  ]);

  const lines = [
    `router bench, ${info.date}: ${n0(EVENTS)} events for the router, the first ${n0(BASELINE_EVENTS)} of them for the baseline, ${PARTITIONS} partitions, ${RUNS} run(s) in turns`,
    `machine: ${info.cpus}; node ${info.node}; MariaDB ${info.mariadb}; Kafka ${info.kafka}`,
    `router settings: ${Object.entries({ ...DEFAULTS, ...SETTINGS })
      .map(([k, v]) => `${k}=${v}${k in SETTINGS ? '' : ' (default)'}`)
      .join(', ')}`,
    `load average (1-min) during the bench: ${n1(sampler.all().min)}-${n1(sampler.all().max)}; at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '',
    ...table(
      [
        'run',
        'router events/s',
        'router events/CPU-s',
        'baseline events/s',
        'baseline events/CPU-s',
        'ratio',
        `p50 ms @${RATE}/s`,
        `p99 ms @${RATE}/s`,
        'router peak RSS MiB',
        'after latency',
        'baseline peak RSS MiB',
        'load (1-min)',
      ],
      main,
    ),
  ];

  lines.push('', 'per run, every contender:');
  lines.push(
    ...table(
      [
        'run',
        'contender',
        'events',
        'seconds',
        'events/s',
        'app CPU-s',
        'MariaDB CPU-s',
        'Kafka CPU-s',
        'batches x mean size',
        'mean batch ms',
        'p50/p90/p99/max ms',
        'latency measured',
        'latency: batches x mean size, mean ms, app CPU-s',
      ],
      results.map((r) => [
        String(r.run),
        r.label,
        n0(r.events),
        r.seconds.toFixed(2),
        n0(r.eventsPerSecond),
        n1(r.cpuSeconds),
        n1(r.serviceCpuSeconds.mariadb),
        n1(r.serviceCpuSeconds.kafka),
        r.batches ? `${r.batches.batches} x ${n0(r.batches.meanSize)}` : '-',
        r.batches ? n0(r.batches.meanSeconds * 1000) : '-',
        r.latency
          ? [r.latency.p50Ms, r.latency.p90Ms, r.latency.p99Ms, r.latency.maxMs].map(n0).join('/')
          : '-',
        r.latency
          ? `${r.latency.measured}/${r.latency.offered} at ${n0(r.latency.offeredPerSecond)}/s`
          : '-',
        r.latency
          ? `${r.latency.batches.batches} x ${n0(r.latency.batches.meanSize)}, ` +
            `${n0(r.latency.batches.meanSeconds * 1000)}, ${n1(r.latency.cpuSeconds)}`
          : '-',
      ]),
    ),
  );

  const variants = contenders.filter((c) => c.kind === 'router');
  if (variants.length > 1) {
    lines.push('', 'router settings compared (medians of the runs):');
    lines.push(
      ...table(
        ['contender', 'events/s', 'events/CPU-s', 'ratio', 'p50 ms', 'p99 ms', 'peak RSS MiB'],
        variants.map((c) => [
          c.label,
          n0(med(c.label, (r) => r.eventsPerSecond)),
          n0(med(c.label, (r) => r.eventsPerCpuSecond)),
          x(medianOf(runs.map((run) => ratio(c.label, run)))),
          n1(med(c.label, (r) => r.latency?.p50Ms)),
          n1(med(c.label, (r) => r.latency?.p99Ms)),
          n0(med(c.label, (r) => r.peakRssMiB)),
        ]),
      ),
    );
  }
  const incomplete = results.filter((r) => !r.complete);
  lines.push(
    '',
    incomplete.length
      ? `INCOMPLETE: ${incomplete.map((r) => `${r.label} run ${r.run}`).join(', ')} (see above)`
      : 'every run: each input published once (read_committed) and audited once; topics and databases dropped',
  );
  const first = results.find((r) => r.kind === 'router');
  if (first) {
    lines.push(
      `mix: ${n0(first.audit.routed)} routed, ${n0(first.audit.rejected)} dead-lettered of ${n0(first.events)}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const info = await machine();
  mkdirSync(benchDir, { recursive: true });
  const inputs = keyed(generateTicketEvents(EVENTS));
  const latencyEvents = keyed(
    generateTicketEvents(RATE * LATENCY_SECONDS, {
      idPrefix: 'latency',
      seed: 7,
      occurredAt: OCCURRED_AT,
    }),
  );
  sampler.start();
  const results: AppResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // In turns, starting one later each run: a change in the machine's load then does not
    // always favour the same contender.
    const shift = (run - 1) % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const contender of order) {
      const isRouter = contender.kind === 'router';
      results.push(
        await runContender(
          contender,
          run,
          isRouter ? inputs : inputs.slice(0, BASELINE_EVENTS),
          isRouter ? latencyEvents : [],
        ),
      );
    }
  }
  sampler.stop();
  const text = summary(results, info);
  const file = join(benchDir, `router-${info.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ argv, info, contenders, results, load: sampler.all() }, null, 2),
  );
  process.stdout.write(`${text}\nraw results: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
