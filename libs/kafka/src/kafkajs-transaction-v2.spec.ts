// Checks the transaction protocol of KIP-890 part 2 ("transaction version 2") that
// patches/kafkajs+2.2.4.patch adds to kafkajs: the flexible requests it needs, byte by byte
// against Kafka's message definitions, and the producer's use of them. The real-broker side is
// test/integration/kafka-leftover-abort.int-spec.ts (both protocols) and the router suites.
/* eslint-disable @typescript-eslint/no-require-imports */
export {}; // a module: its names stay its own

interface Encoded {
  buffer: Buffer;
}
interface Request {
  apiVersion: number;
  encode(): Promise<Encoded>;
}
interface Versions {
  versions: string[];
  protocol(input: { version: number }): (input: Record<string, unknown>) => {
    request: Request;
    response: { decode(data: Buffer): Promise<Record<string, unknown>> };
  };
}
interface Decoder {
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readBoolean(): boolean;
  readUVarInt(): number;
  readUVarIntString(): string | null;
  readTaggedFields(): Record<number, Buffer> | null;
  readBytes(length: number): Buffer;
  canReadBytes(length: number): boolean;
}
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => Decoder;
const Encoder = require('kafkajs/src/protocol/encoder') as new () => Record<
  string,
  (...args: unknown[]) => unknown
> & { buffer: Buffer };
const { requests, lookup } = require('kafkajs/src/protocol/requests') as {
  requests: Record<string, Versions>;
  lookup: (
    versions: Record<number, { minVersion: number; maxVersion: number }>,
  ) => (
    apiKey: number,
    definition: { versions: string[]; protocol: (input: { version: number }) => unknown },
    options?: { maxVersion?: number },
  ) => unknown;
};
const Broker = require('kafkajs/src/broker') as {
  prototype: {
    supportsTransactionV2(this: { versions: unknown }): boolean;
    produce(this: object, input: object): Promise<unknown>;
    endTxn(this: object, input: object): Promise<unknown>;
  };
};
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode(code: number): { type: string };
};

const PRODUCE = 0;
const END_TXN = 26;
const TXN_OFFSET_COMMIT = 28;

/** Builds a buffer from writer calls, e.g. ['UVarInt', 0], ['Int16', 5]. */
function bytes(...writes: [string, ...unknown[]][]): Buffer {
  const encoder = new Encoder();
  for (const [type, ...args] of writes) encoder[`write${type}`](...args);
  return encoder.buffer;
}

