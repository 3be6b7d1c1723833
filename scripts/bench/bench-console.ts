/// <reference lib="dom" />
// page.evaluate and init-script callbacks run in the browser.
// npm run bench:console — the analysts' console: bundle size (raw, gzip, brotli) of the
// production build in dist/console, and first load in Debian's chromium (playwright-core)
// against the built audit API on generated audit rows: from navigation to the first decision
// row, and to the trends chart with its totals, with an empty cache (cold) and with the
// assets cached (warm), on localhost as is and throttled like a slow laptop on a slow link
// (CPU 4x slower, 10 Mbit/s, 40 ms round trip). Each figure is the median of BENCH_RUNS.
// Settings: BENCH_CONSOLE_DATABASE_URL (default …/ticket_router_bench_console; filled once,
// reused), BENCH_ROWS (200000 over the 30 days before 2026-12-01), BENCH_RUNS (7).
// `--screenshot` also writes docs/console/trends.png from that data.
// Results: stdout and .cache/bench-console.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { makeKey } from '../../test/support/audit-api';
import { startBuiltAuditApi } from '../../test/support/audit-api-process';
import { launchChromium } from '../../test/support/browser';
import { ensureBenchData } from '../../test/support/bench-data';

const root = join(__dirname, '..', '..');
const url =
  process.env.BENCH_CONSOLE_DATABASE_URL ??
  'mysql://root@127.0.0.1:3306/ticket_router_bench_console';
