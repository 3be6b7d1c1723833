import { TicketRejectedV1, TopicKey } from '@app/contracts';

/**
 * How large a message each output topic takes. The router reads the topics' real
 * max.message.bytes from the broker; the offline CLI uses the broker default.
 */
export interface MessageLimits {
  maxBytes(topic: TopicKey): number;
}

/** Kafka's default max.message.bytes (message.max.bytes of the broker). */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * A dead-letter record is also an audit row: it stays under this even where the topic takes
 * more, so one row never nears MySQL's max_allowed_packet (the input topic keeps the input).
 */
export const MAX_DEAD_LETTER_BYTES = 1024 * 1024;

export const DEFAULT_LIMITS: MessageLimits = { maxBytes: () => KAFKA_DEFAULT_MAX_MESSAGE_BYTES };

/**
 * Room for what the broker counts beside key, value and headers: the record batch header
 * (61 bytes), the record's own framing, and header names. Generous on purpose.
 */
const ENVELOPE_BYTES = 1024;

/** Bytes the broker will count for a record with this value, key and headers. */
export function recordBytes(
  json: string,
  key: string | null,
  headers: Record<string, string>,
): number {
  let size = ENVELOPE_BYTES + Buffer.byteLength(json);
  if (key !== null) size += Buffer.byteLength(key);
  for (const name in headers) size += name.length + Buffer.byteLength(headers[name]);
  return size;
}

/**
 * The record, serialised, at most `maxBytes` long: when the whole input does not fit, `raw`
 * and `rawBase64` keep their start (`rawTruncated`, `rawBytes`), and if even the reasons
 * outgrow the room, only the first reasons stay, each cut short. Never throws.
 */
export function fitDeadLetter(record: TicketRejectedV1, maxBytes: number): string {
  const whole = JSON.stringify(record);
  if (Buffer.byteLength(whole) <= maxBytes) return whole;

  const rawBytes =
    record.rawBase64 !== undefined
      ? Buffer.byteLength(record.rawBase64, 'base64')
      : Buffer.byteLength(record.raw);
  let shell: TicketRejectedV1 = {
    ...record,
    raw: '',
    ...(record.rawBase64 !== undefined ? { rawBase64: '' } : {}),
    rawTruncated: true,
    rawBytes,
  };
  let room = maxBytes - Buffer.byteLength(JSON.stringify(shell));
  if (room < 0) {
    shell = { ...shell, errors: shell.errors.slice(0, 3).map(shortError) };
    room = Math.max(0, maxBytes - Buffer.byteLength(JSON.stringify(shell)));
  }
  if (record.rawBase64 === undefined) {
    return JSON.stringify({ ...shell, raw: jsonPrefix(record.raw, room) });
  }
  // Not UTF-8: the exact bytes matter more than their lossy text.
  const base64Room = Math.floor((room * 3) / 4 / 4) * 4;
  return JSON.stringify({
    ...shell,
    raw: jsonPrefix(record.raw, room - base64Room),
    rawBase64: record.rawBase64.slice(0, base64Room),
  });
}

function shortError(error: { path: string; message: string }) {
  return { path: error.path.slice(0, 200), message: error.message.slice(0, 200) };
}

/**
 * The longest start of `text` whose JSON string form (escapes included) takes at most
 * `maxBytes` bytes of UTF-8; a surrogate pair is never split.
 */
export function jsonPrefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let width = 1;
    let cost: number;
    if (code === 0x22 || code === 0x5c) cost = 2;
    else if (code < 0x20)
      cost =
        code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6;
    else if (code < 0x80) cost = 1;
    else if (code < 0x800) cost = 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      cost = 4;
      width = 2;
    } else if (code >= 0xd800 && code <= 0xdfff) cost = 6;
    else cost = 3;
    if (bytes + cost > maxBytes) break;
    bytes += cost;
    i += width;
  }
  return text.slice(0, i);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
