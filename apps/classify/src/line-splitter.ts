/**
 * Splits a byte stream into lines without holding more than one partial line: "\n" ends a
 * line, a "\r" before it is dropped (CRLF files), and a last line without "\n" still counts.
 *
 * Each chunk is decoded once, up to its last newline, and split as text. A chunk that is not
 * valid UTF-8 is split as bytes instead, so the classifier can reject exactly the lines that
 * are not text (and keep their bytes).
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<string | Buffer> {
  for await (const batch of splitLineBatches(chunks)) yield* batch;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The same lines, one array per chunk read: one await per chunk instead of per line. */
export async function* splitLineBatches(
  chunks: AsyncIterable<Buffer | string>,
): AsyncGenerator<(string | Buffer)[]> {
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    let data: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (carry) {
      data = Buffer.concat([carry, data]);
      carry = null;
    }
    const last = data.lastIndexOf(10);
    if (last < 0) {
      carry = Buffer.from(data);
      continue;
    }
    const complete = data.subarray(0, last);
    // Copy: the stream may reuse the chunk's memory.
    if (last + 1 < data.length) carry = Buffer.from(data.subarray(last + 1));
    yield splitComplete(complete);
  }
  if (carry) yield [...splitComplete(carry)];
}

/** Lines of a run of bytes that holds whole lines only (no trailing "\n"). */
function splitComplete(bytes: Buffer): (string | Buffer)[] {
  let text: string | null = null;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = null;
  }
  if (text !== null) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
    }
    return lines;
  }
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf(10, start); end >= 0; end = bytes.indexOf(10, start)) {
    lines.push(trimCr(bytes.subarray(start, end)));
    start = end + 1;
  }
  lines.push(trimCr(bytes.subarray(start)));
  return lines;
}

function trimCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, line.length - 1) : line;
}
