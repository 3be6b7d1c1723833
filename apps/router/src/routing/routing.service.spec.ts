import { AuditDraft, AuditLogWriter, AuditRecord } from '@app/audit';
import { OfferCatalog } from '@app/catalog';
import { TicketClassifier } from '@app/classifier';
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { BatchResult, KafkaBatch, OutgoingMessage } from '@app/kafka';
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

/** What the transport ends up publishing, and whether the early hand-over stood. */
async function settle(
  result: BatchResult,
): Promise<{ messages: OutgoingMessage[]; early?: OutgoingMessage[]; asEarly?: boolean }> {
  if (Array.isArray(result)) return { messages: result };
  if ('early' in result) {
    const { messages, asEarly } = await result.settled;
    return { messages, early: result.early, asEarly };
  }
  return { messages: result.messages };
}

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
    const { messages, early, asEarly } = await settle(result);
    expect(messages.map((m) => [m.topic, m.key])).toEqual([
      ['out.partner', 'zendesk-emea:ZD-1'],
      ['out.dlq', null],
    ]);
    // All rows new: what was handed over early is what is published.
    expect(asEarly).toBe(true);
    expect(early).toEqual(messages);
  });

  it('hands over the messages before the audit INSERT returns, then says they stand', async () => {
    let release: (records: AuditRecord[]) => void = () => undefined;
    writer.record = (drafts: AuditDraft[]) => {
      writer.recorded.push(drafts);
      return new Promise<AuditRecord[]>((resolve) => (release = resolve));
    };
    const result = await sut.routeBatch(batch(message(1, aTicketCreated())));
    if (Array.isArray(result) || !('early' in result)) throw new Error('expected an early result');
    expect(result.early.map((m) => m.topic)).toEqual(['out.partner']);
    let settled = false;
    void result.settled.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false); // the INSERT is still running
    release(writer.recorded[0].map(written));
    await expect(result.settled).resolves.toMatchObject({ asEarly: true });
  });

  it('passes an audit failure on through settled, never as an unhandled rejection', async () => {
    const failure = new Error('connection lost');
    writer.record = () => Promise.reject(failure);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const result = await sut.routeBatch(batch(message(1, aTicketCreated())));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      if (Array.isArray(result) || !('early' in result)) throw new Error('expected early');
      await expect(result.settled).rejects.toBe(failure);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
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
    const { messages, early, asEarly } = await settle(
      await sut.routeBatch(batch(message(1, aTicketCreated())), 2),
    );
    // The early hand-over (decided anew: the partner) must not stand.
    expect(asEarly).toBe(false);
    expect(early?.map((m) => m.topic)).toEqual(['out.partner']);
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
    const { messages, asEarly } = await settle(
      await sut.routeBatch(batch(message(1, aTicketCreated()))),
    );
    expect(messages).toEqual([]);
    expect(asEarly).toBe(false);
  });

  it('dead-letters a conflicting re-use of an eventId and audits it as rejected', async () => {
    writer.answers.push(() => ({ kind: 'conflict', outcome: null, originalId: '42' }));
    const { messages, asEarly } = await settle(
      await sut.routeBatch(batch(message(1, aTicketCreated()))),
    );
    expect(asEarly).toBe(false);
    expect(messages.map((m) => m.topic)).toEqual(['out.dlq']);
    expect(JSON.parse(messages[0].value as string).errors).toEqual([
      { path: 'eventId', message: expect.stringContaining('audit row 42') as string },
    ]);
    expect(writer.recorded[1].map((d) => d.outcome)).toEqual(['rejected']);
  });

  it('on the last resort overwrites the audit row with a dead letter that says why', async () => {
    const poison = batch(message(7, aTicketCreated()));
    poison.lastResort = { reason: 'refused by the database', attempts: 7 };
    const { messages, early } = await settle(await sut.routeBatch(poison));
    expect(early).toBeUndefined(); // nothing is handed over before the overwrite
    expect(messages.map((m) => m.topic)).toEqual(['out.dlq']);
    expect(JSON.parse(messages[0].value as string).errors).toEqual([
      {
        path: '$',
        message: 'could not be routed or published after 7 attempts: refused by the database',
      },
    ]);
    expect(writer.overwritten.map((d) => [d.inputOffset, d.outcome])).toEqual([['7', 'rejected']]);
    expect(writer.recorded).toEqual([]);
  });
});
