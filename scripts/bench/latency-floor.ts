/**
 * npm run bench:latency-floor -- [--rates 50,2000] [--seconds 20] [--runs 3] [--partitions 6]
 *   [--contenders router,pass-through,no app]
 *
 * How much of the router's end-to-end latency and CPU at a fixed rate the path itself costs on
 * this machine, measured the same way as `npm run bench` (scripts/bench-router/measure.ts: from
 * the producer call to a read_committed consumer's receipt, matched by sourceEventId), in
 * turns, on fresh topics each time:
 *
 * - `router`: the built router (dist/apps/router/main.js), its defaults, audit on;
 * - `pass-through`: scripts/bench/pass-through.ts, the router's Kafka path alone (consume as
 *   the router does, one transaction a batch with its offsets, on transactional producers taken
 *   idle longest; no decision, no audit row, no group commit);
 * - `no app`: the consumer reads the input topic itself (the measurement's own floor: producer,
 *   broker, consumer on this machine).
 *
 * The CPU an event is the app process's from the first send to the last arrival, divided by
 * the events offered (as in `npm run bench`).
 */
import { Admin, Kafka } from 'kafkajs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { routerStack } from '../../test/support/router-stack';
import { createTopics, testKafka, uniqueSuffix } from '../../test/support/services';
import { AppProcess } from '../bench-router/app-process';
import {
  deleteGroups,
  deleteTopics,
  keyed,
  LatencyResult,
  LoadSampler,
  machineCpu,
  measureLatency,
} from '../bench-router/measure';
import { generateTicketEvents } from '../bench-events';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RATES = (arg('rates') ?? '50,2000').split(',').map(Number);
const SECONDS = Number(arg('seconds') ?? 20);
const RUNS = Number(arg('runs') ?? 3);
const PARTITIONS = Number(arg('partitions') ?? 6);
const ALL_CONTENDERS = ['router', 'pass-through', 'no app'] as const;
type ContenderName = (typeof ALL_CONTENDERS)[number];
const CONTENDERS = (arg('contenders')?.split(',') ?? ALL_CONTENDERS) as ContenderName[];
for (const c of CONTENDERS) {
  if (!ALL_CONTENDERS.includes(c)) throw new Error(`--contenders: unknown ${c}`);
}
const OCCURRED_AT = '2000-01-01T00:00:00.000Z';
const root = join(__dirname, '..', '..');
const benchDir = join(root, '.cache', 'bench');
const brokers = process.env.KAFKA_BROKERS ?? 'localhost:9092';

interface Phase extends LatencyResult {
  contender: ContenderName;
  run: number;
  rate: number;
  cpuMsPerEvent?: number;
  machineBusy: number;
}

