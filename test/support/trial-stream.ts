import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ReadMessage, readTopics, sleep } from './topic-reader';

const CATEGORIES = ['billing', 'break-fix', 'technical', 'transaction', 'other', undefined];

export interface TrialInput {
  marker: string;
  key: string;
  value: string;
  valid: boolean;
}

/**
 * Input of a fault trial: `count` messages, each carrying a unique marker `<prefix>-trial-<n>`
 * (its eventId, or inside the text of the ones that are not JSON). One in 20 is not a valid
 * event, so dead-lettering goes through the same faults. Keys spread over 97 tickets.
 */
export function trialInputs(prefix: string, count: number): TrialInput[] {
  return Array.from({ length: count }, (_, n) => {
    const marker = `${prefix}-trial-${n}`;
    const ticketId = `T-${n % 97}`;
    const key = `zendesk-emea:${ticketId}`;
    if (n % 40 === 7) return { marker, key, value: `not json at all: ${marker}`, valid: false };
    const invalid = n % 40 === 3;
    const category = invalid ? 'refund' : CATEGORIES[n % CATEGORIES.length];
    const value = JSON.stringify(
      aTicketCreated({
        eventId: marker,
        ticket: {
          id: ticketId,
          subject: 'The app crashes with an error when I export',
          ...(category ? { category } : {}),
        },
      }),
    );
    return { marker, key, value, valid: !invalid };
  });
}

export const markerOf = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : /[A-Za-z0-9]+-trial-\d+/.exec(text)?.[0];

/**
 * Produces in chunks, retrying a chunk that failed (the broker may be restarting). A retried
 * chunk may be written twice: the checks count input messages as the topic holds them.
 */
export async function produceSlowly(
  kafka: Kafka,
  topic: string,
  inputs: TrialInput[],
  { chunk = 200, pauseMs = 50 } = {},
): Promise<void> {
  const producer = kafka.producer({ retry: { retries: 3 } });
  await producer.connect();
  try {
    for (let i = 0; i < inputs.length; i += chunk) {
      const messages = inputs.slice(i, i + chunk).map(({ key, value }) => ({ key, value }));
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.send({ topic, messages });
          break;
        } catch (error) {
          if (attempt > 120) throw error;
          await sleep(500);
        }
      }
      await sleep(pauseMs);
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

export interface TrialCounts {
  inputMessages: number;
  routed: number;
  deadLettered: number;
  auditRows: number;
  auditDuplicates: number;
  /** Markers whose outputs do not match their input messages (see checkTrial). */
  wrong: string[];
  /** For each wrong marker, where its outputs are (evidence printed when a trial fails). */
  wrongOutputs: string[];
  /** Audit rows sharing an input message (must be none). */
  sharedAuditRows: number;
  /** Published messages whose topic or headers disagree with their audit row (must be none). */
  mismatched: string[];
}

/**
 * Reads the input, every output topic (read_committed) and the audit table, and checks the
 * guarantee message by message: a valid event is published once however many times it was
 * sent (re-sends are audited as duplicates); an invalid input is dead-lettered once per
 * message; every input message has exactly one audit row.
 */
export async function checkTrial(
  kafka: Kafka,
  /** `routed`: the partner, isv and microsoft topics, in that order. */
  topics: { input: string; routed: string[]; dlq: string },
  inputs: TrialInput[],
  dataSource: DataSource,
): Promise<TrialCounts> {
  const count = (list: ReadMessage[], markerOfMessage: (m: ReadMessage) => string | undefined) => {
    const counts = new Map<string, number>();
    for (const m of list) {
      const marker = markerOfMessage(m);
      if (marker) counts.set(marker, (counts.get(marker) ?? 0) + 1);
    }
    return counts;
  };

  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topics.input);
  await admin.disconnect();
  const inputMessages = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const input = await readTopics(kafka, [topics.input], (m) => m.length >= inputMessages, {
    quietMs: 500,
  });
  const sent = count(input, (m) => markerOf(m.value));

  const valid = new Set(inputs.filter((i) => i.valid).map((i) => i.marker));
  const expectedOutputs = [...sent].reduce(
    (sum, [marker, n]) => sum + (valid.has(marker) ? 1 : n),
    0,
  );
  const published = await readTopics(
    kafka,
    [...topics.routed, topics.dlq],
    (m) => m.length >= expectedOutputs,
    { timeoutMs: 180_000, quietMs: 3_000 },
  );
  const out = count(published, (m) => markerOf(m.headers.sourceEventId ?? m.value));

  const rows = await dataSource.query<AuditRowSummary[]>(
    `SELECT outcome, event_id AS eventId, CONCAT(input_partition, ':', input_offset) AS coords,
            dedup_key AS dedupKey, party, target_type AS targetType, target_id AS targetId,
            rule_id AS ruleId, JSON_UNQUOTE(JSON_EXTRACT(payload, '$.eventId')) AS payloadEventId
       FROM audit_events WHERE input_topic = ?`,
    [topics.input],
  );

  const wrong = inputs
    .map((i) => i.marker)
    .filter((marker) => {
      const n = sent.get(marker) ?? 0;
      return (out.get(marker) ?? 0) !== (valid.has(marker) ? 1 : n);
    });
  const wrongOutputs = wrong.map((marker) => {
    const where = published
      .filter((m) => markerOf(m.headers.sourceEventId ?? m.value) === marker)
      .map((m) => {
        const origin =
          m.topic === topics.dlq
            ? ` origin ${JSON.stringify((JSON.parse(m.value) as { origin?: unknown }).origin)}`
            : '';
        return `${m.topic}:${m.partition}:${m.offset}${origin}`;
      });
    return `${marker} sent ${sent.get(marker) ?? 0}: ${where.join(', ') || 'no output'}`;
  });
  return {
    inputMessages,
    routed: published.filter((m) => m.topic !== topics.dlq).length,
    deadLettered: published.filter((m) => m.topic === topics.dlq).length,
    auditRows: rows.length,
    auditDuplicates: rows.filter((r) => r.outcome === 'duplicate').length,
    wrong,
    wrongOutputs,
    sharedAuditRows: rows.length - new Set(rows.map((r) => r.coords)).size,
    mismatched: mismatches(published, rows, topics),
  };
}

