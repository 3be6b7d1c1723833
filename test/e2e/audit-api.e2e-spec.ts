import { ensureReaderUser } from '@app/audit';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { ensureBenchData } from '../support/bench-data';
import { makeKey } from '../support/audit-api';
import { createTestDatabase, TestDatabase, uniqueSuffix } from '../support/services';

const root = join(__dirname, '..', '..');
const ROWS = 200_000;

jest.setTimeout(120_000);
const MiB = 1024 * 1024;

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

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

interface Streamed {
  status: number;
  bytes: number;
  lines: number;
  peakRssGrowth: number;
}

/**
 * GETs a URL and reads the body as it arrives without keeping it, sampling the server's
 * RSS; with `pauseAfter` bytes the client stops reading for `pauseMs` (a slow consumer).
 */
function streamFrom(
  url: string,
  headers: Record<string, string>,
  pid: number,
  baseline: number,
  o: { pauseAfter?: number; pauseMs?: number; abortAfter?: number } = {},
): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    let peak = rssOf(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    const req = http.get(url, { headers }, (res) => {
      let bytes = 0;
      let lines = 0;
      let paused = false;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
        if (o.abortAfter !== undefined && bytes >= o.abortAfter) {
          req.destroy();
          clearInterval(sampler);
          resolve({ status: res.statusCode ?? 0, bytes, lines, peakRssGrowth: peak - baseline });
          return;
        }
        if (o.pauseAfter !== undefined && !paused && bytes >= o.pauseAfter) {
          paused = true;
          res.pause();
          setTimeout(() => res.resume(), o.pauseMs ?? 1000);
        }
      });
      res.on('end', () => {
        clearInterval(sampler);
        resolve({ status: res.statusCode ?? 0, bytes, lines, peakRssGrowth: peak - baseline });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (o.abortAfter === undefined) reject(error);
    });
  });
}

describe('audit API as built (dist), as the read-only user, on 200,000 rows', () => {
  let db: TestDatabase;
  let app: ChildProcess;
  let base: string;
  let readerUser: string;
  /** What the loader wrote: at least ROWS (it copies a seed of about 20,000 rows). */
  let rows: number;
  const analyst = makeKey('e2e-analyst', 'analyst');
  const auth = { Authorization: `Bearer ${analyst.key}` };

  beforeAll(async () => {
    spawnSync('node', [join(root, 'scripts', 'ensure-built.js'), 'audit-api'], { cwd: root });
    db = await createTestDatabase('api_e2e');
    rows = await ensureBenchData({
      url: db.url,
      rows: ROWS,
      days: 30,
      end: new Date('2026-11-01T00:00:00Z'),
      log: () => undefined,
    });
    readerUser = `tre_${uniqueSuffix()}`.slice(0, 32);
    const readerUrl = db.url.replace('mysql://root@', `mysql://${readerUser}:pw-${readerUser}@`);
    await ensureReaderUser(db.url, readerUrl);

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = spawn('node', [join(root, 'dist', 'apps', 'audit-api', 'main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        AUDIT_API_DATABASE_URL: readerUrl,
        AUDIT_API_PORT: String(port),
        AUDIT_API_KEYS: analyst.entry,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/v1/me`, { headers: auth })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (i > 300) throw new Error('the audit API did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 300_000);

  afterAll(async () => {
    app?.kill('SIGTERM');
    const rootConnection = await createConnection({ host: '127.0.0.1', user: 'root' });
    await rootConnection.query('DROP USER IF EXISTS ?@?', [readerUser, '%']);
    await rootConnection.end();
    await db?.drop();
  });

  it('serves its OpenAPI document and UI, the same as docs/openapi.json', async () => {
    const json = await fetch(`${base}/docs-json`).then((r) => r.json());
    expect(json).toEqual(JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')));
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('answers a search with rows the loader wrote', async () => {
    const res = await fetch(`${base}/v1/decisions?party=isv&limit=5`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { party: string }[]; nextCursor: string };
    expect(body.items.map((i) => i.party)).toEqual(['isv', 'isv', 'isv', 'isv', 'isv']);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('exports every row in constant memory: RSS grows far less than the file it sends', async () => {
    // Warm up (JIT, connection pool, first buffers) before taking the baseline.
    await streamFrom(`${base}/v1/exports/decisions?format=csv&party=microsoft`, auth, app.pid!, 0);
    const baseline = rssOf(app.pid!);
    const csv = await streamFrom(
      // Every row the loader wrote, its duplicates included (issue 14: not counted by default).
      `${base}/v1/exports/decisions?format=csv&includeUnpublished=true`,
      auth,
      app.pid!,
      baseline,
    );
    expect(csv.status).toBe(200);
    expect(rows).toBeGreaterThanOrEqual(ROWS);
    expect(csv.lines).toBe(rows + 1);
    expect(csv.bytes).toBeGreaterThan(40 * MiB);
    process.stderr.write(
      `[e2e] export of ${rows} rows: ${(csv.bytes / MiB).toFixed(0)} MiB sent, ` +
        `server RSS grew ${(csv.peakRssGrowth / MiB).toFixed(1)} MiB at most\n`,
    );
    // Buffering the rows would take hundreds of MiB; streaming stays within a few buffers.
    expect(csv.peakRssGrowth).toBeLessThan(48 * MiB);
  });

  it('holds back, not buffers, while a client reads slowly', async () => {
    const baseline = rssOf(app.pid!);
    const slow = await streamFrom(
      `${base}/v1/exports/decisions?format=ndjson&includeUnpublished=true`,
      auth,
      app.pid!,
      baseline,
      { pauseAfter: 4 * MiB, pauseMs: 2000 },
    );
    expect(slow.lines).toBe(rows);
    expect(slow.bytes).toBeGreaterThan(90 * MiB);
    expect(slow.peakRssGrowth).toBeLessThan(48 * MiB);
  });

  it('gives up the query when the client goes away, and keeps serving', async () => {
    const aborted = await streamFrom(
      `${base}/v1/exports/decisions?format=csv`,
      auth,
      app.pid!,
      rssOf(app.pid!),
      { abortAfter: 2 * MiB },
    );
    expect(aborted.bytes).toBeLessThan(20 * MiB);
    const rootConnection = await createConnection({ host: '127.0.0.1', user: 'root' });
    try {
      let running: unknown[] = [];
      for (let i = 0; i < 50; i++) {
        [running] = (await rootConnection.query(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND COMMAND = 'Query'",
          [readerUser],
        )) as unknown as [unknown[]];
        if (running.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(running).toEqual([]);
    } finally {
      await rootConnection.end();
    }
    const res = await fetch(
      `${base}/v1/stats?from=2026-10-01&to=2026-11-01&includeUnpublished=true`,
      { headers: auth },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(rows);
  });
});

describe('audit API start-up without a key', () => {
  it('stops with exit code 1 and says how to make a key', () => {
    spawnSync('node', [join(root, 'scripts', 'ensure-built.js'), 'audit-api'], { cwd: root });
    const result = spawnSync('node', [join(root, 'dist', 'apps', 'audit-api', 'main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', AUDIT_API_PORT: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('AUDIT_API_KEYS: no API key is configured');
    expect(result.stderr).toContain('npm run api-key');
  });
});
