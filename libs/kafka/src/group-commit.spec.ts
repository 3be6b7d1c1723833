import type { Producer, Transaction } from 'kafkajs';
import { Contribution, GroupCommit } from './group-commit';

// The scheduling of GroupCommit, against a recording stand-in for a kafkajs producer (the
// real broker's side is in test/integration/kafka-batch-server.int-spec.ts and
// kafka-group-fencing.int-spec.ts).

interface Recorded {
  topics: string[];
  /** The values of each sendBatch call (each produce request), in order. */
  requests: string[][];
  offsets: { topic: string; partitions: { partition: number; offset: string }[] }[];
  group: unknown;
  outcome: 'committed' | 'aborted';
}

function recordingProducer(options: { failSendOf?: string; commitMs?: number } = {}) {
  const transactions: Recorded[] = [];
  let discarded = 0;
  const producer = {
    transaction: () => {
      const recorded: Recorded = {
        topics: [],
        requests: [],
        offsets: [],
        group: undefined,
        outcome: 'aborted',
      };
      let active = true;
      const transaction = {
        sendBatch: ({ topicMessages }: { topicMessages: { messages: { value: string }[] }[] }) => {
          const values = topicMessages.flatMap((t) => t.messages.map((m) => m.value));
          if (options.failSendOf && values.includes(options.failSendOf)) {
            return Promise.reject(new Error('MESSAGE_TOO_LARGE'));
          }
          recorded.topics.push(...values);
          recorded.requests.push(values);
          return Promise.resolve([]);
        },
        sendOffsets: ({ topics, consumerGroupMetadata }: Record<string, unknown>) => {
          recorded.offsets = topics as Recorded['offsets'];
          recorded.group = consumerGroupMetadata;
          return Promise.resolve();
        },
        commit: async () => {
          await new Promise((resolve) => setTimeout(resolve, options.commitMs ?? 0));
          active = false;
          recorded.outcome = 'committed';
          transactions.push(recorded);
        },
        abort: () => {
          active = false;
          transactions.push(recorded);
          return Promise.resolve();
        },
        isActive: () => active,
      };
      return Promise.resolve(transaction as unknown as Transaction);
    },
  } as unknown as Producer;
  const failures: unknown[] = [];
  return {
    producer,
    transactions,
    discarded: () => discarded,
    /** What each discard was told of the failed transaction. */
    failures,
    discard: (failed?: unknown) => {
      discarded++;
      failures.push(failed);
    },
  };
}

const group = { generationId: 4, memberId: 'member-a' };

function contribution(partition: number, overrides: Partial<Contribution> = {}): Contribution {
  return {
    topic: 'in',
    partition,
    messages: [{ topic: 'out', key: null, value: `p${partition}`, headers: {} }],
    offset: BigInt(10 + partition),
    group,
    alone: false,
    ...overrides,
  };
}

function groupCommit(
  recording: ReturnType<typeof recordingProducer>,
  batchesPreparing: () => number = () => 0,
  slots = 1,
) {
  return new GroupCommit({
    groupId: 'router',
    slots: () => slots,
    producer: () => Promise.resolve(recording.producer),
    discard: (_slot, failed) => Promise.resolve(recording.discard(failed)),
    maxSendBytes: () => 900 * 1024,
    batchesPreparing,
    lingerMs: 50,
  });
}