interface AuditRowSummary {
  outcome: string;
  eventId: string | null;
  coords: string;
  dedupKey: string | null;
  party: string | null;
  targetType: string | null;
  targetId: string | null;
  ruleId: string | null;
  payloadEventId: string;
}

/**
 * Each published message against the audit row it came from (a routed event by its dedup key,
 * a dead letter by its origin): same event id, topic of the row's party, headers of the row.
 * A replay after a crash must rebuild exactly these from the stored row.
 */
function mismatches(
  published: ReadMessage[],
  rows: AuditRowSummary[],
  topics: { routed: string[]; dlq: string },
): string[] {
  const [partner, isv, microsoft] = topics.routed;
  const topicOfParty: Record<string, string> = { partner, isv, microsoft };
  const byDedupKey = new Map(rows.filter((r) => r.dedupKey).map((r) => [r.dedupKey!, r]));
  const byCoords = new Map(rows.map((r) => [r.coords, r]));
  const problems: string[] = [];
  for (const m of published) {
    const where = `${m.topic}:${m.partition}:${m.offset}`;
    if (m.topic === topics.dlq) {
      const record = JSON.parse(m.value) as {
        eventId: string;
        origin: { partition: number; offset: string };
      };
      const row = byCoords.get(`${record.origin.partition}:${record.origin.offset}`);
      if (!row) problems.push(`${where}: no audit row for its origin`);
      else if (
        row.outcome !== 'rejected' ||
        row.payloadEventId !== record.eventId ||
        m.headers.eventId !== record.eventId
      )
        problems.push(`${where}: dead letter differs from its audit row`);
      continue;
    }
    const row = byDedupKey.get(m.headers.eventId);
    if (!row) {
      problems.push(`${where}: no routed audit row for eventId ${m.headers.eventId}`);
      continue;
    }
    const expected = {
      topic: topicOfParty[row.party ?? ''],
      eventId: row.payloadEventId,
      sourceEventId: row.eventId,
      party: row.party,
      targetType: row.targetType,
      targetId: row.targetId,
      ruleId: row.ruleId,
    };
    const actual = {
      topic: m.topic,
      eventId: m.headers.eventId,
      sourceEventId: m.headers.sourceEventId,
      party: m.headers.party,
      targetType: m.headers.targetType,
      targetId: m.headers.targetId,
      ruleId: m.headers.ruleId,
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(
        `${where}: ${JSON.stringify(actual)} differs from its audit row ${JSON.stringify(expected)}`,
      );
  }
  return problems;
}
