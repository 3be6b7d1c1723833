import fc from 'fast-check';
import { Readable } from 'node:stream';
import { splitLines } from './line-splitter';

async function lines(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of splitLines(Readable.from(chunks))) {
    out.push(typeof line === 'string' ? line : line.toString('utf8'));
  }
  return out;
}

describe(splitLines.name, () => {
  it('yields each line without its terminator', async () => {
    expect(await lines(['a\nb\n'])).toEqual(['a', 'b']);
  });

  it('keeps a last line that has no newline', async () => {
    expect(await lines(['a\nb'])).toEqual(['a', 'b']);
  });

  it('drops the CR of CRLF line ends', async () => {
    expect(await lines(['a\r\nb\r\n'])).toEqual(['a', 'b']);
  });

  it('keeps empty lines so every input line has an output line', async () => {
    expect(await lines(['\n\na\n\n'])).toEqual(['', '', 'a', '']);
  });

  it('joins a line split across chunks, even inside a multi-byte character', async () => {
    const bytes = Buffer.from('한국어\n둘');
    expect(await lines([bytes.subarray(0, 4), bytes.subarray(4, 8), bytes.subarray(8)])).toEqual([
      '한국어',
      '둘',
    ]);
  });

  it('keeps the bytes of a line that is not UTF-8, and decodes its neighbours', async () => {
    const out: (string | Buffer)[] = [];
    const input = Buffer.concat([
      Buffer.from('ok\n'),
      Buffer.from([0xff, 0x0a]),
      Buffer.from('fine'),
    ]);
    for await (const line of splitLines(Readable.from([input]))) out.push(line);
    expect(out).toEqual([Buffer.from('ok'), Buffer.from([0xff]), 'fine']);
  });

  it('yields nothing for empty input', async () => {
    expect(await lines([])).toEqual([]);
  });

  it('yields the same lines however the input is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ maxLength: 5 }).filter((s) => !s.includes('\n'))),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (texts, cuts) => {
          const text = texts.map((t) => `${t}\n`).join('');
          const bytes = Buffer.from(text);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks = [0, ...points, bytes.length]
            .slice(0, -1)
            .map((start, i, all) => bytes.subarray(start, all[i + 1] ?? bytes.length))
            .filter((chunk) => chunk.length > 0);
          expect(await lines(chunks)).toEqual(texts.map((t) => t.replace(/\r$/, '')));
        },
      ),
    );
  });
});
