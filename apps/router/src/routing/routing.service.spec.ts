import { AuditDraft, AuditLogWriter, AuditRecord } from '@app/audit';
import { OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { KafkaBatch } from '@app/kafka';
import { ConfigService } from '@nestjs/config';
import type { KafkaMessage } from 'kafkajs';
import { RouterSettings } from '../config/router.settings';
import { TopicLimits } from '../kafka/topic-limits';
import { RouterMetrics } from '../metrics/router.metrics';
import { RoutingService } from './routing.service';

// The use-case alone: the audit writer is replaced by one that answers as the real one does
// in each situation (the real one is tested on MariaDB in audit-log-writer.int-spec.ts).
const settings: Record<string, string> = {
  TOPIC_ROUTED_PARTNER: 'out.partner',
  TOPIC_ROUTED_ISV: 'out.isv',
  TOPIC_ROUTED_MICROSOFT: 'out.microsoft',
  TOPIC_DLQ: 'out.dlq',
};
const config = { get: (key: string) => settings[key] } as unknown as ConfigService<
  RouterSettings,
  true
>;
const classifier = new TicketClassifier(OfferCatalog.fromValue([]));

class FakeWriter {
  answers: ((d: AuditDraft) => AuditRecord)[] = [];
  recorded: AuditDraft[][] = [];
  overwritten: AuditDraft[] = [];
  record(drafts: AuditDraft[]): Promise<AuditRecord[]> {
    this.recorded.push(drafts);
    const answer = this.answers.shift() ?? written;
    return Promise.resolve(drafts.map(answer));
  }
  overwrite(drafts: AuditDraft[]): Promise<void> {
    this.overwritten.push(...drafts);
    return Promise.resolve();
  }
}
const written = (d: AuditDraft): AuditRecord => ({
  kind: 'written',
  outcome: d.outcome,
  payloadJson: d.payloadJson,
});

const message = (offset: number, value: unknown): KafkaMessage => ({
  offset: String(offset),
  key: null,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  timestamp: '0',
  attributes: 0,
  headers: {},
});
const batch = (...messages: KafkaMessage[]): KafkaBatch => ({
  topic: 'in',
  partition: 0,
  messages,
  highWatermark: '100',
});

describe(RoutingService.name, () => {
  let writer: FakeWriter;
  let refreshes: number;
  let sut: RoutingService;

  beforeEach(() => {
    writer = new FakeWriter();
    refreshes = 0;
    const limits = { refresh: () => Promise.resolve(void refreshes++) } as unknown as TopicLimits;
    const metrics = { recordDecisions: () => undefined, recordLastResort: () => undefined };
    sut = new RoutingService(
      classifier,
      writer as unknown as AuditLogWriter,
      metrics as unknown as RouterMetrics,
      limits,
      config,
      { topicOf: (party: string) => settings[`TOPIC_ROUTED_${party.toUpperCase()}`] } as never,
    );
  });

  it('publishes each decision on its topic with its key and headers', async () => {
    const result = await sut.routeBatch(
      batch(message(1, aTicketCreated()), message(2, 'not json')),
    );
    const { messages } = result as { messages: { topic: string; key: string | null }[] };
    expect(messages.map((m) => [m.topic, m.key])).toEqual([
      ['out.partner', 'zendesk-emea:ZD-1'],
      ['out.dlq', null],
    ]);
  });

  it('republishes what an earlier attempt stored, topic and headers rebuilt from it', async () => {
    // Stored by an attempt that routed the ticket to the ISV before a catalog change.
    const earlier = JSON.parse(
      classifier.classify(JSON.stringify(aTicketCreated()), {
        topic: 'in',
        partition: 0,
        offset: '1',
      }).json,
    ) as { routing: Record<string, unknown> };
    earlier.routing = { ...earlier.routing, party: 'isv', target: { type: 'isv', id: 'contoso' } };
    const storedJson = JSON.stringify(earlier);
    writer.answers.push(() => ({ kind: 'replay', outcome: 'routed', payloadJson: storedJson }));
    const { messages } = (await sut.routeBatch(batch(message(1, aTicketCreated())), 2)) as {
      messages: { topic: string; value: string; headers: Record<string, string> }[];
    };
    expect(messages).toHaveLength(1);
    expect(messages[0].topic).toBe('out.isv');
    expect(messages[0].value).toBe(storedJson);
    expect(messages[0].headers).toMatchObject({
      party: 'isv',
      targetType: 'isv',
      targetId: 'contoso',
    });
    expect(refreshes).toBe(1); // a retried batch reads the topics' limits again
  });

  it('publishes nothing for a duplicate', async () => {
    writer.answers.push((d) => ({
      kind: 'duplicate',
      outcome: 'duplicate',
      payloadJson: d.payloadJson,
    }));
    const { messages } = (await sut.routeBatch(batch(message(1, aTicketCreated())))) as {
      messages: unknown[];
    };
    expect(messages).toEqual([]);
  });

  it('dead-letters a conflicting re-use of an eventId and audits it as rejected', async () => {
    writer.answers.push(() => ({ kind: 'conflict', outcome: null, originalId: '42' }));
    const { messages } = (await sut.routeBatch(batch(message(1, aTicketCreated())))) as {
      messages: { topic: string; value: string }[];
    };
    expect(messages.map((m) => m.topic)).toEqual(['out.dlq']);
    expect(JSON.parse(messages[0].value).errors).toEqual([
      { path: 'eventId', message: expect.stringContaining('audit row 42') as string },
    ]);
    expect(writer.recorded[1].map((d) => d.outcome)).toEqual(['rejected']);
  });

  it('on the last resort overwrites the audit row with a dead letter that says why', async () => {
    const poison = batch(message(7, aTicketCreated()));
    poison.lastResort = { reason: 'refused by the database', attempts: 7 };
    const { messages } = (await sut.routeBatch(poison)) as {
      messages: { topic: string; value: string }[];
    };
    expect(messages.map((m) => m.topic)).toEqual(['out.dlq']);
    expect(JSON.parse(messages[0].value).errors).toEqual([
      {
        path: '$',
        message: 'could not be routed or published after 7 attempts: refused by the database',
      },
    ]);
    expect(writer.overwritten.map((d) => [d.inputOffset, d.outcome])).toEqual([['7', 'rejected']]);
    expect(writer.recorded).toEqual([]);
  });
});
