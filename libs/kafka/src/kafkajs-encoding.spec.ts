// The produce-path encoding of patches/kafkajs+2.2.4.patch (records written into one buffer of
// their size, varints in place, varlongs without Long objects, slicing-by-8 CRC32C, fewer copies
// of a record batch, murmur2 in 32-bit arithmetic) must give the very bytes and partitions
// kafkajs 2.2.4 as released gives. The brokers of
// the integration and e2e suites check each batch's CRC and layout on every produce; these
// tests pin the bytes and the edge cases without a broker. Measured in docs/benchmarks.md
// ("kafkajs record encoding").
/* eslint-disable @typescript-eslint/no-require-imports */
import { createHash, randomBytes } from 'node:crypto';

interface LongValue {
  toString(): string;
}
interface LongStatic {
  fromNumber(value: number): LongValue;
  fromString(value: string): LongValue;
}
interface EncoderInstance {
  buffer: Buffer;
  size(): number;
  writeVarLong(value: number | LongValue): EncoderInstance;
}
interface EncoderStatic {
  new (initialSize?: number): EncoderInstance;
  sizeOfVarLong(value: number | LongValue): number;
}
interface DecoderInstance {
  buffer: Buffer;
  offset: number;
  readVarLong(): LongValue;
  readInt32(): number;
  readString(): string;
  readInt16(): number;
  readArray<T>(read: (decoder: DecoderInstance) => T): T[];
}
type Message = {
  key: string | null;
  value: string | Buffer;
  timestamp: string;
  headers?: Record<string, string | string[]>;
};
type TopicData = {
  topic: string;
  partitions: { partition: number; firstSequence: number; messages: Message[] }[];
}[];
interface DecodedRecord {
  key: Buffer | null;
  value: Buffer;
  timestamp: string;
  offset: string;
  headers: Record<string, Buffer | Buffer[]>;
}

const Long = require('kafkajs/src/utils/long') as LongStatic;
const Encoder = require('kafkajs/src/protocol/encoder') as EncoderStatic;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => DecoderInstance;
const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;
const produceV3 = require('kafkajs/src/protocol/requests/produce/v3/request') as (options: {
  acks: number;
  timeout: number;
  transactionalId: string;
  producerId: LongValue;
  producerEpoch: number;
  topicData: TopicData;
}) => object;
const encodeRequest = require('kafkajs/src/protocol/request') as (options: {
  correlationId: number;
  clientId: string;
  request: object;
}) => Promise<EncoderInstance>;
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: string | Buffer,
) => number;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  decoder: DecoderInstance,
) => Promise<{
  producerId: string;
  firstSequence: number;
  inTransaction: boolean;
  records: DecodedRecord[];
}>;

// Characters of 1 to 4 UTF-8 bytes, so byte lengths differ from string lengths.
const ALPHABET = ['a', 'é', '€', '😀', 'z', 'K'];
const text = (characters: number, seed: number): string =>
  Array.from({ length: characters }, (_, i) => ALPHABET[(i * 7 + seed) % ALPHABET.length]).join('');

// Values around the encoder's power-of-two buffer sizes (its default is 512 bytes), null keys,
// Buffer and string values, array-valued and empty headers, out-of-order timestamps.
function mixedTopicData(): TopicData {
  const sizes = [0, 1, 127, 128, 500, 511, 512, 1023, 4096, 70000];
  const messages = sizes.map((length, i): Message => ({
    key: i % 3 === 0 ? null : `helpdesk:T-${i}`,
    value: i % 4 === 1 ? Buffer.from(text(length, i)) : text(length, i),
    timestamp: String(1764800000000 + i * 37 - (i % 3) * 5000),
    headers: i % 2 === 0 ? { eventId: `e-${i}`, party: 'isv', multi: ['a', 'b€', ''] } : {},
  }));
  return [
    {
      topic: 'routed.isv',
      partitions: [
        { partition: 0, firstSequence: 0, messages },
        { partition: 5, firstSequence: 12, messages: messages.slice(2, 5) },
      ],
    },
    {
      topic: 'dlq',
      partitions: [{ partition: 3, firstSequence: 7, messages: messages.slice(0, 1) }],
    },
  ];
}

// A timestamp delta beyond 2^51, the limit of the arithmetic varlong, takes the Long path.
const farTimestampData = (): TopicData => [
  {
    topic: 't',
    partitions: [
      {
        partition: 1,
        firstSequence: 0,
        messages: [
          { key: 'k', value: 'v', timestamp: '1000' },
          { key: 'k', value: 'w', timestamp: '9000000000000000' },
        ],
      },
    ],
  },
];