describe('kafkajs as patched: the requests of transaction version 2', () => {
  it('encodes Produce v12 as its flexible layout (compact strings, arrays and records)', async () => {
    const produce = requests.Produce.protocol({ version: 12 })({
      acks: -1,
      timeout: 30000,
      transactionalId: 'tx',
      producerId: '7',
      producerEpoch: 3,
      topicData: [
        {
          topic: 'out',
          partitions: [{ partition: 2, firstSequence: 0, messages: [{ key: 'k', value: 'v' }] }],
        },
      ],
    }).request;
    expect(produce.apiVersion).toBe(12);
    const d = new Decoder((await produce.encode()).buffer);
    expect(d.readTaggedFields()).toBeNull(); // request header v2: none
    expect(d.readUVarIntString()).toBe('tx');
    expect(d.readInt16()).toBe(-1);
    expect(d.readInt32()).toBe(30000);
    expect(d.readUVarInt()).toBe(2); // one topic
    expect(d.readUVarIntString()).toBe('out');
    expect(d.readUVarInt()).toBe(2); // one partition
    expect(d.readInt32()).toBe(2);
    const recordsLength = d.readUVarInt() - 1; // COMPACT_RECORDS
    const batch = new Decoder(d.readBytes(recordsLength));
    expect(batch.readInt64().toString()).toBe('0'); // base offset
    expect(batch.readInt32()).toBe(recordsLength - 12); // batch length
    batch.readInt32(); // partition leader epoch
    expect(batch.readInt8()).toBe(2); // magic
    batch.readInt32(); // crc
    expect(batch.readInt16() & 0x10).toBe(0x10); // attributes: transactional
    batch.readInt32(); // last offset delta
    batch.readInt64(); // first timestamp
    batch.readInt64(); // max timestamp
    expect(batch.readInt64().toString()).toBe('7');
    expect(batch.readInt16()).toBe(3);
    expect(batch.readInt32()).toBe(0); // base sequence
    expect(d.readTaggedFields()).toBeNull(); // partition
    expect(d.readTaggedFields()).toBeNull(); // topic
    expect(d.readTaggedFields()).toBeNull(); // request
    expect(d.canReadBytes(1)).toBe(false);
  });

  it('decodes a Produce v12 answer, tagged fields (a current leader) included', async () => {
    const leader = bytes(['Int32', 1], ['Int32', 4], ['UVarInt', 0]);
    const answer = Buffer.concat([
      bytes(
        ['UVarInt', 0], // response header v1: no tagged fields
        ['UVarInt', 2],
        ['UVarIntString', 'out'],
        ['UVarInt', 2],
        ['Int32', 2],
        ['Int16', 0],
        ['Int64', '41'],
        ['Int64', '-1'],
        ['Int64', '0'],
        ['UVarInt', 1], // no record errors
        ['UVarIntString', null],
        ['UVarInt', 1], // one tagged field: 0, CurrentLeader
        ['UVarInt', 0],
        ['UVarInt', leader.length],
      ),
      leader,
      bytes(['UVarInt', 0], ['Int32', 0], ['UVarInt', 0]),
    ]);
    const decoded = await requests.Produce.protocol({ version: 12 })({
      topicData: [],
    }).response.decode(answer);
    expect(decoded).toEqual({
      topics: [
        {
          topicName: 'out',
          partitions: [
            {
              partition: 2,
              errorCode: 0,
              baseOffset: '41',
              logAppendTime: '-1',
              logStartOffset: '0',
            },
          ],
        },
      ],
      throttleTime: 0,
      clientSideThrottleTime: 0,
    });
  });

  it('encodes EndTxn v5 and reads the producer id and epoch of its answer', async () => {
    const endTxn = requests.EndTxn.protocol({ version: 5 })({
      transactionalId: 'tx',
      producerId: '7',
      producerEpoch: 3,
      transactionResult: true,
    });
    const d = new Decoder((await endTxn.request.encode()).buffer);
    expect(d.readTaggedFields()).toBeNull();
    expect(d.readUVarIntString()).toBe('tx');
    expect(d.readInt64().toString()).toBe('7');
    expect(d.readInt16()).toBe(3);
    expect(d.readBoolean()).toBe(true);
    expect(d.readTaggedFields()).toBeNull();
    const answer = bytes(
      ['UVarInt', 0],
      ['Int32', 0],
      ['Int16', 0],
      ['Int64', '7'],
      ['Int16', 4],
      ['UVarInt', 0],
    );
    expect(await endTxn.response.decode(answer)).toMatchObject({
      errorCode: 0,
      producerId: '7',
      producerEpoch: 4,
    });
  });

  it('sends TxnOffsetCommit v5 in version 3 layout', async () => {
    const input = {
      transactionalId: 'tx',
      groupId: 'g',
      producerId: '7',
      producerEpoch: 3,
      generationId: 5,
      memberId: 'm',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '9' }] }],
    };
    const v5 = requests.TxnOffsetCommit.protocol({ version: 5 })(input).request;
    const v3 = requests.TxnOffsetCommit.protocol({ version: 3 })(input).request;
    expect(v5.apiVersion).toBe(5);
    expect((await v5.encode()).buffer).toEqual((await v3.encode()).buffer);
  });

  const apiVersionsAnswer = (epoch: string | undefined) => {
    const feature = bytes(
      ['UVarInt', 2],
      ['UVarIntString', 'transaction.version'],
      ['Int16', 2],
      ['Int16', 2],
      ['UVarInt', 0],
    );
    const epochField = epoch === undefined ? undefined : bytes(['Int64', epoch]);
    return Buffer.concat([
      bytes(
        ['Int16', 0],
        ['UVarInt', 2],
        ['Int16', END_TXN],
        ['Int16', 0],
        ['Int16', 5],
        ['UVarInt', 0],
        ['Int32', 0],
        ['UVarInt', epochField ? 2 : 1], // tagged fields: 1 FinalizedFeaturesEpoch, 2 FinalizedFeatures
      ),
      ...(epochField ? [bytes(['UVarInt', 1], ['UVarInt', epochField.length]), epochField] : []),
      bytes(['UVarInt', 2], ['UVarInt', feature.length]),
      feature,
    ]);
  };
  const decodeApiVersions = (answer: Buffer) =>
    requests.ApiVersions.protocol({ version: 3 })({}).response.decode(answer);

  it('reads the finalized features of an ApiVersions v3 answer', async () => {
    expect(await decodeApiVersions(apiVersionsAnswer('7'))).toMatchObject({
      apiVersions: [{ apiKey: END_TXN, minVersion: 0, maxVersion: 5 }],
      finalizedFeatures: { 'transaction.version': 2 },
    });
  });

  it('takes no finalized features without a known epoch', async () => {
    expect((await decodeApiVersions(apiVersionsAnswer('-1'))).finalizedFeatures).toEqual({});
    expect((await decodeApiVersions(apiVersionsAnswer(undefined))).finalizedFeatures).toEqual({});
  });
});

