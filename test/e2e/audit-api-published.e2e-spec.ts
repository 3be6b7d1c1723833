import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import request from 'supertest';
import { RunningAuditApi, startAuditApi } from '../support/audit-api';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { openDataSource } from '../support/services';
import { ReadMessage, readTopics, sleep } from '../support/topic-reader';

// Issue 14 end to end: the built router on the real broker and MySQL gets events and their
// re-sends; what the audit API counts must equal what an integration reading the output
// topics (read_committed) received: re-sends went nowhere, so they are not counted.
const contoso = (i: number) =>
  aTicketCreated({
    eventId: `pub-contoso-${i}`,
    ticket: { id: `T-C-${i}`, subject: 'Application crashes on start', category: 'break-fix' },
    product: { type: 'third-party', offerId: 'contoso.saas-0' },
  });
const partner = (i: number) =>
  aTicketCreated({ eventId: `pub-partner-${i}`, ticket: { id: `T-P-${i}`, subject: 'Refund' } });

describe('audit API counts against what the real router published', () => {
  let stack: RouterStack;
  let router: RouterProcess;
  let api: RunningAuditApi;
  let published: ReadMessage[];
  const originals = [
    ...Array.from({ length: 6 }, (_, i) => JSON.stringify(contoso(i))),
    ...Array.from({ length: 4 }, (_, i) => JSON.stringify(partner(i))),
    'not json {',
    'still not json',
  ];
  // Every contoso event re-sent twice, two partner events once: 14 re-sends.
  const resends = [
    ...Array.from({ length: 6 }, (_, i) => JSON.stringify(contoso(i))),
    ...Array.from({ length: 6 }, (_, i) => JSON.stringify(contoso(i))),
    ...Array.from({ length: 2 }, (_, i) => JSON.stringify(partner(i))),
  ];

  beforeAll(async () => {
    ensureBuilt('router');
    stack = await routerStack('api-published');
    router = new RouterProcess('router-api-published', stack.env);
    await router.start();
    const topics = [...stack.routedTopics, stack.topics.dlq];
    await produceInputs(stack.kafka, stack.topics.input, originals);
    await readTopics(stack.kafka, topics, (m) => m.length >= originals.length);
    await produceInputs(stack.kafka, stack.topics.input, resends);
    const dataSource = await openDataSource(stack.db.url);
    try {
      for (let i = 0; ; i++) {
        const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM audit_events');
        if (Number(n) >= originals.length + resends.length) break;
        if (i > 600) throw new Error(`only ${n} audit rows after 60 s`);
        await sleep(100);
      }
    } finally {
      await dataSource.destroy();
    }
    // Everything the router published, re-sends included, as an integration reads it: at least
    // the originals' outputs, then 3 s more for any a re-send should not have made.
    published = await readTopics(stack.kafka, topics, (m) => m.length >= originals.length, {
      quietMs: 3_000,
    });
    api = await startAuditApi(stack.db.url);
  });

  afterAll(async () => {
    await api?.close();
    await router?.close();
    await stack?.db.drop();
  });

  const get = (path: string, query: Record<string, string> = {}) =>
    request(api.server).get(path).query(query).set(api.auth('analyst')).expect(200);
  const onTopic = (topic: string) => published.filter((m) => m.topic === topic);
  const toContoso = () =>
    onTopic(stack.topics.isv).filter((m) => m.headers.targetId === 'contoso').length;

  it('published each event once and dead-lettered the rejects; the re-sends went nowhere', async () => {
    expect(onTopic(stack.topics.isv)).toHaveLength(6);
    expect(onTopic(stack.topics.partner)).toHaveLength(4);
    expect(onTopic(stack.topics.dlq)).toHaveLength(2);
    expect(published).toHaveLength(12);
    // The audit table does hold the re-sends, as duplicates keeping party and target.
    const all = await get('/v1/stats', { groupBy: 'outcome', includeUnpublished: 'true' });
    const byOutcome = Object.fromEntries(
      all.body.series.map((s: { key: string; total: number }) => [s.key, s.total]),
    );
    expect(byOutcome).toEqual({ routed: 10, duplicate: 14, rejected: 2 });
  });

  it('a search for a target lists what that target received', async () => {
    const res = await get('/v1/decisions', {
      targetType: 'isv',
      targetId: 'contoso',
      limit: '500',
    });
    expect(res.body.items).toHaveLength(toContoso());
    const withResends = await get('/v1/decisions', {
      targetType: 'isv',
      targetId: 'contoso',
      limit: '500',
      includeUnpublished: 'true',
    });
    expect(withResends.body.items).toHaveLength(toContoso() + 12);
  });

  it('stats by party count what each party topic and the dead-letter topic received', async () => {
    const res = await get('/v1/stats', { groupBy: 'party' });
    const totals = Object.fromEntries(
      res.body.series.map((s: { key: string | null; total: number }) => [String(s.key), s.total]),
    );
    expect(totals).toEqual({
      isv: onTopic(stack.topics.isv).length,
      partner: onTopic(stack.topics.partner).length,
      null: onTopic(stack.topics.dlq).length,
    });
    expect(res.body.total).toBe(published.length);
  });

  it('stats by target and top targets count what each target received', async () => {
    const res = await get('/v1/stats', { groupBy: 'target' });
    const contosoSeries = res.body.series.find((s: { key: string }) => s.key === 'isv:contoso');
    expect(contosoSeries.total).toBe(toContoso());
    const top = await get('/v1/stats/top-targets');
    expect(top.body.targets).toEqual([
      { targetType: 'isv', targetId: 'contoso', count: toContoso() },
      { targetType: 'partner', targetId: 'p-1', count: onTopic(stack.topics.partner).length },
    ]);
  });

  it('an export has one line per published message', async () => {
    const res = await request(api.server)
      .get('/v1/exports/decisions')
      .query({ format: 'ndjson' })
      .set(api.auth('analyst'))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect((res.body as string).trim().split('\n')).toHaveLength(published.length);
  });
});
