// Benchmark of the router service end to end, with the NestJS-docs baseline side by side:
// `npm run bench [-- --events N --baseline-events N --runs R --latency-seconds S ...]`.
// Not a test: the machine is shared and noisy, so the router and the baseline run in the same
// invocation, in turns, on fresh topics and databases, and medians of the runs are reported.
// See docs/benchmarks.md "Router (bench)".
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, routerStack } from '../../test/support/router-stack';
import { generateTicketEvents } from '../bench-events';
import { validateEnvironment } from '@app/config';
import { RouterSettings } from '../../apps/router/src/config/router.settings';
import { AppProcess, cpuSecondsOf, findListener } from './app-process';
import { CeilingOptions, CeilingTimes, InsertMode, prepareCeiling, runCeiling } from './ceiling';
import {
  countCommitted,
  deleteGroups,
  deleteTopics,
  Input,
  keyed,
  BatchMetrics,
  LatencyResult,
  LoadSampler,
  machineCpu,
  measureLatency,
  preload,
  scrapeBatchMetrics,
  sleep,
  topicSize,
  waitForCommitted,
} from './measure';

const USAGE = `npm run bench -- [options]
  --events N                inputs for the throughput runs of the router and the ceiling (200000)
  --baseline-events N       inputs for the baseline (20000; 0 skips it): the first N of the same
  --runs R                  runs of every contender, in turns (3)
  --partitions P            partitions of every topic (6)
  --rates R1,R2,...         fixed-rate phases after each router run, in this order (50,2000)
  --rate R                  the same with one rate
  --latency-seconds S       seconds of each fixed-rate phase (30; 0 skips them)
  --idle-seconds S          then the router's CPU over S seconds without input (30; 0 skips it)
  --no-ceiling              no ceiling contender (the rows inserted and the messages produced
                            without the router; see docs/benchmarks.md)
  --ceiling-insert MODE     how the ceiling inserts: execute (prepared, the default: faster
                            here than query, which escapes the values in JS)
  --ceiling-connections N   connections the ceiling inserts with at the same time (2)
  --ceiling-statement-bytes N
                            bytes of one ceiling INSERT at most (4194304; capped under the
                            server's max_allowed_packet)
  --partitions-concurrently N, --max-batch-bytes N, --session-timeout-ms N
                            router settings (default: the router's own defaults)
  --instances N             router processes in the consumer group (1)
  --variant VAR=V[,VAR=V]   one more router contender with these settings (repeatable);
                            INSTANCES=N there sets its number of router processes (scale-out:
                            --variant INSTANCES=2 --variant INSTANCES=3), BUNDLE=FILE runs
                            another build of the router (a code change side by side)
  --cpu-prof                write CPU profiles of every app process to .cache/bench/cpu-prof
  --help                    this text`;

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
const RATES = (arg('rates') ?? arg('rate') ?? '50,2000').split(',').map((r) => {
  const rate = Number(r);
  if (!Number.isInteger(rate) || rate <= 0) throw new Error(`--rates needs whole numbers: ${r}`);
  return rate;
});
const IDLE_SECONDS = intArg('idle-seconds', 30);
const CEILING = !argv.includes('--no-ceiling');
const CEILING_OPTIONS: CeilingOptions = {
  insert: (arg('ceiling-insert') ?? 'execute') as InsertMode,
  connections: Math.max(1, intArg('ceiling-connections', 2)),
  statementBytes: Math.max(64 * 1024, intArg('ceiling-statement-bytes', 4 * 1024 * 1024)),
};
if (!['execute', 'query'].includes(CEILING_OPTIONS.insert)) {
  throw new Error('--ceiling-insert is execute or query');
}
const CPU_PROF = argv.includes('--cpu-prof');
/** What the summary shows of a router's effective settings. */
const SHOWN_SETTINGS = [
  'ROUTER_PARTITIONS_CONCURRENTLY',
  'ROUTER_MAX_BATCH_BYTES',
  'ROUTER_FETCH_MIN_BYTES',
  'ROUTER_FETCH_MAX_WAIT_MS',
  'ROUTER_HEAP_GROWING_PERCENT',
  'KAFKA_SESSION_TIMEOUT_MS',
  'TOPIC_PARTITIONS',
  'CATALOG_RELOAD_SECONDS',
  'LOG_LEVEL',
] as const;
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
  kind: 'router' | 'baseline' | 'ceiling';
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
if (CEILING) contenders.push({ label: 'ceiling', kind: 'ceiling', settings: {} });
if (BASELINE_EVENTS > 0) contenders.push({ label: 'baseline', kind: 'baseline', settings: {} });

