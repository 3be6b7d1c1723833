// Checks that patches/kafkajs+2.2.4.patch is applied (npm ci runs patch-package): the kafkajs
// internals the router depends on. The read_committed fix also has a real-broker test
// (test/integration/kafka-read-committed.int-spec.ts); the idle-CPU effect is measured by
// `npm run bench` (docs/benchmarks.md).
/* eslint-disable @typescript-eslint/no-require-imports */

interface Message {
  offset: string;
  key: Buffer | null;
  batchContext: { producerId: string; inTransaction: boolean };
}
type Filter = (input: {
  messages: Message[];
  abortedTransactions: { producerId: string; firstOffset: string }[];
}) => Message[];
const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages') as Filter;

interface Entry {
  correlationId: number;
  apiKey: number;
  apiName: string;
  apiVersion: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}
interface Queue {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleRequestTimeoutCheck(): void;
  push(request: {
    entry: Entry;
    expectResponse: boolean;
    requestTimeout?: number;
    sendRequest(): void;
  }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
}
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => Queue;

const ABORT = Buffer.from([0, 0, 0, 0]);
const record = (offset: number, producerId: string): Message => ({
  offset: String(offset),
  key: null,
  batchContext: { producerId, inTransaction: true },
});
const abortMarker = (offset: number, producerId: string): Message => ({
  ...record(offset, producerId),
  key: ABORT,
});

describe('kafkajs as patched: read_committed filtering', () => {
  it('drops records of aborted transactions listed in abort order, not first-offset order', () => {
    // 0: producer 1 (aborted at 5), 1: producer 2 (aborted at 2), 3: producer 3 (committed).
    const messages = [
      record(0, '1'),
      record(1, '2'),
      abortMarker(2, '2'),
      record(3, '3'),
      abortMarker(5, '1'),
      record(6, '2'),
    ];
    const kept = filterAbortedMessages({
      messages,
      // As the broker lists them: by the offset of their abort marker.
      abortedTransactions: [
        { producerId: '2', firstOffset: '1' },
        { producerId: '1', firstOffset: '0' },
      ],
    });
    expect(kept.filter((m) => m.key === null).map((m) => m.offset)).toEqual(['3', '6']);
  });

  it('steps into every aborted transaction that started before the first fetched record', () => {
    // A fetch from offset 10 in the middle of two aborted transactions (first offsets 4 and 7).
    const kept = filterAbortedMessages({
      messages: [record(10, '2'), record(11, '1'), abortMarker(12, '1'), record(13, '1')],
      abortedTransactions: [
        { producerId: '1', firstOffset: '4' },
        { producerId: '2', firstOffset: '7' },
      ],
    });
    expect(kept.filter((m) => m.key === null).map((m) => m.offset)).toEqual(['13']);
  });
});

describe('kafkajs as patched: request queue when idle', () => {
  const queues: Queue[] = [];
  afterEach(() => queues.splice(0).forEach((q) => q.destroy()));
  const queue = (): Queue => {
    const q = new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 30_000,
      enforceRequestTimeout: false,
      clientId: 'spec',
      broker: 'localhost:9092',
      logger: { debug: () => undefined, warn: () => undefined, error: () => undefined },
    });
    queues.push(q);
    return q;
  };

  it('schedules no check when nothing is pending and nothing is throttled (no 1 ms timer loop)', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules a check while throttled with requests pending', () => {
    const q = queue();
    q.throttledUntil = Date.now() + 1_000;
    q.pending.push({});
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });
});