describe('kafkajs as patched: asking for ApiVersions v3', () => {
  const logger = { namespace: () => logger, debug: () => undefined, warn: () => undefined };
  /** A broker whose answer to ApiVersions v3 is `v3`, and to v2 a list of one API. */
  const brokerAnswering = (v3: () => Promise<unknown>) => {
    const asked: number[] = [];
    const connectionPool = {
      connectionTimeout: 1000,
      host: 'h',
      port: 1,
      send: ({ request }: { request: { apiVersion: number } }) => {
        asked.push(request.apiVersion);
        if (request.apiVersion === 3) return v3();
        return Promise.resolve({
          apiVersions: [{ apiKey: END_TXN, minVersion: 0, maxVersion: 5 }],
        });
      },
    };
    const broker = new (
      Broker as unknown as new (options: object) => {
        apiVersions(): Promise<Record<number, unknown>>;
      }
    )({ connectionPool, logger });
    return { broker, asked };
  };

  it('falls back to v2 when something that is not Apache Kafka refuses v3', async () => {
    const refusal = Object.assign(new Error('bad request'), {
      name: 'KafkaJSProtocolError',
      type: 'INVALID_REQUEST',
    });
    const { broker, asked } = brokerAnswering(() => Promise.reject(refusal));
    expect(await broker.apiVersions()).toEqual({ [END_TXN]: { minVersion: 0, maxVersion: 5 } });
    expect(asked).toEqual([3, 2]);
  });

  it('fails on a connection failure instead of asking again', async () => {
    const lost = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    const { broker, asked } = brokerAnswering(() => Promise.reject(lost));
    await expect(broker.apiVersions()).rejects.toThrow('Connection error');
    expect(asked).toEqual([3]);
  });
});

describe('kafkajs as patched: choosing transaction version 2', () => {
  const versions = (produce: number, txnOffsetCommit: number, endTxn: number, tv?: number) => {
    const map = {
      [PRODUCE]: { minVersion: 3, maxVersion: produce },
      [TXN_OFFSET_COMMIT]: { minVersion: 0, maxVersion: txnOffsetCommit },
      [END_TXN]: { minVersion: 0, maxVersion: endTxn },
    };
    Object.defineProperty(map, 'finalizedFeatures', {
      value: tv === undefined ? {} : { 'transaction.version': tv },
    });
    return map;
  };
  const supports = (v: ReturnType<typeof versions>) =>
    Broker.prototype.supportsTransactionV2.call({ versions: v });

  it('needs transaction.version 2 finalized and the three request versions', () => {
    expect(supports(versions(13, 6, 5, 2))).toBe(true);
    expect(supports(versions(13, 6, 5, 1))).toBe(false); // Kafka 4 upgraded, feature not raised
    expect(supports(versions(13, 6, 5))).toBe(false);
    expect(supports(versions(11, 4, 4, 2))).toBe(false);
  });

  it('refuses to send a protocol-2 transaction with older requests (a broker without them)', async () => {
    const broker = { lookupRequest: lookup(versions(11, 4, 4, 2)) };
    await expect(
      Broker.prototype.produce.call(broker, { topicData: [], transactionV2: true }),
    ).rejects.toThrow('does not take Produce v12');
    await expect(
      Broker.prototype.endTxn.call(broker, { transactionResult: true, transactionV2: true }),
    ).rejects.toThrow('does not take EndTxn v5');
  });

  it('names the errors protocol 2 answers with (PRODUCER_FENCED, TRANSACTION_ABORTABLE)', () => {
    expect(createErrorFromCode(90).type).toBe('PRODUCER_FENCED');
    expect(createErrorFromCode(120).type).toBe('TRANSACTION_ABORTABLE');
  });

  it('caps Produce at v7 unless the producer runs version 2', () => {
    const chosen = (maxVersion: number) => {
      let version = -1;
      lookup(versions(13, 6, 5, 2))(
        PRODUCE,
        { versions: requests.Produce.versions, protocol: (input) => (version = input.version) },
        { maxVersion },
      );
      return version;
    };
    expect(chosen(12)).toBe(12);
    expect(chosen(11)).toBe(7);
  });
});

