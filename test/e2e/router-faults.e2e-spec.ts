import { DataSource } from 'typeorm';
import { PrivateKafka, PrivateMariaDb } from '../support/private-services';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { routerStack, RouterStack } from '../support/router-stack';
import { openDataSource } from '../support/services';
import { sleep } from '../support/topic-reader';
import { checkTrial, produceSlowly, TrialCounts, trialInputs } from '../support/trial-stream';

// Fault trials of the guarantee in docs/router.md, on a broker and a MariaDB of their own (so
// restarting them disturbs no other suite). Small batches (16 KiB) mean many transactions,
// so a fault lands mid-batch, between the audit insert and the Kafka commit, and so on.
const kafka = new PrivateKafka(Number(process.env.TRIAL_KAFKA_PORT ?? 19092));
const mariadb = new PrivateMariaDb(Number(process.env.TRIAL_MYSQL_PORT ?? 13306));
const EVENTS = Number(process.env.TRIAL_EVENTS ?? 4000);
const SMALL_BATCHES = {
  ROUTER_MAX_BATCH_BYTES: String(16 * 1024),
  ROUTER_PARTITIONS_CONCURRENTLY: '2',
};

let stack: RouterStack;
let dataSource: DataSource;
const routers: RouterProcess[] = [];

async function newTrial(name: string, routerCount = 1) {
  stack = await routerStack(name, {
    brokers: kafka.brokers,
    mysqlServerUrl: mariadb.serverUrl,
    partitions: 4,
  });
  dataSource = await openDataSource(stack.db.url);
  const started = Array.from(
    { length: routerCount },
    (_, i) =>
      new RouterProcess(`${name}-${i}`, {
        ...stack.env,
        ...SMALL_BATCHES,
        HTTP_PORT: String(Number(stack.env.HTTP_PORT) + i),
      }),
  );
  routers.push(...started);
  return started;
}

async function settle(): Promise<TrialCounts> {
  return checkTrial(
    stack.kafka,
    { input: stack.topics.input, routed: stack.routedTopics, dlq: stack.topics.dlq },
    inputsOf(stack),
    dataSource,
  );
}

const trialInputsByStack = new Map<RouterStack, ReturnType<typeof trialInputs>>();
function inputsOf(s: RouterStack) {
  let inputs = trialInputsByStack.get(s);
  if (!inputs) {
    inputs = trialInputs(s.env.KAFKA_GROUP_ID.replace(/[^A-Za-z0-9]/g, ''), EVENTS);
    trialInputsByStack.set(s, inputs);
  }
  return inputs;
}

function report(trial: string, counts: TrialCounts, faults: string): void {
  // The counts are the trial's evidence: printed into the test output.
  console.log(
    `[fault trial] ${trial}: ${faults}; input messages ${counts.inputMessages}, routed ${counts.routed}, ` +
      `dead-lettered ${counts.deadLettered}, audit rows ${counts.auditRows} ` +
      `(duplicates ${counts.auditDuplicates}), wrong ${counts.wrong.length}, shared audit rows ${counts.sharedAuditRows}, ` +
      `outputs unlike their audit row ${counts.mismatched.length}`,
  );
  if (counts.wrongOutputs.length > 0)
    console.log(`[fault trial] ${trial}: wrong outputs\n${counts.wrongOutputs.join('\n')}`);
}

function expectExactlyOnce(counts: TrialCounts): void {
  expect(counts.wrong).toEqual([]);
  expect(counts.sharedAuditRows).toBe(0);
  expect(counts.mismatched).toEqual([]);
  expect(counts.auditRows).toBe(counts.inputMessages);
  expect(counts.routed + counts.deadLettered + counts.auditDuplicates).toBe(counts.inputMessages);
}

beforeAll(async () => {
  ensureBuilt('router');
  kafka.start();
  await mariadb.start();
});

afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
  await dataSource?.destroy();
});

afterAll(async () => {
  kafka.destroy();
  await mariadb.destroy();
});

describe('router fault trials (real broker and MariaDB)', () => {
  it('loses and doubles nothing when killed with SIGKILL at random moments', async () => {
    const [router] = await newTrial('kill9');
    await router.start();
    const producing = produceSlowly(stack.kafka, stack.topics.input, inputsOf(stack), {
      pauseMs: 150,
    });
    let kills = 0;
    const replayed = () =>
      (router.output().match(/"msg":"republishing stored decisions"/g) ?? []).length;
    // At least 6 kills, and on until one landed between an audit insert and its Kafka commit
    // (a replay): the trial must exercise the replay path, not only hope to.
    while (kills < 6 || (replayed() === 0 && kills < 30)) {
      // Soon after a start the router is working through the backlog: kill it mid-batch.
      await sleep(200 + Math.floor(Math.random() * 1000));
      await router.kill();
      kills++;
      await router.start();
      await sleep(300); // let the restarted router republish what it finds
    }
    await producing;
    const counts = await settle();
    const replays = replayed();
    report(
      'kill -9',
      counts,
      `${kills} kills, ${replays} batches audited before a kill and republished`,
    );
    expectExactlyOnce(counts);
    expect(replays).toBeGreaterThan(0);
  });

  it('waits through a broker restart and resumes without skipping', async () => {
    const [router] = await newTrial('broker');
    await router.start();
    const producing = produceSlowly(stack.kafka, stack.topics.input, inputsOf(stack));
    await sleep(1500);
    kafka.restart();
    await producing;
    const counts = await settle();
    report('broker restart', counts, '1 broker restart');
    expectExactlyOnce(counts);
    expect(router.running).toBe(true);
  });

  it('waits through a MySQL crash (kill -9 of the server) and resumes without skipping', async () => {
    const [router] = await newTrial('mysql');
    await router.start();
    const producing = produceSlowly(stack.kafka, stack.topics.input, inputsOf(stack));
    await sleep(1500);
    await dataSource.destroy();
    await mariadb.kill();
    await sleep(4000);
    await mariadb.start();
    dataSource = await openDataSource(stack.db.url);
    await producing;
    const counts = await settle();
    report('MySQL crash', counts, '1 MySQL kill -9 and restart');
    expectExactlyOnce(counts);
    expect(router.running).toBe(true);
  });

  it('shares partitions between two instances and loses or doubles nothing across rebalances', async () => {
    const [first, second] = await newTrial('rebalance', 2);
    await first.start();
    const producing = produceSlowly(stack.kafka, stack.topics.input, inputsOf(stack));
    await sleep(1000);
    await second.start(); // rebalance: partitions split between the two
    await sleep(1500);
    await first.kill(); // rebalance: the survivor takes everything, mid-batch
    await producing;
    const counts = await settle();
    report('two instances', counts, '1 join, 1 kill -9 of a member');
    expectExactlyOnce(counts);
    // The survivor joins again once the killed member's session (6 s) has expired, which may
    // come after every output was there (settle() may not have taken that long).
    const rejoined = /"msg":"joined consumer group"[\s\S]*"msg":"joined consumer group"/;
    const deadline = Date.now() + 30_000;
    while (!rejoined.test(second.output()) && Date.now() < deadline) await sleep(200);
    expect(second.output()).toMatch(rejoined);
  });
});