const rows = Number(process.env.BENCH_ROWS ?? 200_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const screenshot = process.argv.includes('--screenshot');
const END = new Date('2026-12-01T00:00:00Z');
const FROM = new Date(END.getTime() - 30 * 86_400_000);
const log = (message: string) => process.stderr.write(`[bench:console] ${message}\n`);

interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

function bundleSizes(): FileSize[] {
  const dir = join(root, 'dist', 'console');
  const out: FileSize[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const bytes = readFileSync(full);
        out.push({
          file: relative(dir, full),
          raw: bytes.length,
          gzip: gzipSync(bytes, { level: 9 }).length,
          brotli: brotliCompressSync(bytes).length,
        });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => b.raw - a.raw);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Load {
  /** navigation start to DOMContentLoaded (HTML, JS and CSS fetched and run) */
  dcl: number;
  /** navigation start to the first decision row (or the painted chart) on screen */
  ready: number;
  /** bytes over the wire for the page's own files (HTML, JS, CSS) */
  assetBytes: number;
}

async function measure(
  browser: Browser,
  base: string,
  key: string,
  hash: string,
  readySelector: string,
  throttled: boolean,
): Promise<{ cold: Load; warm: Load }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Signed in already (the key in this tab's sessionStorage): the load, not the typing.
  await context.addInitScript((k: string) => {
    sessionStorage.setItem('audit-console.api-key', k);
  }, key);
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 40,
      downloadThroughput: (10 * 1024 * 1024) / 8,
      uploadThroughput: (5 * 1024 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const once = async (p: Page): Promise<Load> => {
    await p.goto(`${base}/console/${hash}`, { waitUntil: 'commit' });
    await p.waitForSelector(readySelector, { state: 'visible', timeout: 60_000 });
    return p.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const assets = performance
        .getEntriesByType('resource')
        .filter((r) =>
          new URL(r.name).pathname.startsWith('/console/'),
        ) as PerformanceResourceTiming[];
      return {
        dcl: nav.domContentLoadedEventEnd,
        ready: performance.now(),
        assetBytes: nav.transferSize + assets.reduce((n, r) => n + r.transferSize, 0),
      };
    });
  };
  const cold = await once(page);
  // Same tab, new document: the hashed assets come from the HTTP cache (index.html revalidates).
  await page.goto('about:blank');
  const warm = await once(page);
  await context.close();
  return { cold, warm };
}

async function main(): Promise<void> {
  const started = Date.now();
  log('npm run build:console');
  const buildStarted = Date.now();
  execFileSync('npm', ['run', '--silent', 'build:console'], { cwd: root, stdio: 'inherit' });
  const buildMs = Date.now() - buildStarted;
  execFileSync('node', [join(root, 'scripts', 'ensure-built.js'), 'audit-api'], {
    cwd: root,
    stdio: 'inherit',
  });
  const sizes = bundleSizes();
  const total = sizes.reduce(
    (t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );

  const rowCount = await ensureBenchData({ url, rows, days: 30, end: END, log });
  const analyst = makeKey('bench-console', 'analyst');
  const api = await startBuiltAuditApi(
    { AUDIT_API_DATABASE_URL: url, AUDIT_API_KEYS: analyst.entry, AUDIT_API_RATE_LIMIT: '100000' },
    analyst.key,
  );
  const browser = await launchChromium();
  const range = `from=${FROM.toISOString()}&to=${END.toISOString()}`;
  const pages = {
    decisions: { hash: `#/decisions?${range}`, ready: '[data-testid=decision-row]' },
    trends: {
      hash: `#/trends?${range}&groupBy=party&bucket=day`,
      ready: '[data-testid=chart] canvas',
    },
  };
  const loadBefore = loadavg();
  const results: Record<string, Record<string, { cold: Load; warm: Load }[]>> = {};
  try {
    for (const throttled of [false, true]) {
      const profile = throttled ? 'throttled' : 'localhost';
      results[profile] = {};
      for (const [name, p] of Object.entries(pages)) {
        const samples: { cold: Load; warm: Load }[] = [];
        await measure(browser, api.base, analyst.key, p.hash, p.ready, throttled); // warm-up
        for (let i = 0; i < runs; i++) {
          samples.push(await measure(browser, api.base, analyst.key, p.hash, p.ready, throttled));
        }
        results[profile][name] = samples;
        const m = (f: (s: { cold: Load; warm: Load }) => number) =>
          Math.round(median(samples.map(f)));
        log(
          `${profile} ${name}: cold DCL ${m((s) => s.cold.dcl)} ms, ready ${m((s) => s.cold.ready)} ms ` +
            `(${m((s) => s.cold.assetBytes)} B); warm DCL ${m((s) => s.warm.dcl)} ms, ready ${m((s) => s.warm.ready)} ms`,
        );
      }
    }
    if (screenshot) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript((k: string) => {
        sessionStorage.setItem('audit-console.api-key', k);
      }, analyst.key);
      const page = await context.newPage();
      await page.goto(`${api.base}/console/${pages.trends.hash}`);
      await page.waitForSelector('[data-testid=top-targets]');
      await page.waitForSelector('[data-testid=chart] canvas');
      mkdirSync(join(root, 'docs', 'console'), { recursive: true });
      await page.locator('#chart-title').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(root, 'docs', 'console', 'trends.png'), fullPage: true });
      await context.close();
      log('wrote docs/console/trends.png');
    }
  } finally {
    await browser.close();
    await api.stop();
  }

  const summary = Object.fromEntries(
    Object.entries(results).map(([profile, byPage]) => [
      profile,
      Object.fromEntries(
        Object.entries(byPage).map(([name, samples]) => [
          name,
          Object.fromEntries(
            (['cold', 'warm'] as const).map((k) => [
              k,
              {
                dclMs: Math.round(median(samples.map((s) => s[k].dcl))),
                readyMs: Math.round(median(samples.map((s) => s[k].ready))),
                readyMinMs: Math.round(Math.min(...samples.map((s) => s[k].ready))),
                readyMaxMs: Math.round(Math.max(...samples.map((s) => s[k].ready))),
                assetBytes: Math.round(median(samples.map((s) => s[k].assetBytes))),
              },
            ]),
          ),
        ]),
      ),
    ]),
  );
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      chromium: browser.version(),
      loadBefore,
      loadAfter: loadavg(),
    },
    rows: rowCount,
    runs,
    buildMs,
    bundle: { files: sizes, total },
    firstLoad: summary,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(join(root, '.cache'), { recursive: true });
  writeFileSync(join(root, '.cache', 'bench-console.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