interface PhaseResult extends LatencyResult {
  rate: number;
  cpuMsPerEvent: number;
  batches: { batches: number; meanSize: number; meanSeconds: number };
  load: { min: number; max: number };
  /** Share of the whole machine's CPU (all cores, all processes) busy during the phase. */
  machineBusy: number;
}

interface AppResult {
  label: string;
  kind: Contender['kind'];
  settings: Record<string, string>;
  /** A router's settings as the router resolves them (its defaults where not set). */
  effective?: Record<string, string>;
  run: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** The app's CPU (for the ceiling: the bench process, which inserts and produces). */
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  /** Router processes in the group (their CPU is summed, their peak RSS is the largest). */
  instances: number;
  /** CPU seconds of the MariaDB server and the Kafka broker meanwhile (shared with others). */
  serviceCpuSeconds: { mariadb?: number; kafka?: number };
  peakRssMiB?: number;
  load: { min: number; max: number };
  published: { routed: number; deadLettered: number };
  audit: Record<string, number>;
  /** Every input published once and audited once (checked after the clock stopped). */
  complete: boolean;
  batches?: { batches: number; meanSize: number; meanSeconds: number };
  ceiling?: CeilingTimes;
  /** The fixed-rate phases, in order. */
  phases: PhaseResult[];
  /** CPU of the router's processes over --idle-seconds without input, % of one core. */
  idle?: {
    seconds: number;
    cpuSeconds: number;
    percentOfCore: number;
    /** The same in each third of the window: right after a load, V8 shrinks the heap first. */
    thirds: number[];
    /** RSS at the start and at the end of the window (the largest of the processes), MiB. */
    rssMiB: { start: number; end: number };
  };
  peakRssAfterPhasesMiB?: number;
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

/** The router's settings as it resolves them from this environment (its own validation). */
function effectiveSettings(env: Record<string, string>): Record<string, string> {
  const resolved = validateEnvironment(RouterSettings, env) as unknown as Record<string, unknown>;
  return Object.fromEntries(SHOWN_SETTINGS.map((k) => [k, String(resolved[k])]));
}

async function runContender(
  contender: Contender,
  run: number,
  inputs: Input[],
  phases: { rate: number; events: Input[] }[],
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
  const effective = kind === 'router' ? effectiveSettings(env) : undefined;
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

    let started: number;
    let finished: number;
    let cpuSeconds: number;
    let servicesAtStart: ReturnType<typeof serviceCpu>;
    let ceiling: CeilingTimes | undefined;
    if (kind === 'ceiling') {
      process.stderr.write(`run ${run}: ${label}, ${total.toLocaleString('en-US')} events\n`);
      // Not timed: what the router would write and publish for exactly these inputs.
      const work = await prepareCeiling(stack.kafka, env, PARTITIONS, total);
      servicesAtStart = serviceCpu();
      started = performance.now();
      ceiling = await runCeiling(stack.kafka, stack.db.url, work, CEILING_OPTIONS);
      finished = started + ceiling.seconds * 1000;
      cpuSeconds = ceiling.cpuSeconds;
    } else {
      const name = label.replace(/[^A-Za-z0-9_=-]+/g, '_');
      for (let i = 0; i < instances; i++) {
        procs.push(
          new AppProcess({
            name: instances > 1 ? `${name}-${i + 1}-run${run}` : `${name}-run${run}`,
            args: [
              ...(CPU_PROF
                ? [
                    '--cpu-prof',
                    `--cpu-prof-dir=${join(benchDir, 'cpu-prof', `${name}-run${run}`)}`,
                  ]
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
      started = Math.min(...procs.map((p) => p.consumingAt!));
      servicesAtStart = serviceCpu();

      const committedAt = await waitForCommitted(admin, env.KAFKA_GROUP_ID, topics.input, total, {
        timeoutMs: 120_000 + total * 20,
        label,
      });
      // The audit rows are written before the offsets are committed (both apps), so they are
      // normally all there at the first look; if not, the clock runs until they are.
      finished = committedAt;
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
      cpuSeconds = procs.reduce((sum, p) => sum + p.cpuSeconds() - p.cpuAtReady, 0);
    }
    const seconds = (finished - started) / 1000;
    const servicesAtEnd = serviceCpu();
    const peakRssMiB = procs.length
      ? Math.max(...procs.map((p) => mib(p.peakRssBytes())))
      : undefined;
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
      effective,
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
      ceiling,
      phases: [],
    };
    process.stderr.write(
      `  ${label}: ${n0(result.eventsPerSecond)} events/s (${seconds.toFixed(2)} s; CPU-s: ` +
        `${kind === 'ceiling' ? 'bench process' : 'app'} ${cpuSeconds.toFixed(1)}, MariaDB ` +
        `${n1(result.serviceCpuSeconds.mariadb)}, Kafka ${n1(result.serviceCpuSeconds.kafka)})` +
        (peakRssMiB === undefined ? '' : `, peak RSS ${n0(peakRssMiB)} MiB`) +
        `, published ${published.routed}+${published.deadLettered}, audit ${JSON.stringify(audit)}` +
        (batches
          ? `, ${batches.batches} batches of ${n0(batches.meanSize)} in ${n0(batches.meanSeconds * 1000)} ms`
          : '') +
        (ceiling
          ? `; inserts ${ceiling.insertSeconds.toFixed(2)} s in ${ceiling.statements} statements ` +
            `(${CEILING_OPTIONS.insert}), produce ${ceiling.produceSeconds.toFixed(2)} s in ` +
            `${ceiling.requests} requests`
          : '') +
        `${complete ? '' : ' INCOMPLETE'}\n`,
    );

    if (kind === 'router') {
      const cpuNow = () => procs.reduce((sum, p) => sum + p.cpuSeconds(), 0);
      let before = batchSums!;
      for (const { rate, events } of phases) {
        const from = performance.now();
        const machineBefore = machineCpu();
        const latency = await measureLatency(stack.kafka, topics.input, outputs, events, {
          rate,
          occurredAtPlaceholder: OCCURRED_AT,
          cpu: cpuNow,
        });
        const machineAfter = machineCpu();
        const after = await sumBatchMetrics(procs);
        const phase: PhaseResult = {
          ...latency,
          rate,
          cpuMsPerEvent: (latency.cpuSeconds * 1000) / latency.offered,
          batches: means({
            batches: after.batches - before.batches,
            messages: after.messages - before.messages,
            seconds: after.seconds - before.seconds,
          }),
          load: sampler.between(from, performance.now()),
          machineBusy:
            (machineAfter.busy - machineBefore.busy) / (machineAfter.all - machineBefore.all),
        };
        before = after;
        result.phases.push(phase);
        process.stderr.write(
          `  at ${n0(latency.offeredPerSecond)} events/s: p50 ${n1(latency.p50Ms)} ms, ` +
            `p99 ${n1(latency.p99Ms)} ms, max ${n1(latency.maxMs)} ms ` +
            `(${latency.measured} measured, ${latency.missing} missing); ` +
            `${phase.batches.batches} batches of ${n0(phase.batches.meanSize)} in ` +
            `${n0(phase.batches.meanSeconds * 1000)} ms; router CPU ` +
            `${phase.cpuMsPerEvent.toFixed(3)} ms/event; machine ${n0(phase.machineBusy * 100)}% busy\n`,
        );
      }
      if (phases.length)
        result.peakRssAfterPhasesMiB = Math.max(...procs.map((p) => mib(p.peakRssBytes())));
      if (IDLE_SECONDS > 0) {
        const rssNow = () => Math.max(...procs.map((p) => mib(p.rssBytes())));
        const rssStart = rssNow();
        const cpuBefore = cpuNow();
        const from = performance.now();
        const thirds: number[] = [];
        let mark = { at: from, cpu: cpuBefore };
        for (let third = 0; third < 3; third++) {
          await sleep((IDLE_SECONDS * 1000) / 3);
          const now = { at: performance.now(), cpu: cpuNow() };
          thirds.push(((now.cpu - mark.cpu) / ((now.at - mark.at) / 1000)) * 100);
          mark = now;
        }
        const idleSeconds = (mark.at - from) / 1000;
        const idleCpu = mark.cpu - cpuBefore;
        result.idle = {
          seconds: idleSeconds,
          cpuSeconds: idleCpu,
          percentOfCore: (idleCpu / idleSeconds) * 100,
          thirds,
          rssMiB: { start: rssStart, end: rssNow() },
        };
        process.stderr.write(
          `  idle for ${idleSeconds.toFixed(1)} s: router CPU ${idleCpu.toFixed(2)} s, ` +
            `${result.idle.percentOfCore.toFixed(2)}% of one core ` +
            `(by thirds: ${thirds.map((t) => `${t.toFixed(2)}%`).join(', ')}); ` +
            `RSS ${n0(result.idle.rssMiB.start)} → ${n0(result.idle.rssMiB.end)} MiB\n`,
        );
      }
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
    nproc: String(availableParallelism()),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    mariadb: `${String(rows[0].v)} (innodb_buffer_pool_size ${n0(mib(Number(rows[0].pool)))} MiB, innodb_flush_log_at_trx_commit ${String(rows[0].flush)})`,
    kafka: /<kafka\.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown',
    commit: (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
          cwd: root,
          encoding: 'utf8',
        }).trim();
      } catch {
        return 'unknown';
      }
    })(),
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
  const runs = Array.from({ length: RUNS }, (_, i) => i + 1);
  const of = (label: string, run: number) =>
    results.find((x) => x.label === label && x.run === run);
  const medianOf = (values: (number | undefined)[]) => {
    const present = values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
    return present.length ? median(present) : undefined;
  };
  const med = (label: string, pick: (r: AppResult) => number | undefined) =>
    medianOf(runs.map((run) => of(label, run)).map((r) => (r ? pick(r) : undefined)));
  /** Events/s of `label` over `other`'s in the same run, per run; their median. */
  const ratio = (label: string, other: string, run: number) => {
    const r = of(label, run);
    const o = of(other, run);
    return r && o ? r.eventsPerSecond / o.eventsPerSecond : undefined;
  };
  const medRatio = (label: string, other: string) =>
    medianOf(runs.map((run) => ratio(label, other, run)));
  const x = (v: number | undefined, digits = 1) =>
    v === undefined ? '-' : `${v.toFixed(digits)}×`;
  const us = (seconds: number | undefined, events: number) =>
    seconds === undefined ? undefined : (seconds / events) * 1e6;
  const all = sampler.all();

  const lines = [
    `# Router bench, ${info.date}`,
    '',
    '```sh',
    `npm run bench -- ${argv.join(' ')}`,
    '```',
    '',
    `- machine: nproc ${info.nproc}, ${info.cpu}; Node.js ${info.node}; MariaDB ${info.mariadb}; Kafka ${info.kafka}; commit ${info.commit}`,
    `- 1-minute load average during the bench: ${n1(all.min)} to ${n1(all.max)} (at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
    `- ${n0(EVENTS)} events for the router and the ceiling, the first ${n0(BASELINE_EVENTS)} for the baseline; ${PARTITIONS} partitions; ${RUNS} run(s) of every contender, in turns; medians of the runs; ratios are taken per run (same run) and their median shown`,
    `- fixed-rate phases after each router run: ${RATES.map((r) => `${n0(r)}/s`).join(', ')}, ${LATENCY_SECONDS} s each; then ${IDLE_SECONDS} s idle`,
    `- ceiling: the router's exact audit rows in multi-row INSERTs (${CEILING_OPTIONS.insert}, ${CEILING_OPTIONS.connections} connection(s), statements up to ${n0(CEILING_OPTIONS.statementBytes / 1024)} KiB) while a plain kafkajs producer (acks all) writes its exact output messages; "app" CPU is the bench process's`,
    '',
    'Router settings, as the router resolves them (`(default)`: not set by the bench):',
    '',
    ...contenders
      .filter((c) => c.kind === 'router')
      .map((c) => {
        const r = results.find((x) => x.label === c.label);
        const eff = r?.effective ?? {};
        return (
          `- ${c.label}: ` +
          Object.entries(eff)
            .map(([k, v]) => `${k}=${v}${k in c.settings ? '' : ' (default)'}`)
            .join(', ') +
          (c.settings.INSTANCES ? `; ${c.settings.INSTANCES} processes in the group` : '') +
          (c.settings.BUNDLE ? `; bundle ${c.settings.BUNDLE}` : '')
        );
      }),
    '',
    '## Throughput (medians)',
    '',
    ...table(
      [
        'contender',
        'processes',
        'events',
        'events/s',
        '÷ baseline',
        '÷ ceiling',
        'app µs/event',
        'MariaDB µs/event',
        'Kafka µs/event',
        'peak RSS MiB',
        'idle % core',
      ],
      contenders.map((c) => [
        c.label,
        c.kind === 'ceiling' ? '-' : n0(med(c.label, (r) => r.instances)),
        n0(med(c.label, (r) => r.events)),
        n0(med(c.label, (r) => r.eventsPerSecond)),
        c.kind === 'baseline' ? '1×' : x(medRatio(c.label, 'baseline')),
        c.kind === 'ceiling' ? '1×' : x(medRatio(c.label, 'ceiling'), 2),
        n0(med(c.label, (r) => us(r.cpuSeconds, r.events))),
        n0(med(c.label, (r) => us(r.serviceCpuSeconds.mariadb, r.events))),
        n0(med(c.label, (r) => us(r.serviceCpuSeconds.kafka, r.events))),
        n0(med(c.label, (r) => r.peakRssMiB)),
        c.kind === 'router' ? n1(med(c.label, (r) => r.idle?.percentOfCore)) : '-',
      ]),
    ),
  ];

  const routers = contenders.filter((c) => c.kind === 'router');
  if (RATES.length && LATENCY_SECONDS > 0) {
    lines.push('', '## Fixed rates (medians): produce → visible to a read_committed consumer', '');
    lines.push(
      ...table(
        ['contender', 'rate/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'CPU ms/event', 'measured'],
        routers.flatMap((c) =>
          RATES.map((rate, i) => {
            const ph = (pick: (p: PhaseResult) => number) =>
              med(c.label, (r) => (r.phases[i] ? pick(r.phases[i]) : undefined));
            return [
              c.label,
              n0(rate),
              n1(ph((p) => p.p50Ms)),
              n1(ph((p) => p.p90Ms)),
              n1(ph((p) => p.p99Ms)),
              n1(ph((p) => p.maxMs)),
              ph((p) => p.cpuMsPerEvent)?.toFixed(3) ?? '-',
              `${n0(ph((p) => p.measured))}/${n0(ph((p) => p.offered))}`,
            ];
          }),
        ),
      ),
    );
  }

  lines.push('', '## Every run', '');
  lines.push(
    ...table(
      [
        'run',
        'contender',
        'events',
        'seconds',
        'events/s',
        '÷ baseline',
        '÷ ceiling',
        'app / MariaDB / Kafka CPU-s',
        'peak RSS MiB',
        'batches × mean size, mean ms',
        'load (1-min)',
        'complete',
      ],
      results.map((r) => [
        String(r.run),
        r.label,
        n0(r.events),
        r.seconds.toFixed(2),
        n0(r.eventsPerSecond),
        r.kind === 'baseline' ? '-' : x(ratio(r.label, 'baseline', r.run)),
        r.kind === 'ceiling' ? '-' : x(ratio(r.label, 'ceiling', r.run), 2),
        `${n1(r.cpuSeconds)} / ${n1(r.serviceCpuSeconds.mariadb)} / ${n1(r.serviceCpuSeconds.kafka)}`,
        n0(r.peakRssMiB),
        r.batches
          ? `${r.batches.batches} × ${n0(r.batches.meanSize)}, ${n0(r.batches.meanSeconds * 1000)}`
          : r.ceiling
            ? `${r.ceiling.statements} INSERTs ${r.ceiling.insertSeconds.toFixed(2)} s, ${r.ceiling.requests} produce requests ${r.ceiling.produceSeconds.toFixed(2)} s`
            : '-',
        `${n1(r.load.min)}-${n1(r.load.max)}`,
        r.complete ? 'yes' : 'NO',
      ]),
    ),
  );
  if (results.some((r) => r.phases.length)) {
    lines.push('', '## Every fixed-rate phase and idle window', '');
    lines.push(
      ...table(
        [
          'run',
          'contender',
          'offered/s',
          'p50/p90/p99/max ms',
          'measured (missing)',
          'CPU ms/event',
          'batches × mean size, mean ms',
          'machine busy',
          'load (1-min)',
        ],
        results.flatMap((r) => [
          ...r.phases.map((p) => [
            String(r.run),
            r.label,
            n0(p.offeredPerSecond),
            [p.p50Ms, p.p90Ms, p.p99Ms, p.maxMs].map(n0).join('/'),
            `${p.measured}/${p.offered} (${p.missing})`,
            p.cpuMsPerEvent.toFixed(3),
            `${p.batches.batches} × ${n0(p.batches.meanSize)}, ${n0(p.batches.meanSeconds * 1000)}`,
            `${n0(p.machineBusy * 100)}%`,
            `${n1(p.load.min)}-${n1(p.load.max)}`,
          ]),
          ...(r.idle
            ? [
                [
                  String(r.run),
                  r.label,
                  'idle',
                  `${r.idle.percentOfCore.toFixed(2)}% of one core`,
                  `${r.idle.cpuSeconds.toFixed(2)} CPU-s in ${r.idle.seconds.toFixed(1)} s; ` +
                    `thirds ${r.idle.thirds.map((t) => t.toFixed(2)).join(', ')}%; ` +
                    `RSS ${n0(r.idle.rssMiB.start)} → ${n0(r.idle.rssMiB.end)} MiB`,
                  '-',
                  '-',
                  '-',
                  '-',
                ],
              ]
            : []),
        ]),
      ),
    );
  }

  const incomplete = results.filter((r) => !r.complete);
  lines.push(
    '',
    incomplete.length
      ? `INCOMPLETE: ${incomplete.map((r) => `${r.label} run ${r.run}`).join(', ')} (see above)`
      : 'Every run of every contender: each input published once (read_committed) and audited once; topics, groups and databases deleted.',
  );
  const first = results.find((r) => r.kind === 'router');
  if (first) {
    lines.push(
      `Mix: ${n0(first.audit.routed)} routed, ${n0(first.audit.rejected)} dead-lettered of ${n0(first.events)}.`,
    );
  }
  const vsBaseline = medRatio('router', 'baseline');
  const vsCeiling = medRatio('router', 'ceiling');
  const p = (rate: number, pick: (ph: PhaseResult) => number) => {
    const i = RATES.indexOf(rate);
    return i < 0 ? undefined : med('router', (r) => (r.phases[i] ? pick(r.phases[i]) : undefined));
  };
  lines.push(
    '',
    '## Issue 12 figures (contender "router", medians)',
    '',
    `- router ÷ baseline: ${x(vsBaseline)} (target ≥ 30×: ${vsBaseline === undefined ? 'not measured' : vsBaseline >= 30 ? 'met' : 'not met'})`,
    `- router ÷ ceiling: ${x(vsCeiling, 2)}`,
    `- at 50 events/s: p99 ${RATES.includes(50) ? `${n1(p(50, (ph) => ph.p99Ms))} ms, router CPU ${p(50, (ph) => ph.cpuMsPerEvent)?.toFixed(3) ?? '-'} ms/event` : 'not measured (--rates without 50)'}`,
    `- at 2,000 events/s: p99 ${RATES.includes(2000) ? `${n1(p(2000, (ph) => ph.p99Ms))} ms, router CPU ${p(2000, (ph) => ph.cpuMsPerEvent)?.toFixed(3) ?? '-'} ms/event` : 'not measured (--rates without 2000)'}`,
    `- idle: ${n1(med('router', (r) => r.idle?.percentOfCore))}% of one core over ${IDLE_SECONDS} s`,
    `- peak RSS at full speed: ${n0(med('router', (r) => r.peakRssMiB))} MiB`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const info = await machine();
  mkdirSync(benchDir, { recursive: true });
  const inputs = keyed(generateTicketEvents(EVENTS));
  // Each phase its own eventIds: the router would take a repeated one for a duplicate.
  const phases =
    LATENCY_SECONDS > 0
      ? RATES.map((rate, i) => ({
          rate,
          events: keyed(
            generateTicketEvents(rate * LATENCY_SECONDS, {
              idPrefix: `latency${i + 1}at${rate}`,
              seed: 7 + i,
              occurredAt: OCCURRED_AT,
            }),
          ),
        }))
      : [];
  sampler.start();
  const results: AppResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // In turns, starting one later each run: a change in the machine's load then does not
    // always favour the same contender.
    const shift = (run - 1) % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const contender of order) {
      results.push(
        await runContender(
          contender,
          run,
          contender.kind === 'baseline' ? inputs.slice(0, BASELINE_EVENTS) : inputs,
          contender.kind === 'router' ? phases : [],
        ),
      );
    }
  }
  sampler.stop();
  const text = summary(results, info);
  const stamp = info.date.replace(/[:.]/g, '-');
  const file = join(benchDir, `router-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify({ argv, info, contenders, results, load: sampler.all() }, null, 2),
  );
  const markdown = join(benchDir, `router-${stamp}.md`);
  writeFileSync(markdown, `${text}\n`);
  process.stdout.write(`${text}\n\nsummary: ${markdown}\nraw results: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
