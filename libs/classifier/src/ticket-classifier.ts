import {
  FieldError,
  isPlainRecord,
  readPath,
  ROOT_PATH,
  ROUTED_TOPIC_BY_PARTY,
  TICKET_REJECTED_TYPE,
  TICKET_ROUTED_TYPE,
  TicketCreatedV1,
  TicketRejectedV1,
  TicketRoutedV1,
  TopicKey,
  validateTicketCreatedV1,
} from '@app/contracts';
import { decide, SupportCatalog } from '@app/support-model';
import { rejectedEventId, routedEventId } from './event-ids';
import { rejectedHeaders, routedHeaders } from './publication';
import {
  DEFAULT_LIMITS,
  fitDeadLetter,
  MAX_DEAD_LETTER_BYTES,
  MessageLimits,
  recordBytes,
} from './message-size';

/** Where an input came from: a Kafka record, or a line of a file (1-based). */
export type Origin =
  { topic: string; partition: number; offset: string } | { file: string; line: number };

export type Classification =
  | {
      outcome: 'routed';
      /** The routed topic of the decision's party (TOPICS key). */
      topic: TopicKey;
      event: TicketRoutedV1;
      /** The validated input, unknown fields dropped. */
      input: TicketCreatedV1;
      key: string;
      headers: Record<string, string>;
      /** The event as published: serialised once, here, where its size is checked. */
      json: string;
    }
  | {
      outcome: 'rejected';
      topic: 'dlq';
      record: TicketRejectedV1;
      /** The record as published: cut to fit the dead-letter topic (see fitDeadLetter). */
      json: string;
      /** The input's own eventId when it had a string one (for idempotency and audit), else null. */
      eventId: string | null;
      key: string | null;
      headers: Record<string, string>;
    };

/** A catalog the classifier can name in its decisions (OfferCatalog is one). */
export type VersionedCatalog = SupportCatalog & { readonly version?: string };

export interface TicketClassifierOptions {
  now?: () => Date;
  /** The output topics' max.message.bytes (default: Kafka's default for every topic). */
  limits?: MessageLimits;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Raw bytes in (a Kafka message value or a line of the offline CLI), exactly one
 * classification out: parse, validate, decide, build the outgoing event. It never throws: an
 * input it cannot route, for any reason, becomes a ticket.rejected record with every reason.
 */
export class TicketClassifier {
  private readonly now: () => Date;
  private readonly limits: MessageLimits;

  constructor(
    private catalog: VersionedCatalog,
    options: TicketClassifierOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.limits = options.limits ?? DEFAULT_LIMITS;
  }

