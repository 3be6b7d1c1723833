// npm run bench:api — the audit API's benchmark, through the real HTTP app (the built
// dist/apps/audit-api, as the read-only database user) on >= 5,000,000 generated audit rows.
// Measures: filtered search pages (latency p50/p95/p99 over many requests), 30-day stats,
// top targets, one decision, ticket history, and export throughput (rows/s).
// Settings: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/ticket_router_bench; the
// database is filled once and reused), BENCH_ROWS (5000000), BENCH_DAYS (180),
// BENCH_ROUNDS (30: requests per search shape). Results: stdout and .cache/bench-api.json.
import { connectMysql, ensureReaderUser } from '@app/audit';
import { parseDatabaseUrl } from '@app/config';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROUTING_RULES, RULE_SET_VERSION } from '@app/support-model';
import { seededRandom } from '../../test/support/audit-rows.factory';
import {
  formatApiKeyEntry,
  generateApiKey,
  hashApiKey,
} from '../../apps/audit-api/src/auth/api-key';
import { ensureBenchData } from '../../test/support/bench-data';

const root = join(__dirname, '..', '..');
const url = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/ticket_router_bench';
const targetRows = Number(process.env.BENCH_ROWS ?? 5_000_000);
const days = Number(process.env.BENCH_DAYS ?? 180);
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const log = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);
const DAY = 86_400_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

interface Timed {
  status: number;
  ms: number;
  bytes: number;
  body?: string;
}

