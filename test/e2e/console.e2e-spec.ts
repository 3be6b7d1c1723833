/// <reference lib="dom" />
// page.evaluate callbacks run in the browser.
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeKey } from '../support/audit-api';
import { AuditApiProcess, startBuiltAuditApi } from '../support/audit-api-process';
import { launchChromium } from '../support/browser';
import { caseMessage, loadConformanceCases } from '../support/conformance';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { openDataSource } from '../support/services';

// The analysts' console as built (dist/console, served by the built audit API) in Debian's
// chromium, on audit rows the built router wrote from Kafka: the public conformance cases plus
// one ticket decided twice (with requester e-mail and tenant id) and a re-sent duplicate.
// CONSOLE_SCREENSHOTS=1 also refreshes the screenshots in docs/.
const root = join(__dirname, '..', '..');
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1';
const EMAIL = 'dana.whitfield@tailspin.example';
const TENANT = 'tenant-4711-tailspin';

const story = [
  aTicketCreated({
    eventId: 'CONSOLE-1',
    source: 'console-desk',
    ticket: { id: 'CON-1', subject: 'The add-in crashes on start', category: 'break-fix' },
    requester: { role: 'customer', email: EMAIL, tenantId: TENANT },
    product: { type: 'third-party', offerId: 'contoso.saas-0' },
    channel: { model: 'direct', partnerId: 'p-console' },
  }),
  aTicketCreated({
    eventId: 'CONSOLE-2',
    source: 'console-desk',
    ticket: { id: 'CON-1', subject: 'And we were charged twice', category: 'billing' },
    requester: { role: 'customer', email: EMAIL, tenantId: TENANT },
    product: { type: 'third-party', offerId: 'contoso.saas-0' },
    channel: { model: 'direct', partnerId: 'p-console' },
  }),
].map((e) => JSON.stringify(e));