/** Runs `use` with a connected admin client of `kafka`. */
async function withAdmin(kafka: Kafka, use: (admin: Admin) => Promise<void>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Sets up one contender, runs every rate against it, tears it down. */
async function runContender(
  contender: ContenderName,
  run: number,
  phases: { rate: number; events: ReturnType<typeof keyed> }[],
): Promise<Phase[]> {
  const id = `floor-${uniqueSuffix()}`;
  let kafka: Kafka;
  let input: string;
  let outputs: string[];
  let app: AppProcess | undefined;
  let cleanUp: () => Promise<void>;
  if (contender === 'router') {
    const stack = await routerStack('bench-floor', { partitions: PARTITIONS });
    kafka = stack.kafka;
    input = stack.topics.input;
    outputs = [...stack.routedTopics, stack.topics.dlq];
    const env: Record<string, string> = {
      ...stack.env,
      CATALOG_FILE: join(root, 'config', 'offers.json'),
      LOG_LEVEL: 'info',
    };
    // The stack's short session timeout is for the kill -9 trials: the router's default here.
    delete env.KAFKA_SESSION_TIMEOUT_MS;
    await withAdmin(kafka, (admin) => createTopics(admin, [input, ...outputs], PARTITIONS));
    app = new AppProcess({
      name: `floor-router-run${run}`,
      args: [join(root, 'dist', 'apps', 'router', 'main.js')],
      env,
      readyText: '"msg":"router started"',
      consumingText: '"msg":"joined consumer group"',
      logDir: join(benchDir, 'logs'),
      cwd: root,
    });
    cleanUp = async () => {
      await withAdmin(kafka, (admin) => deleteTopics(admin, [input, ...outputs]));
      await deleteGroups(kafka, [env.KAFKA_GROUP_ID]);
      await stack.db.drop();
    };
  } else {
    kafka = testKafka(id, brokers.split(','));
    input = `${id}.new`;
    outputs = contender === 'no app' ? [input] : [`${id}.out`];
    const topics = [...new Set([input, ...outputs])];
    await withAdmin(kafka, (admin) => createTopics(admin, topics, PARTITIONS));
    const groupId = `${id}-app`;
    if (contender === 'pass-through') {
      app = new AppProcess({
        name: `floor-pass-through-run${run}`,
        args: [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join(__dirname, 'pass-through.ts'),
        ],
        env: {
          KAFKA_BROKERS: brokers,
          INPUT_TOPIC: input,
          OUTPUT_TOPIC: outputs[0],
          GROUP_ID: groupId,
        },
        readyText: 'pass-through started',
        consumingText: 'joined consumer group',
        logDir: join(benchDir, 'logs'),
        cwd: root,
      });
    }
    cleanUp = async () => {
      await withAdmin(kafka, (admin) => deleteTopics(admin, topics));
      if (contender === 'pass-through') await deleteGroups(kafka, [groupId]);
    };
  }
  const results: Phase[] = [];
  try {
    await app?.start();
    const cpu = () => app?.cpuSeconds() ?? 0;
    for (const { rate, events } of phases) {
      const before = machineCpu();
      const latency = await measureLatency(kafka, input, outputs, events, {
        rate,
        occurredAtPlaceholder: OCCURRED_AT,
        cpu,
        tagInputs: contender === 'no app',
      });
      const after = machineCpu();
      const phase: Phase = {
        ...latency,
        contender,
        run,
        rate,
        cpuMsPerEvent: app ? (latency.cpuSeconds * 1000) / latency.offered : undefined,
        machineBusy: (after.busy - before.busy) / (after.all - before.all),
      };
      results.push(phase);
      process.stderr.write(
        `run ${run}: ${contender} at ${Math.round(latency.offeredPerSecond)}/s: p50 ` +
          `${latency.p50Ms.toFixed(1)} ms, p99 ${latency.p99Ms.toFixed(1)} ms, max ` +
          `${latency.maxMs.toFixed(1)} ms (${latency.measured} measured, ${latency.missing} missing)` +
          (phase.cpuMsPerEvent === undefined
            ? ''
            : `, app CPU ${phase.cpuMsPerEvent.toFixed(3)} ms/event`) +
          `, machine ${Math.round(phase.machineBusy * 100)}% busy\n`,
      );
    }
  } finally {
    await app?.stop();
    await cleanUp();
  }
  return results;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function summary(phases: Phase[], started: string, load: { min: number; max: number }): string {
  const lines = [
    `# Latency floor, ${started}`,
    '',
    '```sh',
    `npm run bench:latency-floor -- ${argv.join(' ')}`,
    '```',
    '',
    `- machine: nproc ${cpus().length}, ${cpus()[0]?.model ?? 'unknown'}; Node.js ${process.version}; 1-minute load ${load.min.toFixed(1)} to ${load.max.toFixed(1)}`,
    `- ${RUNS} run(s) of each contender in turns, ${SECONDS} s a rate, ${PARTITIONS} partitions; medians (runs in brackets)`,
    '',
    '| contender | rate/s | p50 ms | p99 ms (runs) | max ms | app CPU ms/event | machine busy |',
    '| --------- | ------ | ------ | ------------- | ------ | ---------------- | ------------ |',
  ];
  for (const contender of CONTENDERS) {
    for (const rate of RATES) {
      const of = phases.filter((p) => p.contender === contender && p.rate === rate);
      if (of.length === 0) continue;
      const cpu = of.flatMap((p) => (p.cpuMsPerEvent === undefined ? [] : [p.cpuMsPerEvent]));
      lines.push(
        `| ${contender} | ${rate} | ${median(of.map((p) => p.p50Ms)).toFixed(1)} | ` +
          `${median(of.map((p) => p.p99Ms)).toFixed(1)} (${of.map((p) => p.p99Ms.toFixed(0)).join(', ')}) | ` +
          `${median(of.map((p) => p.maxMs)).toFixed(1)} | ` +
          `${cpu.length ? median(cpu).toFixed(3) : '-'} | ` +
          `${Math.round(median(of.map((p) => p.machineBusy)) * 100)}% |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  mkdirSync(benchDir, { recursive: true });
  const phases = RATES.map((rate, i) => ({
    rate,
    events: keyed(
      generateTicketEvents(rate * SECONDS, {
        idPrefix: `floor${i + 1}at${rate}`,
        seed: 11 + i,
        occurredAt: OCCURRED_AT,
      }),
    ),
  }));
  const sampler = new LoadSampler();
  sampler.start();
  const results: Phase[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // In turns, starting one later each run.
    const shift = (run - 1) % CONTENDERS.length;
    for (const contender of [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)]) {
      results.push(...(await runContender(contender, run, phases)));
    }
  }
  sampler.stop();
  const load = sampler.all();
  const text = summary(results, started, load);
  const file = join(benchDir, `latency-floor-${started.replace(/[:.]/g, '-')}`);
  writeFileSync(`${file}.json`, JSON.stringify({ argv, started, load, results }, null, 2));
  writeFileSync(`${file}.md`, `${text}\n`);
  process.stdout.write(`${text}\n\nsummary: ${file}.md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