describe('kafkajs as patched: request timeouts by one timer at the earliest deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const queue = (options: object = {}): Queue =>
    new RequestQueue({
      maxInFlightRequests: 3,
      requestTimeout: 1_000,
      enforceRequestTimeout: true,
      clientId: 'spec',
      broker: 'localhost:9092',
      logger: { debug: () => undefined, warn: () => undefined, error: () => undefined },
      ...options,
    });
  const request = (correlationId: number, requestTimeout?: number) => {
    const outcome: { value?: unknown; error?: Error } = {};
    const entry: Entry = {
      correlationId,
      apiKey: 1,
      apiName: 'Fetch',
      apiVersion: 11,
      resolve: (value) => (outcome.value = value),
      reject: (error) => (outcome.error = error),
    };
    const pushed = { entry, expectResponse: true, requestTimeout, sendRequest: () => undefined };
    return { outcome, pushed };
  };
  const fulfil = (q: Queue, correlationId: number) =>
    q.fulfillRequest({ correlationId, payload: Buffer.alloc(0), size: 0 });

  it('runs no timer on a connected queue with nothing in flight', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck(); // what the connection calls once connected
    jest.advanceTimersByTime(10_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('times a request out once its requestTimeout has passed, not before', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck();
    const { outcome, pushed } = request(7);
    q.push(pushed);
    jest.advanceTimersByTime(1_000);
    expect(outcome.error).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(outcome.error?.message).toContain('Fetch(key: 1, version: 11) timed out');
    expect(q.inflight.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('arms one timer for many requests, and none is left once all have answered', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck();
    const arming = jest.spyOn(global, 'setTimeout');
    const first = request(1);
    q.push(first.pushed);
    jest.advanceTimersByTime(400);
    q.push(request(2).pushed);
    q.push(request(3).pushed);
    expect(arming).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(1);

    fulfil(q, 1);
    jest.advanceTimersByTime(601); // the first request's deadline: re-armed for the second's
    expect(first.outcome.error).toBeUndefined();
    expect(jest.getTimerCount()).toBe(1);
    fulfil(q, 2);
    fulfil(q, 3);
    jest.advanceTimersByTime(400); // fires once more, finds nothing in flight, stops
    expect(jest.getTimerCount()).toBe(0);
    expect(arming).toHaveBeenCalledTimes(2);
    arming.mockRestore();
  });

  it('re-arms earlier for a request with a shorter timeout than the one armed for', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck();
    const long = request(1, 5_000); // a fetch that waits at the broker
    q.push(long.pushed);
    const short = request(2);
    q.push(short.pushed);
    jest.advanceTimersByTime(1_001);
    expect(short.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(long.outcome.error).toBeUndefined();
    jest.advanceTimersByTime(4_000);
    expect(long.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps no timer after a disconnect, and times out what is still in flight after the next connect', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck();
    const held = request(1);
    q.push(held.pushed);
    jest.advanceTimersByTime(500);
    q.destroy(); // what the connection calls on disconnect
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(held.outcome.error).toBeUndefined(); // nothing times out in between, as released

    q.scheduleRequestTimeoutCheck(); // connected again, the request still in flight
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1);
    expect(held.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('caps the delay for a huge timeout instead of letting Node.js turn it into 1 ms', () => {
    const q = queue();
    q.scheduleRequestTimeoutCheck();
    const arming = jest.spyOn(global, 'setTimeout');
    const joining = request(1, Number.MAX_SAFE_INTEGER); // kafkajs allows it for sessionTimeout
    q.push(joining.pushed);
    jest.advanceTimersByTime(60_000);
    expect(arming).toHaveBeenCalledTimes(1);
    expect(arming.mock.calls[0][1]).toBe(2 ** 31 - 1);
    expect(joining.outcome.error).toBeUndefined();
    arming.mockRestore();
  });

  it('times out a request sent from a timeout (a pending one) at its own deadline', () => {
    const q = queue({ maxInFlightRequests: 1 });
    q.scheduleRequestTimeoutCheck();
    const first = request(1);
    const second = request(2);
    q.push(first.pushed);
    q.push(second.pushed); // pending: one request in flight at most
    jest.advanceTimersByTime(1_001);
    expect(first.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(q.inflight.size).toBe(1); // the second, sent when the first timed out
    jest.advanceTimersByTime(1_000);
    expect(second.outcome.error).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(second.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps timing requests out after a listener of a timeout threw', () => {
    const throwing = {
      emit: (name: string) => {
        if (name.includes('request_timeout')) throw new Error('listener failed');
      },
    };
    const q = queue({ instrumentationEmitter: throwing });
    q.scheduleRequestTimeoutCheck();
    const first = request(1);
    q.push(first.pushed);
    jest.advanceTimersByTime(500);
    const second = request(2);
    q.push(second.pushed);
    expect(() => jest.advanceTimersByTime(501)).toThrow('listener failed');
    expect(first.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(second.outcome.error).toBeUndefined();
    expect(() => jest.advanceTimersByTime(500)).toThrow('listener failed'); // armed again
    expect(second.outcome.error?.name).toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
  });
});

interface Broker {
  initProducerId(): Promise<{ producerId: string; producerEpoch: number }>;
  addPartitionsToTxn(): Promise<void>;
  addOffsetsToTxn(): Promise<void>;
  txnOffsetCommit(): Promise<void>;
  endTxn(): Promise<void>;
}
interface EosManager {
  abort(): Promise<void>;
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topicData: unknown[]): Promise<void>;
  sendOffsets(input: { consumerGroupId: string; topics: unknown[] }): Promise<void>;
  commit(): Promise<void>;
}
const createEosManager = require('kafkajs/src/producer/eosManager') as (
  options: object,
) => EosManager;

describe('kafkajs as patched: transaction coordinators', () => {
  function setUp() {
    const lookups: string[] = [];
    let failNext = false;
    const broker: Broker = {
      initProducerId: () => Promise.resolve({ producerId: '7', producerEpoch: 0 }),
      addPartitionsToTxn: () => Promise.resolve(),
      addOffsetsToTxn: () => {
        if (!failNext) return Promise.resolve();
        failNext = false;
        return Promise.reject(new Error('Connection closed'));
      },
      txnOffsetCommit: () => Promise.resolve(),
      endTxn: () => Promise.resolve(),
    };
    const cluster = {
      retry: { retries: 0 },
      refreshMetadataIfNecessary: () => Promise.resolve(),
      findGroupCoordinator: ({ groupId }: { groupId: string }) => {
        lookups.push(groupId);
        return Promise.resolve(broker);
      },
    };
    const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
    const eos = createEosManager({ logger, cluster, transactional: true, transactionalId: 'tx' });
    const transaction = async () => {
      eos.beginTransaction();
      await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
      await eos.sendOffsets({
        consumerGroupId: 'group',
        topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }],
      });
      await eos.commit();
    };
    return { eos, lookups, transaction, failNextRequest: () => (failNext = true) };
  }

  it('looks the coordinators up once, not before every request of every transaction', async () => {
    const { eos, lookups, transaction } = setUp();
    await eos.initProducerId();
    for (let i = 0; i < 3; i++) await transaction();
    expect(lookups.sort()).toEqual(['group', 'tx']);
  });

  it('looks the transaction coordinator up again after a request to it failed', async () => {
    const { eos, lookups, transaction, failNextRequest } = setUp();
    await eos.initProducerId();
    await transaction();
    failNextRequest();
    await expect(transaction()).rejects.toThrow('Connection closed');
    lookups.length = 0;
    await eos.abort(); // EndTxn goes to a coordinator looked up afresh
    expect(lookups).toEqual(['tx']);
  });
});

type GroupMessages = (input: {
  topic: string;
  partitionMetadata: { partitionId: number }[];
  messages: { key: string; value: string }[];
  partitioner: (input: { message: { key: string } }) => number;
}) => Record<string, { key: string; value: string }[]>;
const groupMessagesPerPartition =
  require('kafkajs/src/producer/groupMessagesPerPartition') as GroupMessages;

describe('kafkajs as patched: grouping a send by partition', () => {
  const partitionMetadata = [0, 1, 2, 3, 4, 5].map((partitionId) => ({ partitionId }));
  // Partition from the key's last digit: messages of one partition interleave with others'.
  const partitioner = ({ message }: { message: { key: string } }) => Number(message.key.at(-1)) % 6;

  it('keeps every message, each in its partition, in send order (appending in place)', () => {
    const messages = Array.from({ length: 500 }, (_, i) => ({ key: `k${i * 7}`, value: `v${i}` }));
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata,
      messages,
      partitioner,
    });
    // What kafkajs 2.2.4 as released returns (its reduce copied each array on every message).
    const expected: Record<string, typeof messages> = {};
    for (const m of messages) (expected[partitioner({ message: m })] ??= []).push(m);
    expect(grouped).toEqual(expected);
    expect(Object.keys(grouped)).toEqual(Object.keys(expected));
    expect(Object.values(grouped).flat()).toHaveLength(500);
    for (const list of Object.values(grouped)) {
      const order = list.map((m) => Number(m.value.slice(1)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('returns no group when the topic has no partition metadata', () => {
    const messages = [{ key: 'k1', value: 'v' }];
    expect(
      groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages, partitioner }),
    ).toEqual({});
  });
});

type Lookup = (
  versions: Record<number, { minVersion: number; maxVersion: number }>,
) => (
  apiKey: number,
  definition: { versions: string[]; protocol: (input: { version: number }) => unknown },
) => unknown;
const { lookup } = require('kafkajs/src/protocol/requests') as { lookup: Lookup };
const offsetFetch = require('kafkajs/src/protocol/requests/offsetFetch') as {
  versions: string[];
  protocol: (input: { version: number }) => unknown;
};

describe('kafkajs as patched: OffsetFetch v7 (require_stable, KIP-447)', () => {
  const OFFSET_FETCH = 9;
  const chosen = (maxVersion: number) => {
    let version = -1;
    lookup({ [OFFSET_FETCH]: { minVersion: 0, maxVersion } })(OFFSET_FETCH, {
      versions: offsetFetch.versions,
      protocol: (input) => (version = input.version),
    });
    return version;
  };

  it('implements version 7 beside 1-4', () => {
    expect(offsetFetch.versions.map(Number)).toEqual([1, 2, 3, 4, 7]);
  });

  it('asks a broker for the highest implemented version it takes, skipping 5 and 6', () => {
    expect(chosen(9)).toBe(7); // Kafka 3.x, 4.x
    expect(chosen(7)).toBe(7);
    expect(chosen(6)).toBe(4); // a broker without require_stable: the former request
    expect(chosen(5)).toBe(4);
    expect(chosen(3)).toBe(3);
  });
});