describe(GroupCommit.name, () => {
  it('commits at once when no other handler runs, and queues what comes meanwhile into the next transaction', async () => {
    const recording = recordingProducer({ commitMs: 20 });
    const commits = groupCommit(recording);
    const first = commits.commit(contribution(0));
    // Arrive while the first transaction runs: they share the next one.
    const later = [commits.commit(contribution(1)), commits.commit(contribution(2))];
    await Promise.all([first, ...later]);
    expect(recording.transactions.map((t) => t.topics)).toEqual([['p0'], ['p1', 'p2']]);
    expect(recording.transactions[1].offsets).toEqual([
      {
        topic: 'in',
        partitions: [
          { partition: 1, offset: '11' },
          { partition: 2, offset: '12' },
        ],
      },
    ]);
    expect(recording.transactions.every((t) => t.group === group)).toBe(true);
  });

  it('runs a transaction on another free producer at once instead of waiting for a running one', async () => {
    const recording = recordingProducer({ commitMs: 30 });
    const commits = groupCommit(recording, () => 0, 2);
    const first = commits.commit(contribution(0));
    const second = commits.commit(contribution(1)); // slot 1 is free
    const third = commits.commit(contribution(2)); // both busy: waits, then shares
    const fourth = commits.commit(contribution(3));
    await Promise.all([first, second, third, fourth]);
    expect(recording.transactions.map((t) => t.topics)).toEqual([['p0'], ['p1'], ['p2', 'p3']]);
  });

  it('takes the free producer that has been idle longest, not the one that just committed', async () => {
    const recording = recordingProducer();
    const used: number[] = [];
    const commits = new GroupCommit({
      groupId: 'router',
      slots: () => 3,
      producer: (slot) => {
        used.push(slot);
        return Promise.resolve(recording.producer);
      },
      discard: () => Promise.resolve(recording.discard()),
      maxSendBytes: () => 900 * 1024,
      batchesPreparing: () => 0,
      lingerMs: 50,
    });
    for (let partition = 0; partition < 5; partition++) {
      await commits.commit(contribution(partition)); // one at a time: every slot is free
    }
    expect(used).toEqual([0, 1, 2, 0, 1]);
  });

  it('waits for batches still being prepared, up to the linger, then commits them together', async () => {
    const recording = recordingProducer();
    let running = 2;
    const commits = groupCommit(recording, () => running);
    const first = commits.commit(contribution(0));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(recording.transactions).toHaveLength(0); // lingering
    running = 1;
    const second = commits.commit(contribution(1));
    running = 0;
    commits.batchEnded(); // the third batch failed: nothing more to wait for
    await Promise.all([first, second]);
    expect(recording.transactions.map((t) => t.topics)).toEqual([['p0', 'p1']]);
  });

  it('does not wait longer than the linger for a handler that does not finish', async () => {
    const recording = recordingProducer();
    const commits = groupCommit(recording, () => 1);
    const started = Date.now();
    await commits.commit(contribution(0));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(recording.transactions).toHaveLength(1);
  });

  it('shares a transaction only while the outputs fit one produce request', async () => {
    const recording = recordingProducer({ commitMs: 20 });
    const commits = groupCommit(recording);
    const large = (partition: number): Partial<Contribution> => ({
      messages: [
        {
          topic: 'out',
          key: null,
          value: `p${partition}`,
          headers: { pad: 'x'.repeat(500 * 1024) },
        },
      ],
    });
    const all = [
      commits.commit(contribution(0)),
      commits.commit(contribution(1, large(1))),
      commits.commit(contribution(2, large(2))), // 1 and 2 together exceed 900 KiB
      commits.commit(contribution(3)),
    ];
    await Promise.all(all);
    expect(recording.transactions.map((t) => t.topics)).toEqual([['p0'], ['p1', 'p3'], ['p2']]);
  });

  it('splits the outputs of a round larger than one produce request into requests, in order', async () => {
    const recording = recordingProducer();
    const commits = groupCommit(recording);
    const message = (value: string) => ({
      topic: 'out',
      key: null,
      value,
      headers: { pad: 'x'.repeat(400 * 1024) },
    });
    // Two of 400 KiB fit a 900 KiB request; the third does not.
    await commits.commit(
      contribution(0, { messages: [message('a'), message('b'), message('c'), message('d')] }),
    );
    expect(recording.transactions).toHaveLength(1);
    expect(recording.transactions[0].requests).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('gives a contribution marked alone a transaction of its own, and never mixes generations', async () => {
    const recording = recordingProducer({ commitMs: 20 });
    const commits = groupCommit(recording);
    const all = [
      commits.commit(contribution(0)),
      commits.commit(contribution(1, { alone: true })),
      commits.commit(contribution(2)),
      commits.commit(contribution(3, { group: { generationId: 5, memberId: 'member-a' } })),
      commits.commit(contribution(4)),
    ];
    await Promise.all(all);
    expect(recording.transactions.map((t) => t.topics)).toEqual([
      ['p0'],
      ['p1'],
      ['p2', 'p4'],
      ['p3'],
    ]);
  });

  it('fails every contribution of a failed transaction, aborts it and discards the producer', async () => {
    const recording = recordingProducer({ failSendOf: 'p1', commitMs: 20 });
    const commits = groupCommit(recording);
    const first = commits.commit(contribution(0));
    const shared = [
      commits.commit(contribution(1)),
      commits.commit(
        contribution(2, { messages: [{ topic: 'dlq', key: null, value: 'p2', headers: {} }] }),
      ),
    ];
    await expect(first).resolves.toBeUndefined();
    const results = await Promise.allSettled(shared);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(recording.transactions.map((t) => t.outcome)).toEqual(['committed', 'aborted']);
    expect(recording.discarded()).toBe(1);
    // It names the failed transaction's producer and the topics it wrote to: records of it may
    // be left open there (TransactionalProducers aborts them before that id commits again).
    expect(recording.failures).toEqual([{ producer: recording.producer, topics: ['out', 'dlq'] }]);
    // The queue goes on after a failure.
    await commits.commit(contribution(2, { alone: true }));
    expect(recording.transactions.at(-1)).toMatchObject({ topics: ['p2'], outcome: 'committed' });
  });
});