  classify(raw: string | Buffer | Uint8Array, origin: Origin): Classification {
    let text = '';
    let rawBase64: string | undefined;
    try {
      ({ text, rawBase64 } = decode(raw));
      if (rawBase64 !== undefined) {
        return this.reject(
          text,
          origin,
          null,
          [{ path: ROOT_PATH, message: 'is not valid UTF-8 text' }],
          rawBase64,
        );
      }
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (body.length === 0 || (isSpace(body.charCodeAt(0)) && body.trim() === '')) {
        return this.reject(text, origin, null, [
          { path: ROOT_PATH, message: 'is empty: expected a ticket.created JSON object' },
        ]);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (error) {
        return this.reject(text, origin, null, [
          { path: ROOT_PATH, message: `is not valid JSON (${(error as Error).message})` },
        ]);
      }
      const result = validateTicketCreatedV1(parsed);
      if (!result.ok) return this.reject(text, origin, parsed, result.errors);
      return this.route(result.value, text, origin, parsed);
    } catch (error) {
      // A bug must not lose the input: it goes to the dead-letter topic with the reason.
      return this.reject(
        text,
        origin,
        null,
        [
          {
            path: ROOT_PATH,
            message: `could not be classified: ${String((error as Error)?.message ?? error)}`,
          },
        ],
        rawBase64,
      );
    }
  }

  /** The catalog decisions use from now on (the router's live catalog updates). */
  useCatalog(catalog: VersionedCatalog): void {
    this.catalog = catalog;
  }

  get catalogVersion(): string | undefined {
    return this.catalog.version;
  }

  /**
   * A dead-letter record for an input that cannot go where classify() sent it: its eventId
   * conflicts with an earlier event, or it could not be published at all (the router's last
   * resort). Only the reasons given, and the input's own ids where it has them.
   */
  deadLetter(
    raw: string | Buffer | Uint8Array,
    origin: Origin,
    errors: FieldError[],
  ): Classification {
    const { text, rawBase64 } = decode(raw);
    let parsed: unknown = null;
    if (rawBase64 === undefined) {
      try {
        parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        // Its reasons are the ones given; ids are only read when there are some.
      }
    }
    return this.reject(text, origin, parsed, errors, rawBase64);
  }

  private route(
    input: TicketCreatedV1,
    text: string,
    origin: Origin,
    parsed: unknown,
  ): Classification {
    const { catalog } = this;
    const decided = decide(input, catalog);
    const decision =
      catalog.version === undefined ? decided : { ...decided, catalogVersion: catalog.version };
    const event: TicketRoutedV1 = {
      eventId: routedEventId(input.source, input.eventId),
      type: TICKET_ROUTED_TYPE,
      version: 1,
      sourceEventId: input.eventId,
      routedAt: this.now().toISOString(),
      source: input.source,
      occurredAt: input.occurredAt,
      ticket: input.ticket,
      requester: input.requester,
      product: input.product,
      ...(input.channel ? { channel: input.channel } : {}),
      routing: decision,
    };
    const topic = ROUTED_TOPIC_BY_PARTY[decision.party];
    const key = `${input.source}:${input.ticket.id}`;
    const headers = routedHeaders(event);
    const json = JSON.stringify(event);
    const maxBytes = this.limits.maxBytes(topic);
    // A UTF-16 unit is at most 3 bytes of UTF-8, and the six headers hold bounded ids (at most
    // 128 characters each): that bound settles almost every event without measuring it (the
    // hot path); only a large one is measured exactly.
    const size =
      3 * (json.length + key.length) + 4096 <= maxBytes ? 0 : recordBytes(json, key, headers);
    if (size > maxBytes) {
      return this.reject(text, origin, parsed, [
        {
          path: ROOT_PATH,
          message: `makes a routed event of ${size} bytes, more than the ${maxBytes} bytes (max.message.bytes) its topic takes`,
        },
      ]);
    }
    return { outcome: 'routed', topic, event, input, key, headers, json };
  }

  private reject(
    raw: string,
    origin: Origin,
    parsed: unknown,
    errors: FieldError[],
    rawBase64?: string,
  ): Classification {
    // Ids of an invalid input can hold anything, unpaired surrogates too: made well-formed
    // here (U+FFFD) for headers, the key and the audit row; `raw` keeps the input as sent.
    const sourceEventId = stringAt(parsed, 'eventId');
    const source = stringAt(parsed, 'source');
    const ticketId = stringAt(parsed, 'ticket.id');
    raw = raw.toWellFormed();
    let rejectedAt: string;
    try {
      rejectedAt = this.now().toISOString();
    } catch {
      rejectedAt = new Date().toISOString();
    }
    const record: TicketRejectedV1 = {
      eventId: rejectedEventId(originKey(origin)),
      type: TICKET_REJECTED_TYPE,
      version: 1,
      rejectedAt,
      ...(sourceEventId !== null ? { sourceEventId } : {}),
      origin: { ...origin },
      raw,
      ...(rawBase64 !== undefined ? { rawBase64 } : {}),
      errors,
    };
    const headers = rejectedHeaders(record);
    const key = source !== null && ticketId !== null ? `${source}:${ticketId}` : null;
    const room =
      Math.min(this.limits.maxBytes('dlq'), MAX_DEAD_LETTER_BYTES) - recordBytes('', key, headers);
    return {
      outcome: 'rejected',
      topic: 'dlq',
      record,
      eventId: sourceEventId,
      key,
      headers,
      json: fitDeadLetter(record, room),
    };
  }
}

/** Text of the input, and its exact bytes in base64 when they are not valid UTF-8. */
function decode(raw: string | Buffer | Uint8Array): { text: string; rawBase64?: string } {
  if (typeof raw === 'string') return { text: raw };
  try {
    return { text: UTF8.decode(raw) };
  } catch {
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    return { text: bytes.toString('utf8'), rawBase64: bytes.toString('base64') };
  }
}

/** JSON's own whitespace, and the others trim() removes: only then is trimming worth it. */
function isSpace(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x3000);
}

function stringAt(parsed: unknown, path: string): string | null {
  if (!isPlainRecord(parsed)) return null;
  const value = readPath(parsed, path);
  return typeof value === 'string' && value.length > 0 ? value.toWellFormed() : null;
}

export function originKey(origin: Origin): string {
  return 'topic' in origin
    ? `kafka:${origin.topic}:${origin.partition}:${origin.offset}`
    : `file:${origin.file}:${origin.line}`;
}
