// patches/mysql2+3.24.6.patch: COM_STMT_EXECUTE is encoded without an object (and, for an
// integer, a TypedParameter, BigInts and a closure) per parameter; NULLs, strings, Dates and
// small integers with an integer hint take a path of their own, anything else still goes
// through mysql2's toParameter. The packets must be the very bytes mysql2 3.24.6 as released
// writes: the hashes below were computed with the released package on the same generated
// parameters (docs/benchmarks.md, "Router (bench)", allocations of 2026-12-04).
// test/integration/mysql2-prepared.int-spec.ts binds the audit insert's types on MariaDB.
/* eslint-disable @typescript-eslint/no-require-imports */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';

interface ExecuteStatic {
  new (
    id: number,
    parameters: unknown[],
    charsetNumber: number,
    timezone: string,
    attributes: Record<string, unknown> | undefined,
    clientFlags: number,
    jsonAsString: boolean,
    parameterDefinitions: (Hint | undefined)[],
  ): { toPacket(): { buffer: Buffer } };
}
interface Hint {
  columnType: number;
  flags: number;
}

// mysql2's package "exports" hide lib/; the absolute path reaches the installed (patched) file.
const lib = join(dirname(require.resolve('mysql2')), 'lib');
const Execute = require(join(lib, 'packets/execute.js')) as ExecuteStatic;
const { types } = require(join(lib, 'packets/typed_parameter.js')) as {
  types: { LONG(value: number): unknown };
};

const UTF8MB4_UNICODE_CI = 224;
const CLIENT_QUERY_ATTRIBUTES = 1 << 27;
const UNSIGNED = 32;
// LONG, LONG UNSIGNED, TINY, TINY UNSIGNED, SHORT, LONGLONG UNSIGNED, VAR_STRING, DATETIME,
// INT24, YEAR: every integer hint mysql2 knows and some that are not integers.
const HINTS: Hint[] = [
  { columnType: 3, flags: 0 },
  { columnType: 3, flags: UNSIGNED },
  { columnType: 1, flags: 0 },
  { columnType: 1, flags: UNSIGNED },
  { columnType: 2, flags: 0 },
  { columnType: 8, flags: UNSIGNED },
  { columnType: 253, flags: 0 },
  { columnType: 12, flags: 0 },
  { columnType: 9, flags: 0 },
  { columnType: 13, flags: 0 },
];

/** Values at and beyond every integer range edge, strings of each length class, and the rest. */
function values(): unknown[] {
  return [
    null,
    'abc',
    '',
    'é漢字😀'.repeat(40),
    'x'.repeat(300),
    'y'.repeat(70_000),
    new Date(Date.UTC(2026, 11, 4, 9, 58, 1, 234)),
    new Date(0),
    0,
    -0,
    1,
    -1,
    127,
    128,
    255,
    256,
    -128,
    -129,
    32767,
    65535,
    2147483647,
    2147483648,
    -2147483648,
    4294967295,
    4294967296,
    2 ** 53 - 1,
    2 ** 53,
    1.5,
    NaN,
    true,
    false,
    12345678901234567890n,
    { a: 1 },
    [1, 'x'],
    Buffer.from([1, 2, 3]),
    types.LONG(5),
    undefined,
  ];
}

/** SHA-256 of `cases` generated packets (from byte 4: mysql2 writes the header when it sends). */
function packetsHash(cases: number, generate: (k: number, random: () => number) => unknown[][]) {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const hash = createHash('sha256');
  const errors: string[] = [];
  for (let k = 0; k < cases; k++) {
    const [parameters, hints] = generate(k, random) as [unknown[], (Hint | undefined)[]];
    const timezone = ['local', 'Z', '+02:00'][k % 3];
    const withAttributes = k % 5 === 0;
    const attributes = withAttributes ? { a: values()[Math.floor(random() * 8)] } : undefined;
    try {
      const packet = new Execute(
        1,
        parameters,
        UTF8MB4_UNICODE_CI,
        timezone,
        attributes,
        withAttributes ? CLIENT_QUERY_ATTRIBUTES : 0,
        k % 2 === 0,
        hints,
      ).toPacket();
      hash.update(packet.buffer.subarray(4));
    } catch (error) {
      // Errors count too: a value mysql2 refuses must still be refused, with its message.
      errors.push(`${k}: ${(error as Error).message}`);
      hash.update(`error ${(error as Error).message}`);
    }
  }
  return { hash: hash.digest('hex'), errors: errors.length };
}

describe('mysql2 COM_STMT_EXECUTE encoding as patched', () => {
  const previousTz = process.env.TZ;
  // Dates at 'local' are written in the process's time zone: fix it so the hash is the same
  // on every machine.
  beforeAll(() => (process.env.TZ = 'UTC'));
  afterAll(() => (process.env.TZ = previousTz));

  it('writes the released bytes for mixes of every kind of value and hint', () => {
    const { hash, errors } = packetsHash(3000, (_k, random) => {
      const all = values();
      const count = 1 + Math.floor(random() * 30);
      const parameters: unknown[] = [];
      const hints: (Hint | undefined)[] = [];
      for (let i = 0; i < count; i++) {
        parameters.push(all[Math.floor(random() * all.length)]);
        hints.push(random() < 0.2 ? undefined : HINTS[Math.floor(random() * HINTS.length)]);
      }
      return [parameters, hints];
    });
    expect(errors).toBe(EXPECTED.mixes.errors);
    expect(hash).toBe(EXPECTED.mixes.hash);
  });

  it('writes the released bytes for each value with each hint alone', () => {
    const all = values();
    const pairs = all.flatMap((value) => [undefined, ...HINTS].map((hint) => [value, hint]));
    const { hash, errors } = packetsHash(pairs.length, (k) => [[pairs[k][0]], [pairs[k][1]]]);
    expect(errors).toBe(EXPECTED.single.errors);
    expect(hash).toBe(EXPECTED.single.hash);
  });
});

const EXPECTED = {
  // 1,076 of the mixes hold an undefined, which mysql2 refuses ("Bind parameters must not
  // contain undefined"); the other 1,924 are packets.
  mixes: { hash: '3345f6fa62a791c2ddeea80e96c6bcc6fd73ee7b2c3442d2cb7f58a61496875b', errors: 1076 },
  single: { hash: 'e7708e10fd38ce6f8fea47e5d683bc529b14aec919f69998df63ada2667c1bc3', errors: 11 },
};
