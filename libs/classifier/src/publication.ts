import { TicketRejectedV1, TicketRoutedV1 } from '@app/contracts';
import type { Classification } from './ticket-classifier';

/** One Kafka message to publish: the same shape as libs/kafka's OutgoingMessage. */
export interface Publication {
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** The topic names in force (settings): a routed event's, by party and target; dead letters'. */
export interface OutputTopics {
  routed(party: TicketRoutedV1['routing']['party'], targetId: string): string;
  dlq: string;
}

/** Headers of a routed event: integrations filter on them without parsing the value. */
export function routedHeaders(
  event: Pick<TicketRoutedV1, 'eventId' | 'sourceEventId' | 'routing'>,
): Record<string, string> {
  return {
    eventId: event.eventId,
    sourceEventId: event.sourceEventId ?? '',
    party: event.routing.party,
    targetType: event.routing.target.type,
    targetId: event.routing.target.id,
    ruleId: event.routing.ruleId,
  };
}

/** Headers of a dead-letter record. */
export function rejectedHeaders(
  record: Pick<TicketRejectedV1, 'eventId' | 'sourceEventId'>,
): Record<string, string> {
  const headers: Record<string, string> = { eventId: record.eventId };
  if (record.sourceEventId) headers.sourceEventId = record.sourceEventId;
  return headers;
}

/** What to publish for a decision made now: its topic, key, bytes and headers. */
export function publicationOf(classification: Classification, topics: OutputTopics): Publication {
  return {
    topic:
      classification.outcome === 'routed'
        ? topics.routed(classification.event.routing.party, classification.event.routing.target.id)
        : topics.dlq,
    key: classification.key,
    value: classification.json,
    headers: classification.headers,
  };
}

/**
 * What to publish for a decision stored by an earlier attempt (a replay after a crash): the
 * stored payload byte for byte, even if the rules changed in between; topic and headers are
 * rebuilt from it exactly as publicationOf() builds them.
 */
export function publicationOfStored(
  payloadJson: string,
  key: string | null,
  topics: OutputTopics,
): Publication {
  const stored = JSON.parse(payloadJson) as TicketRoutedV1 | TicketRejectedV1;
  if (stored.type === 'ticket.routed') {
    return {
      topic: topics.routed(stored.routing.party, stored.routing.target.id),
      key,
      value: payloadJson,
      headers: routedHeaders(stored),
    };
  }
  return { topic: topics.dlq, key, value: payloadJson, headers: rejectedHeaders(stored) };
}
