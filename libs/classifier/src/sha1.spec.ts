import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sha1 } from './sha1';

describe(sha1.name, () => {
  it('gives the known digest of "abc"', () => {
    expect(Buffer.from(sha1(Buffer.from('abc'))).toString('hex')).toBe(
      'a9993e364706816aba3e25717850c26c9cd0d89d',
    );
  });

  it('agrees with node:crypto on any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(sha1(bytes)).toString('hex')).toBe(
          createHash('sha1').update(bytes).digest('hex'),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
