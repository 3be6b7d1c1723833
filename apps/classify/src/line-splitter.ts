/**
 * Splits a byte stream into lines without holding more than one partial line: "\n" ends a
 * line, a "\r" before it is dropped (CRLF files), and a last line without "\n" still counts.
 * Lines stay bytes so the classifier can tell invalid UTF-8 from text.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const batch of splitLineBatches(chunks)) yield* batch;
}

/** The same lines, one array per chunk read: one await per chunk instead of per line. */
export async function* splitLineBatches(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<Buffer[]> {
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    let data: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (carry) {
      data = Buffer.concat([carry, data]);
      carry = null;
    }
    let start = 0;
    const batch: Buffer[] = [];
    for (let end = data.indexOf(10, start); end >= 0; end = data.indexOf(10, start)) {
      batch.push(trimCr(data.subarray(start, end)));
      start = end + 1;
    }
    if (batch.length > 0) yield batch;
    // Copy: the stream may reuse the chunk's memory.
    if (start < data.length) carry = Buffer.from(data.subarray(start));
  }
  if (carry) yield [trimCr(carry)];
}

function trimCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
}