async function encodeProduce(topicData: TopicData): Promise<Buffer> {
  const request = produceV3({
    acks: -1,
    timeout: 30000,
    transactionalId: 'tx-1',
    producerId: Long.fromNumber(4242),
    producerEpoch: 3,
    topicData,
  });
  return (await encodeRequest({ correlationId: 17, clientId: 'router', request })).buffer;
}

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

describe('kafkajs as patched: produce request bytes', () => {
  // Length and SHA-256 of the same requests encoded by the released kafkajs 2.2.4 (whose
  // protocol/ files the patch had not touched before), computed once from that copy.
  it.each([
    [
      'mixed sizes, headers and keys',
      mixedTopicData,
      156195,
      '9dadf1bdf014641fe023ad95eccaa9567e65565abb136fdbaa11ec8e50093dbd',
    ],
    [
      'a timestamp delta beyond 2^51',
      farTimestampData,
      137,
      '2e16a6228695fab9d8005b10c7da7df580007811bfdcf31f6bd4de461047dda2',
    ],
  ])('encodes %s byte for byte as kafkajs 2.2.4 does', async (_name, data, length, digest) => {
    const bytes = await encodeProduce(data());
    expect(bytes.length).toBe(length);
    expect(sha256(bytes)).toBe(digest);
  });

  it('decodes back to the messages it was given, with a CRC32C over the batch body', async () => {
    const topicData = mixedTopicData();
    const decoder = new Decoder(await encodeProduce(topicData));
    decoder.readInt32(); // size
    decoder.readInt16(); // api key
    decoder.readInt16(); // api version
    decoder.readInt32(); // correlation id
    expect(decoder.readString()).toBe('router');
    expect(decoder.readString()).toBe('tx-1');
    decoder.readInt16(); // acks
    decoder.readInt32(); // timeout
    const decoded = [];
    for (let topics = decoder.readInt32(); topics > 0; topics--) {
      const topic = decoder.readString();
      for (let partitions = decoder.readInt32(); partitions > 0; partitions--) {
        const partition = decoder.readInt32();
        const size = decoder.readInt32();
        const batchBytes = decoder.buffer.subarray(decoder.offset, decoder.offset + size);
        // FirstOffset 8, Length 4, PartitionLeaderEpoch 4, Magic 1, CRC 4, then the body.
        expect(batchBytes.readUInt32BE(17)).toBe(crc32C(batchBytes.subarray(21)));
        const batch = await decodeRecordBatch(decoder);
        decoded.push({ topic, partition, batch });
      }
    }

    expect(decoded.map(({ topic, partition }) => `${topic}/${partition}`)).toEqual([
      'routed.isv/0',
      'routed.isv/5',
      'dlq/3',
    ]);
    decoded.forEach(({ topic, partition, batch }) => {
      const given = topicData
        .find((t) => t.topic === topic)!
        .partitions.find((p) => p.partition === partition)!;
      expect(batch).toMatchObject({
        producerId: '4242',
        firstSequence: given.firstSequence,
        inTransaction: true,
      });
      expect(
        batch.records.map((r) => ({
          key: r.key === null ? null : r.key.toString(),
          value: r.value.toString(),
          timestamp: r.timestamp,
          headers: Object.fromEntries(
            Object.entries(r.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.map((b) => b.toString()) : v.toString(),
            ]),
          ),
        })),
      ).toEqual(
        given.messages.map((m) => ({
          key: m.key,
          value: m.value.toString(),
          timestamp: m.timestamp,
          headers: m.headers ?? {},
        })),
      );
    });
  });
});