/** One GET, timed from the request to the last byte of the body. */
function get(
  base: string,
  path: string,
  headers: Record<string, string>,
  keep = true,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    http
      .get(`${base}${path}`, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            bytes,
            body: keep ? Buffer.concat(chunks).toString('utf8') : undefined,
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values: number[]) {
  return {
    n: values.length,
    p50: +percentile(values, 50).toFixed(1),
    p95: +percentile(values, 95).toFixed(1),
    p99: +percentile(values, 99).toFixed(1),
    max: +Math.max(...values).toFixed(1),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function machine() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc', []),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: sh('sh', ['-c', 'free -g | awk \'/Mem:/ {print $2 " GiB"}\'']),
    node: process.version,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const rows = await ensureBenchData({
    url,
    rows: targetRows,
    days,
    end: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000),
    log,
  });
  const db = await connectMysql(url, { useDatabase: true });
  const [[info]] = (await db.query(
    `SELECT VERSION() AS version, MAX(decided_at) AS last, MIN(decided_at) AS first,
            @@innodb_buffer_pool_size AS pool FROM audit_events`,
  )) as unknown as [{ version: string; last: Date; first: Date; pool: string }[]];
  const end = new Date(Math.ceil(info.last.getTime() / DAY) * DAY);
  const from30 = new Date(end.getTime() - 30 * DAY);
  const [[{ n: rows30 }]] = (await db.query(
    'SELECT COUNT(*) AS n FROM audit_events WHERE decided_at >= ? AND decided_at < ?',
    [from30, end],
  )) as unknown as [{ n: number }[]];

  // Values that exist, to search for: a sample of rows spread over the table.
  const [samples] = (await db.query(
    `SELECT event_id, source, ticket_id, target_type, target_id FROM audit_events
      WHERE id IN (${Array.from({ length: 400 }, (_, i) => Math.floor(((i + 0.5) * rows) / 400)).join(',')})
        AND event_id IS NOT NULL AND target_id IS NOT NULL`,
  )) as unknown as [
    {
      event_id: string;
      source: string;
      ticket_id: string;
      target_type: string;
      target_id: string;
    }[],
  ];

  const reader = `ticket_router_bench_reader`;
  const readerPassword = `bench-${hashApiKey(url).slice(0, 16)}`;
  const readerUrl = url.replace(/\/\/[^@]*@/, `//${reader}:${readerPassword}@`);
  const readerResult = await ensureReaderUser(url, readerUrl);
  const apiUrl = readerResult.status === 'not-allowed' ? url : readerUrl;

  log('building the audit API');
  execFileSync('node', [join(root, 'scripts', 'ensure-built.js'), 'audit-api'], {
    cwd: root,
    stdio: 'inherit',
  });
  const key = generateApiKey();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app: ChildProcess = spawn('node', [join(root, 'dist', 'apps', 'audit-api', 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      AUDIT_API_DATABASE_URL: apiUrl,
      AUDIT_API_PORT: String(port),
      AUDIT_API_KEYS: formatApiKeyEntry({ name: 'bench', role: 'analyst', hash: hashApiKey(key) }),
      // The benchmark is one client making many requests: lift the per-key limit.
      AUDIT_API_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const headers = { Authorization: `Bearer ${key}` };
  try {
    for (let i = 0; ; i++) {
      const ok = await get(base, '/v1/me', headers).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (i > 300) throw new Error('the audit API did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const loadBefore = loadavg();
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const sample = () => pick(samples);
    const day = (d: Date) => d.toISOString();
    const randomWeek = () => {
      const start = new Date(end.getTime() - Math.floor(random() * (days - 7)) * DAY - 7 * DAY);
      return `from=${day(start)}&to=${day(new Date(start.getTime() + 7 * DAY))}`;
    };
    const q = encodeURIComponent;

    // Search shapes: what analysts filter on, each with a fresh value every round.
    const shapes: Record<string, () => string> = {
      'newest, no filter': () => '',
      party: () => `party=${pick(['partner', 'isv', 'microsoft'])}`,
      'party + 7-day window': () =>
        `party=${pick(['partner', 'isv', 'microsoft'])}&${randomWeek()}`,
      'target type + id': () => {
        const s = sample();
        return `targetType=${s.target_type}&targetId=${q(s.target_id)}`;
      },
      'target id alone': () => `targetId=${q(sample().target_id)}`,
      category: () =>
        `category=${pick(['billing', 'technical', 'transaction', 'other', 'break-fix'])}`,
      'category source': () => `categorySource=${pick(['inferred', 'default'])}`,
      rule: () => `ruleId=${pick(ROUTING_RULES.map((r) => r.id))}`,
      outcome: () => `outcome=${pick(['rejected', 'duplicate'])}`,
      source: () => `source=${q(sample().source)}`,
      'ticket id alone': () => `ticketId=${q(sample().ticket_id)}`,
      'source + ticket id': () => {
        const s = sample();
        return `source=${q(s.source)}&ticketId=${q(s.ticket_id)}`;
      },
      'needs review': () => 'needsReview=true',
      'rule-set version': () => `ruleSetVersion=${RULE_SET_VERSION}`,
      'party + category + source': () =>
        `party=partner&category=${pick(['billing', 'payment', 'account'])}&source=${q(sample().source)}`,
      'outcome + 7-day window': () => `outcome=routed&${randomWeek()}`,
    };

    log(`warming up (${Object.keys(shapes).length} search shapes)`);
    for (const make of Object.values(shapes)) await get(base, `/v1/decisions?${make()}`, headers);

    const pageTimes: Record<string, number[]> = {};
    const all: number[] = [];
    const nextPageTimes: number[] = [];
    const nextByShape: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, make] of Object.entries(shapes)) {
        const first = await get(base, `/v1/decisions?${make()}`, headers);
        if (first.status !== 200) throw new Error(`${name}: HTTP ${first.status} ${first.body}`);
        (pageTimes[name] ??= []).push(first.ms);
        all.push(first.ms);
        // Follow the cursor a page further, as an analyst scrolling does.
        const cursor = (JSON.parse(first.body!) as { nextCursor: string | null }).nextCursor;
        if (cursor && round % 3 === 0) {
          const next = await get(base, `/v1/decisions?${make()}&cursor=${cursor}`, headers);
          nextPageTimes.push(next.ms);
          (nextByShape[name] ??= []).push(next.ms);
        }
      }
    }
    log(`search pages: ${all.length} requests, p95 ${percentile(all, 95).toFixed(1)} ms`);

    const detailTimes: number[] = [];
    const historyTimes: number[] = [];
    for (let i = 0; i < rounds * 3; i++) {
      const s = sample();
      detailTimes.push((await get(base, `/v1/decisions/${q(s.event_id)}`, headers)).ms);
      historyTimes.push(
        (await get(base, `/v1/tickets/${q(s.source)}/${q(s.ticket_id)}/decisions`, headers)).ms,
      );
    }

    const range30 = `from=${day(from30)}&to=${day(end)}`;
    const statsShapes: Record<string, string> = {
      'party by day': `groupBy=party&bucket=day`,
      'category by day': `groupBy=category&bucket=day`,
      'rule by day': `groupBy=rule&bucket=day`,
      'outcome by hour': `groupBy=outcome&bucket=hour`,
      'party by week': `groupBy=party&bucket=week`,
      'category by day, party=isv': `groupBy=category&bucket=day&party=isv`,
      'target by day (top 20)': `groupBy=target&bucket=day`,
    };
    const statsTimes: Record<string, number[]> = {};
    const statsRepeats = Math.max(5, Math.round(rounds / 3));
    for (let i = 0; i < statsRepeats; i++) {
      for (const [name, query] of Object.entries(statsShapes)) {
        const res = await get(base, `/v1/stats?${range30}&${query}`, headers);
        if (res.status !== 200) throw new Error(`stats ${name}: HTTP ${res.status} ${res.body}`);
        (statsTimes[name] ??= []).push(res.ms);
      }
      (statsTimes['top targets (top-targets)'] ??= []).push(
        (await get(base, `/v1/stats/top-targets?${range30}`, headers)).ms,
      );
    }
    log('stats done');

    const exports: Record<string, { rows: number; seconds: number[]; mib: number }> = {};
    const exportRuns: [string, string, number, number][] = [
      ['CSV, last 30 days', `format=csv&${range30}`, rows30, 3],
      ['NDJSON, last 30 days', `format=ndjson&${range30}`, rows30, 3],
      ['CSV + rationale, last 30 days', `format=csv&include=rationale&${range30}`, rows30, 1],
      ['CSV, every row', 'format=csv', rows, 1],
    ];
    for (const [name, query, expected, times] of exportRuns) {
      for (let i = 0; i < times; i++) {
        const res = await get(base, `/v1/exports/decisions?${query}`, headers, false);
        if (res.status !== 200) throw new Error(`export ${name}: HTTP ${res.status}`);
        const entry = (exports[name] ??= { rows: Number(expected), seconds: [], mib: 0 });
        entry.seconds.push(res.ms / 1000);
        entry.mib = res.bytes / 1048576;
        log(`export ${name}: ${(Number(expected) / (res.ms / 1000)).toFixed(0)} rows/s`);
      }
    }
    const loadAfter = loadavg();

    const result = {
      command: 'npm run bench:api',
      machine: {
        ...machine(),
        mariadb: info.version,
        innodbBufferPoolMiB: Number(info.pool) / 1048576,
      },
      loadAverage: {
        before: loadBefore.map((l) => +l.toFixed(2)),
        after: loadAfter.map((l) => +l.toFixed(2)),
      },
      data: {
        rows,
        days,
        first: info.first.toISOString(),
        last: info.last.toISOString(),
        last30DaysRows: Number(rows30),
        databaseUser: apiUrl === url ? parseDatabaseUrl(url).username : reader,
      },
      searchPages: {
        overall: summary(all),
        nextPage: summary(nextPageTimes),
        nextPageByShape: Object.fromEntries(
          Object.entries(nextByShape).map(([k, v]) => [k, summary(v)]),
        ),
        byShape: Object.fromEntries(Object.entries(pageTimes).map(([k, v]) => [k, summary(v)])),
      },
      decisionByEventId: summary(detailTimes),
      ticketHistory: summary(historyTimes),
      stats30Days: Object.fromEntries(Object.entries(statsTimes).map(([k, v]) => [k, summary(v)])),
      exports: Object.fromEntries(
        Object.entries(exports).map(([k, v]) => {
          const median = percentile(v.seconds, 50);
          return [
            k,
            {
              rows: v.rows,
              runs: v.seconds.length,
              medianSeconds: +median.toFixed(2),
              rowsPerSecond: Math.round(v.rows / median),
              mib: +v.mib.toFixed(0),
            },
          ];
        }),
      ),
      minutes: +((Date.now() - started) / 60_000).toFixed(1),
    };
    mkdirSync(join(root, '.cache'), { recursive: true });
    writeFileSync(join(root, '.cache', 'bench-api.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    app.kill('SIGTERM');
    await db.end();
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:api] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