interface Call {
  api: string;
  input: Record<string, unknown>;
}
const createEosManager = require('kafkajs/src/producer/eosManager') as (options: object) => {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  isTransactionV2(): boolean;
  addPartitionsToTransaction(topicData: unknown[], options?: { explicit: boolean }): Promise<void>;
  sendOffsets(input: { consumerGroupId: string; topics: unknown[] }): Promise<void>;
  getSequence(topic: string, partition: number): number;
  updateSequence(topic: string, partition: number, increment: number): void;
  getProducerEpoch(): number;
  commit(): Promise<void>;
  abort(): Promise<void>;
};

describe('kafkajs as patched: a producer on transaction version 2', () => {
  function setUp(brokerSupportsV2: boolean, askForV2 = true) {
    const calls: Call[] = [];
    let epoch = 3;
    const record =
      (api: string, answer?: () => object) =>
      (input: Record<string, unknown>): Promise<object> => {
        calls.push({ api, input });
        return Promise.resolve(answer ? answer() : {});
      };
    const broker = {
      supportsTransactionV2: () => brokerSupportsV2,
      initProducerId: record('InitProducerId', () => ({ producerId: '7', producerEpoch: epoch })),
      addPartitionsToTxn: record('AddPartitionsToTxn'),
      addOffsetsToTxn: record('AddOffsetsToTxn'),
      txnOffsetCommit: record('TxnOffsetCommit'),
      endTxn: record('EndTxn', () =>
        // Version 5 names the next epoch; version 1 has no producer id in its answer.
        brokerSupportsV2 ? { producerId: '7', producerEpoch: ++epoch } : {},
      ),
    };
    const cluster = {
      retry: { retries: 0 },
      refreshMetadataIfNecessary: () => Promise.resolve(),
      findGroupCoordinator: () => Promise.resolve(broker),
    };
    const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
    const eos = createEosManager({
      logger,
      cluster,
      transactional: true,
      transactionalId: 'tx',
      transactionV2: askForV2,
    });
    const transaction = async (end: 'commit' | 'abort' = 'commit') => {
      eos.beginTransaction();
      await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 0 }] }]);
      eos.updateSequence('out', 0, 5); // five records produced
      await eos.sendOffsets({
        consumerGroupId: 'group',
        topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }],
      });
      await eos[end]();
    };
    return { eos, calls, transaction };
  }

  it('sends three requests a transaction and takes the epoch EndTxn names', async () => {
    const { eos, calls, transaction } = setUp(true);
    await eos.initProducerId();
    expect(eos.isTransactionV2()).toBe(true);
    calls.length = 0;
    await transaction();
    await transaction('abort');
    expect(calls.map((c) => c.api)).toEqual([
      'TxnOffsetCommit',
      'EndTxn',
      'TxnOffsetCommit',
      'EndTxn',
    ]);
    expect(calls.map((c) => [c.input.producerEpoch, c.input.transactionV2])).toEqual([
      [3, true],
      [3, true],
      [4, true],
      [4, true],
    ]);
    expect(eos.getProducerEpoch()).toBe(5);
    // A new epoch starts every partition's sequence at 0 again.
    expect(eos.getSequence('out', 0)).toBe(0);
  });

  it('still adds partitions itself when asked explicitly (an abort over partitions not written)', async () => {
    const { eos, calls } = setUp(true);
    await eos.initProducerId();
    calls.length = 0;
    eos.beginTransaction();
    await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 1 }] }], {
      explicit: true,
    });
    await eos.abort();
    expect(calls.map((c) => c.api)).toEqual(['AddPartitionsToTxn', 'EndTxn']);
  });

  it('stays on version 1 where the broker lacks version 2, or when not asked for it', async () => {
    for (const [brokerSupportsV2, askForV2] of [
      [false, true],
      [true, false],
    ]) {
      const { eos, calls, transaction } = setUp(brokerSupportsV2, askForV2);
      await eos.initProducerId();
      expect(eos.isTransactionV2()).toBe(false);
      calls.length = 0;
      await transaction();
      expect(calls.map((c) => c.api)).toEqual([
        'AddPartitionsToTxn',
        'AddOffsetsToTxn',
        'TxnOffsetCommit',
        'EndTxn',
      ]);
      expect(calls.every((c) => !c.input.transactionV2)).toBe(true);
      expect(eos.getSequence('out', 0)).toBe(5);
    }
  });
});