describe('audit console in chromium, on rows the router wrote', () => {
  let stack: RouterStack;
  let router: RouterProcess;
  let api: AuditApiProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let inputs: string[];
  const cspViolations: string[] = [];
  const analyst = makeKey('e2e-ana', 'analyst');
  const pii = makeKey('e2e-priya', 'pii');

  const count = async (where = '1 = 1', params: unknown[] = []): Promise<number> => {
    const ds = await openDataSource(stack.db.url);
    try {
      const [row] = await ds.query(`SELECT COUNT(*) AS n FROM audit_events WHERE ${where}`, params);
      return Number(row.n);
    } finally {
      await ds.destroy();
    }
  };
  /** Rows the API's searches and counts include: published decisions (docs/audit-api.md). */
  const counted = (where = '1 = 1', params: unknown[] = []): Promise<number> =>
    count(`(${where}) AND outcome IN ('routed', 'rejected')`, params);
  const text = (testId: string) => page.getByTestId(testId).first().innerText();
  /**
   * Waits until the page's URL holds this text. Filters update it with history.replaceState,
   * which Playwright's waitForURL does not see as a navigation: it only passes when the URL
   * already matched, a race under load.
   */
  const urlShows = (p: Page, part: string) =>
    p.waitForFunction((s) => decodeURIComponent(location.href).includes(s), part);
  /** Waits until the element shows this text (views keep the old data while reloading). */
  const shows = (p: Page, testId: string, pattern: RegExp) =>
    p.locator(`[data-testid=${testId}]`, { hasText: pattern }).first().waitFor();
  const rowCount = (p: Page, n: number) =>
    p.waitForFunction(
      (k) => document.querySelectorAll('[data-testid=decision-row]').length === k,
      n,
    );
  const shot = async (name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: join(root, 'docs', 'console', `${name}.png`) });
  };

  /** A context that serves the console under a strict CSP, as the API will with helmet. */
  const newContext = async (): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.route('**/console/**', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'content-security-policy':
            "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; upgrade-insecure-requests",
        },
      });
    });
    return ctx;
  };
  const watch = (p: Page) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

  const signIn = async (p: Page, key: string) => {
    await p.getByLabel('API key').fill(key);
    await p.getByLabel('API key').press('Enter');
  };

  beforeAll(async () => {
    ensureBuilt('router');
    ensureBuilt('audit-api');
    ensureBuilt('console');
    if (SCREENSHOTS) mkdirSync(join(root, 'docs', 'console'), { recursive: true });

    stack = await routerStack('console');
    router = new RouterProcess('router-console', stack.env);
    await router.start();
    inputs = [...loadConformanceCases().map(caseMessage), ...story, story[0]];
    await produceInputs(stack.kafka, stack.topics.input, inputs);
    for (let i = 0; (await count()) < inputs.length; i++) {
      if (i > 600) throw new Error('the router did not write every audit row within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }

    api = await startBuiltAuditApi(
      {
        AUDIT_API_DATABASE_URL: stack.db.url,
        AUDIT_API_KEYS: `${analyst.entry},${pii.entry}`,
        AUDIT_API_RATE_LIMIT: '100000',
      },
      analyst.key,
    );
    browser = await launchChromium();
    context = await newContext();
    page = await context.newPage();
    watch(page);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await router?.close();
    await stack?.db.drop();
  });

  it('wrote one audit row per input, one of them a duplicate', async () => {
    expect(await count()).toBe(inputs.length);
    expect(await count("outcome = 'duplicate'")).toBe(1);
  });

  it('serves the console: index.html never cached, hashed assets for good, no key needed', async () => {
    const bare = await fetch(`${api.base}/console`, { redirect: 'manual' });
    expect([200, 301]).toContain(bare.status);
    const index = await fetch(`${api.base}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).not.toMatch(/<script>|<style|style=/); // nothing inline: a strict CSP holds
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${api.base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // The data stays behind the key.
    expect((await fetch(`${api.base}/v1/decisions`)).status).toBe(401);
  });

  it('says plainly when a key is refused', async () => {
    await page.goto(`${api.base}/console/`);
    await signIn(page, 'tra_not-a-configured-key');
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Key not accepted/);
  });

  it('signs an analyst in (keyboard only) and lists every row, totals matching the table', async () => {
    await signIn(page, analyst.key);
    await expect(page.getByTestId('who').innerText()).resolves.toMatch(/e2e-ana · analyst/);
    await page.getByTestId('decision-row').first().waitFor();
    // The range is explicit in the URL (shareable), and the key is not.
    expect(page.url()).toMatch(/#\/decisions\?from=.*&to=/);
    expect(page.url()).not.toContain(analyst.key);
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(1);
    const all = await counted();
    await shows(page, 'match-total', new RegExp(`^${all} decisions match`));

    // Keyset paging: every row exactly once, newest first.
    const seen: string[] = [];
    for (;;) {
      await page.getByTestId('decision-row').first().waitFor();
      const links = await page.getByTestId('decision-row').locator('a').all();
      for (const a of links) seen.push((await a.getAttribute('href')) ?? '');
      const older = page.getByRole('button', { name: 'Older →' });
      if (await older.isDisabled()) break;
      const first = await links[0].getAttribute('href');
      await older.click();
      await page.waitForFunction(
        (prev) =>
          document.querySelector('[data-testid=decision-row] a')?.getAttribute('href') !== prev,
        first,
      );
    }
    expect(seen).toHaveLength(all);
    expect(new Set(seen).size).toBe(all);
    await page.getByRole('button', { name: '← Newer' }).click();
    // The label changes when the newer page has loaded, not on the click.
    await page.getByText(/^Page 2$/).waitFor();
    await expect(page.getByText(/^Page 2$/).count()).resolves.toBe(1);
  });

  it('filters by party and category source; the URL carries them and opens the same view', async () => {
    await page.getByRole('button', { name: 'Newest' }).click();
    await page.getByLabel('Party').selectOption('isv');
    await page.getByLabel('Category source').selectOption('explicit');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await urlShows(page, 'party=isv');
    expect(page.url()).toContain('categorySource=explicit');
    const expected = await counted("party = 'isv' AND category_source = 'explicit'");
    expect(expected).toBeGreaterThan(0);
    await shows(page, 'match-total', new RegExp(`^${expected} decisions match`));
    await rowCount(page, Math.min(expected, 50));
    const parties = await page
      .locator('[data-testid=decision-row] td:nth-child(4)')
      .allInnerTexts();
    expect(parties).toHaveLength(Math.min(expected, 50));
    expect(new Set(parties)).toEqual(new Set(['isv']));
    await shot('decisions');

    // A colleague opens the link in another browser: signs in, sees the same filtered view.
    const other = await newContext();
    const theirs = await other.newPage();
    watch(theirs);
    await theirs.goto(page.url());
    await signIn(theirs, analyst.key);
    await theirs.getByTestId('decision-row').first().waitFor();
    await expect(theirs.getByLabel('Party').inputValue()).resolves.toBe('isv');
    await shows(theirs, 'match-total', new RegExp(`^${expected} decisions match`));
    await other.close();
  });

  it('opens a decision: why it went there, clause text, target contacts, history; no personal data for an analyst', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // The form takes the cleared filters from the URL after a render: typing before that
    // would be overwritten. The party chosen by the previous test going back to "any" shows it.
    await page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('select[name=party]')?.value === '',
    );
    await page.getByLabel('Ticket id').fill('CON-1');
    await page.getByLabel('Ticket id').press('Enter');
    await urlShows(page, 'ticketId=CON-1');
    await rowCount(page, await counted("ticket_id = 'CON-1'"));
    // Keyboard: the oldest row's link, opened with Enter.
    await page.getByTestId('decision-row').last().locator('a').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('rationale').waitFor();

    const body = await page.locator('main').innerText();
    expect(body).toContain('isv: contoso');
    expect(body).toContain('eng@contoso.example'); // the ISV's contacts from the catalog (C9)
    expect(body).toMatch(/break-fix \(explicit\)/);
    expect(await text('rationale')).toMatch(/ISV publisher/);
    const clauses = await text('clauses');
    expect(clauses).toContain('C2');
    expect(clauses).toContain('CSP partners should contact the ISV publisher');
    expect(body).toMatch(/Rule-set version/);
    expect(body).toContain('Input ticket (ticket.created)');
    await page.locator('[data-testid=history] tbody tr').nth(2).waitFor();
    await expect(page.locator('[data-testid=history] tbody tr').count()).resolves.toBe(3);
    // The re-sent input is this decision's duplicate.
    await expect(page.locator('[data-testid=related] tbody tr').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('duplicate'),
    ]);
    await expect(text('requester')).resolves.toContain('[redacted]');
    await expect(text('pii-note')).resolves.toMatch(/redacted for your role \(analyst\)/);
    const html = await page.content();
    expect(html).not.toContain(EMAIL);
    expect(html).not.toContain(TENANT);
    await shot('decision');
  });

  it('shows the requester to a pii key, exactly as the API does', async () => {
    const other = await newContext();
    const theirs = await other.newPage();
    watch(theirs);
    await theirs.goto(`${api.base}/console/#/events/CONSOLE-1`);
    await signIn(theirs, pii.key);
    await theirs.getByTestId('rationale').waitFor();
    await expect(theirs.getByTestId('requester').innerText()).resolves.toContain(EMAIL);
    await expect(theirs.getByTestId('requester').innerText()).resolves.toContain(TENANT);
    // Only this role is offered the export's requester columns.
    await theirs.goto(`${api.base}/console/#/decisions`);
    await theirs.getByTestId('decision-row').first().waitFor();
    await expect(theirs.getByLabel('with requester e-mail and tenant id').count()).resolves.toBe(1);
    await other.close();
  });

  it('draws decisions per party over time with totals that match the database', async () => {
    await page.goto(`${api.base}/console/#/trends?groupBy=party&bucket=hour`);
    await page.getByTestId('series-totals').waitFor();
    const all = await counted();
    await shows(page, 'stats-total', new RegExp(`^${all} decisions`));
    const ds = await openDataSource(stack.db.url);
    const byParty: { party: string | null; n: string }[] = await ds.query(
      `SELECT party, COUNT(*) AS n FROM audit_events WHERE outcome IN ('routed', 'rejected') GROUP BY party`,
    );
    await ds.destroy();
    const rows = await page.locator('[data-testid=series-totals] tbody tr').all();
    const shown: Record<string, number> = {};
    for (const row of rows) {
      const [key, n] = await row.locator('th, td').allInnerTexts();
      shown[key.trim()] = Number(n.replace(/,/g, ''));
    }
    expect(shown).toEqual(
      Object.fromEntries(byParty.map((r) => [r.party ?? '(none)', Number(r.n)])),
    );
    await expect(text('series-sum')).resolves.toBe(String(all));
    // The canvas has something drawn on it (not a blank chart). uPlot makes and draws it in an
    // effect that runs after the render that shows the table.
    await page.locator('[data-testid=chart] canvas').waitFor();
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=chart] canvas');
      if (!canvas || canvas.width === 0) return 0;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(1000);
    const top = await page.locator('[data-testid=top-targets] tbody tr').first().innerText();
    expect(top).toMatch(/\d/);
  });

  it('downloads the filtered decisions as CSV and NDJSON', async () => {
    await page.goto(`${api.base}/console/#/decisions?outcome=routed&party=partner`);
    const expected = await counted("outcome = 'routed' AND party = 'partner'");
    await shows(page, 'match-total', new RegExp(`^${expected} decisions match`));
    await expect(page.getByLabel('with requester e-mail and tenant id').count()).resolves.toBe(0);
    const dir = join(tmpdir(), `console-e2e-${process.pid}`);
    mkdirSync(dir, { recursive: true });

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await csv.saveAs(join(dir, 'd.csv'));
    const lines = readFileSync(join(dir, 'd.csv'), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,eventId,source,ticketId/);
    expect(lines).toHaveLength(expected + 1);
    expect(lines.slice(1).every((l) => l.includes(',routed,partner,'))).toBe(true);

    const [nd] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'NDJSON' }).click(),
    ]);
    await nd.saveAs(join(dir, 'd.ndjson'));
    const objects = readFileSync(join(dir, 'd.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objects).toHaveLength(expected);
    rmSync(dir, { recursive: true, force: true });
    await page.getByText(/^Saved decisions.*\.ndjson\.$/).waitFor();
    await expect(page.getByText(/^Saved decisions.*\.ndjson\.$/).count()).resolves.toBe(1);
  });

  it('says plainly when the API rate-limits or cannot be reached', async () => {
    await page.route(/\/v1\/decisions\?/, (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '17', 'Content-Type': 'application/json' },
        body: JSON.stringify({ statusCode: 429, message: 'ThrottlerException: Too Many Requests' }),
      }),
    );
    await page.goto(`${api.base}/console/#/decisions?party=microsoft`);
    await expect(page.getByRole('alert').first().innerText()).resolves.toMatch(
      /Rate limited.*in 17 s/s,
    );
    await page.unroute(/\/v1\/decisions\?/);

    await page.route(/\/v1\/decisions\?/, (route) => route.abort('connectionrefused'));
    await page.goto(`${api.base}/console/#/decisions?party=isv`);
    // The rate-limit alert stays on the page until this request has failed too.
    await shows(page, 'error', /Audit API unavailable/);
    await expect(page.getByRole('alert').first().innerText()).resolves.toMatch(
      /Audit API unavailable.*cannot be reached/s,
    );
    await page.unroute(/\/v1\/decisions\?/);
  });

  it('ran under a strict Content-Security-Policy without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