describe('kafkajs as patched: varlong without Long objects', () => {
  const limit = 2 ** 51;
  const values = [
    0,
    1,
    -1,
    63,
    -64,
    64,
    -65,
    127,
    128,
    8191,
    8192,
    -8193,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    2 ** 32 + 5,
    -(2 ** 40) - 3,
    1764800000000,
    -1764800000000,
    limit - 1,
    -(limit - 1),
    ...Array.from({ length: 200 }, () =>
      Math.round((Math.random() * 2 - 1) * 2 ** Math.ceil(Math.random() * 51)),
    ),
  ].filter((v) => Math.abs(v) < limit);

  it.each(values.map((v) => [v]))(
    'writes %d as the Long path does, and sizes it alike',
    (value) => {
      const viaNumber = new Encoder().writeVarLong(value).buffer;
      const viaLong = new Encoder().writeVarLong(Long.fromString(String(value))).buffer;
      expect(viaNumber.toString('hex')).toBe(viaLong.toString('hex'));
      expect(Encoder.sizeOfVarLong(value)).toBe(viaLong.length);
      expect(Encoder.sizeOfVarLong(value)).toBe(
        Encoder.sizeOfVarLong(Long.fromString(String(value))),
      );
      expect(new Decoder(viaNumber).readVarLong().toString()).toBe(String(value));
    },
  );

  it('takes the Long path at and beyond 2^51 and for non-integers, writing what it reads back', () => {
    for (const value of [limit, -limit, 2 ** 53 - 1, -(2 ** 53 - 1)]) {
      const bytes = new Encoder().writeVarLong(value).buffer;
      expect(new Decoder(bytes).readVarLong().toString()).toBe(String(value));
      expect(Encoder.sizeOfVarLong(value)).toBe(bytes.length);
    }
    // A fraction is no integer: it goes to Long.fromValue, which refuses it as it did before.
    expect(() => new Encoder().writeVarLong(2.5)).toThrow(RangeError);
  });
});

describe('kafkajs as patched: CRC32C by slicing by 8', () => {
  // Bit by bit over the reflected Castagnoli polynomial: slow, and independent of the tables.
  const reference = (bytes: Buffer): number => {
    let crc = -1;
    for (const byte of bytes) {
      crc ^= byte;
      for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    }
    return (crc ^ -1) >>> 0;
  };

  it('gives the standard check value for "123456789"', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('agrees with the bitwise CRC for every length from 0 to 80 and for large buffers', () => {
    for (let length = 0; length <= 80; length++) {
      const bytes = randomBytes(length);
      expect(crc32C(bytes)).toBe(reference(bytes));
    }
    for (const length of [1021, 4096, 65537]) {
      const bytes = randomBytes(length);
      expect(crc32C(bytes)).toBe(reference(bytes));
      // A sub-view at an odd offset, as batches sit inside larger buffers.
      expect(crc32C(bytes.subarray(3, length - 2))).toBe(reference(bytes.subarray(3, length - 2)));
    }
  });
});

describe('kafkajs as patched: murmur2 of the default partitioner in 32-bit arithmetic', () => {
  // Java's int arithmetic emulated with BigInt, step by step as Kafka's Utils.murmur2 reads.
  const int = (value: bigint) => BigInt.asIntN(32, value);
  const ushr = (value: bigint, bits: bigint) => int(BigInt.asUintN(32, value) >> bits);
  const reference = (key: Buffer): number => {
    const m = 0x5bd1e995n;
    let h = int(0x9747b28cn ^ BigInt(key.length));
    const length4 = Math.floor(key.length / 4);
    for (let i = 0; i < length4; i++) {
      let k = int(BigInt(key.readInt32LE(i * 4)));
      k = int(k * m);
      k = int(k ^ ushr(k, 24n));
      k = int(k * m);
      h = int(int(h * m) ^ k);
    }
    const tail = key.length & ~3;
    const rest = key.length % 4; // the tail, as Java's switch falls through from 3 to 1
    if (rest === 3) h = int(h ^ (BigInt(key[tail + 2]) << 16n));
    if (rest >= 2) h = int(h ^ (BigInt(key[tail + 1]) << 8n));
    if (rest >= 1) h = int(int(h ^ BigInt(key[tail])) * m);
    h = int(h ^ ushr(h, 13n));
    h = int(h * m);
    h = int(h ^ ushr(h, 15n));
    return Number(h);
  };

  it.each([
    // Kafka's UtilsTest.testMurmur2 (the Java client), so keys land where Java producers put them.
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j to %d as the Java client does', (key, hash) => {
    expect(murmur2(key)).toBe(hash);
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('agrees with Java int arithmetic on keys of every length up to 70 bytes', () => {
    for (let i = 0; i < 5000; i++) {
      const key = randomBytes(i % 71);
      expect(murmur2(key)).toBe(reference(key));
    }
    const routerKey = `helpdesk:T-${'é'.repeat(3)}42`;
    expect(murmur2(routerKey)).toBe(reference(Buffer.from(routerKey)));
  });
});
