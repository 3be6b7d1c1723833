import {
  BoundedString,
  Exactly,
  IsBoolean,
  Integer,
  IsoDateTime,
  Nested,
  NestedArray,
  Optional,
  Required,
} from '../validation/contract-decorators';

/** `ticket.rejected` v1: an input that is not a valid event, on the dead-letter topic. */
export const TICKET_REJECTED_TYPE = 'ticket.rejected';

export class FieldErrorV1 {
  /** Dotted field path (`ticket.subject`), or `$` for the input as a whole. */
  @Required()
  @BoundedString(1)
  path!: string;

  @Required()
  @BoundedString(1)
  message!: string;
}

/** Where the input came from: a Kafka record (topic, partition, offset) or a file line. */
export class RejectionOriginV1 {
  @Optional()
  @BoundedString(1)
  topic?: string;

  @Optional()
  @Integer()
  partition?: number;

  /** Kafka offsets are 64-bit: kept as the decimal string kafkajs gives. */
  @Optional()
  @BoundedString(1)
  offset?: string;

  @Optional()
  @BoundedString(1)
  file?: string;

  /** 1-based. */
  @Optional()
  @Integer()
  line?: number;
}

export class TicketRejectedV1 {
  @Required()
  @BoundedString(1)
  eventId!: string;

  @Required()
  @Exactly(TICKET_REJECTED_TYPE)
  type!: typeof TICKET_REJECTED_TYPE;

  @Required()
  @Exactly(1)
  version!: 1;

  @Required()
  @IsoDateTime()
  rejectedAt!: string;

  /** The input's eventId when it had a string one, for correlation. */
  @Optional()
  @BoundedString(1)
  sourceEventId?: string;

  @Required()
  @Nested(() => RejectionOriginV1)
  origin!: RejectionOriginV1;

  /** The input as received, as text (UTF-8 decoded; invalid bytes become U+FFFD). */
  @Required()
  @BoundedString(0)
  raw!: string;

  /** The exact bytes, base64, when they were not valid UTF-8. */
  @Optional()
  @BoundedString(0)
  rawBase64?: string;

  /**
   * True when `raw` (and `rawBase64`) hold only the start of the input, cut so that the record
   * fits the dead-letter topic's max.message.bytes; the input topic keeps the whole message.
   */
  @Optional()
  @IsBoolean()
  rawTruncated?: boolean;

  /** Size of the whole input in bytes, when `rawTruncated`. */
  @Optional()
  @Integer()
  rawBytes?: number;

  @Required()
  @NestedArray(() => FieldErrorV1)
  errors!: FieldErrorV1[];
}
