import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { join } from 'node:path';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { readTopics, sleep } from '../support/topic-reader';

// Promise hooks cost every promise the Kafka and MySQL clients make. An AsyncLocalStorage
// turns them on for good the first time it runs: the request-scoped logger did so at the first
// /health or /metrics request. The router must not have them on while it routes.
describe('router under scrapes of /health and /metrics', () => {
  let stack: RouterStack;
  let router: RouterProcess;

  beforeAll(async () => {
    ensureBuilt('router');
    stack = await routerStack('hooks');
    router = new RouterProcess('router-hooks', {
      ...stack.env,
      NODE_OPTIONS: `--require ${join(__dirname, '..', 'support', 'promise-hooks-probe.js')}`,
    });
    await router.start();
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('routes with promise hooks off', async () => {
    await produceInputs(stack.kafka, stack.topics.input, [
      JSON.stringify(aTicketCreated({ eventId: 'hooks-1' })),
    ]);
    await readTopics(stack.kafka, stack.routedTopics, (m) => m.length >= 1);
    for (const path of ['/health', '/metrics', '/health']) {
      expect((await fetch(`http://127.0.0.1:${router.httpPort}${path}`)).status).toBe(200);
    }
    router.notify('SIGUSR2');
    const deadline = Date.now() + 10_000;
    let line: RegExpExecArray | null = null;
    while (!(line = /"msg":"promise hooks probe","on":(true|false)/.exec(router.output()))) {
      if (Date.now() > deadline) throw new Error('the probe did not answer');
      await sleep(100);
    }
    expect(line[1]).toBe('false');
  });
});
