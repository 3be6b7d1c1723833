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
    }
  | {
      outcome: 'rejected';
      topic: 'dlq';
      record: TicketRejectedV1;
      /** The input's own eventId when it had a string one (for idempotency and audit), else null. */
      eventId: string | null;
      key: string | null;
      headers: Record<string, string>;
    };

export interface TicketClassifierOptions {
  now?: () => Date;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Raw bytes in (a Kafka message value or a line of the offline CLI), exactly one
 * classification out: parse, validate, decide, build the outgoing event. It never throws: an
 * input it cannot route, for any reason, becomes a ticket.rejected record with every reason.
 */
export class TicketClassifier {
  private readonly now: () => Date;

  constructor(
    private readonly catalog: SupportCatalog,
    options: TicketClassifierOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  classify(raw: string | Buffer | Uint8Array, origin: Origin): Classification {
    let text = '';
    let rawBase64: string | undefined;
    try {
      if (typeof raw === 'string') text = raw;
      else {
        try {
          text = UTF8.decode(raw);
        } catch {
          text = Buffer.from(raw).toString('utf8');
          rawBase64 = Buffer.from(raw).toString('base64');
          return this.reject(
            text,
            origin,
            null,
            [{ path: ROOT_PATH, message: 'is not valid UTF-8 text' }],
            rawBase64,
          );
        }
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
      return this.route(result.value);
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

  private route(input: TicketCreatedV1): Classification {
    const decision = decide(input, this.catalog);
    const event: TicketRoutedV1 = {
      eventId: routedEventId(input.eventId),
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
    return {
      outcome: 'routed',
      topic: ROUTED_TOPIC_BY_PARTY[decision.party],
      event,
      input,
      key: `${input.source}:${input.ticket.id}`,
      headers: {
        eventId: event.eventId,
        sourceEventId: input.eventId,
        party: decision.party,
        targetType: decision.target.type,
        targetId: decision.target.id,
        ruleId: decision.ruleId,
      },
    };
  }

  private reject(
    raw: string,
    origin: Origin,
    parsed: unknown,
    errors: FieldError[],
    rawBase64?: string,
  ): Classification {
    const sourceEventId = stringAt(parsed, 'eventId');
    const source = stringAt(parsed, 'source');
    const ticketId = stringAt(parsed, 'ticket.id');
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
    const headers: Record<string, string> = { eventId: record.eventId };
    if (sourceEventId !== null) headers.sourceEventId = sourceEventId;
    return {
      outcome: 'rejected',
      topic: 'dlq',
      record,
      eventId: sourceEventId,
      key: source !== null && ticketId !== null ? `${source}:${ticketId}` : null,
      headers,
    };
  }
}

/** JSON's own whitespace, and the others trim() removes: only then is trimming worth it. */
function isSpace(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x3000);
}

function stringAt(parsed: unknown, path: string): string | null {
  if (!isPlainRecord(parsed)) return null;
  const value = readPath(parsed, path);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function originKey(origin: Origin): string {
  return 'topic' in origin
    ? `kafka:${origin.topic}:${origin.partition}:${origin.offset}`
    : `file:${origin.file}:${origin.line}`;
}
