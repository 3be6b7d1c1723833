import { TicketClassifier } from '@app/classifier';
import { auditDraft } from './audit-draft';

// No catalog is consulted for a rejected input.
const classifier = new TicketClassifier({
  findOffer: () => undefined,
  findPublisherName: () => undefined,
});
const KAFKA = { topic: 'in', partition: 0, offset: '1' };
const rejectedDraft = (occurredAt: string) =>
  auditDraft(
    classifier.classify(JSON.stringify({ occurredAt, source: 's', ticket: { id: 'T' } }), KAFKA),
    'in',
    0,
    '1',
    new Date(),
  );

describe(auditDraft.name, () => {
  it.each(['2026-02-30T10:00:00Z', '2026-11-23T24:00:00Z', '2026-11-23T10:00:00+99:99'])(
    'stores no occurred_at for a rejected input whose %s is not a real date-time',
    (occurredAt) => {
      const draft = rejectedDraft(occurredAt);
      expect(draft.outcome).toBe('rejected');
      expect(draft.occurredAt).toBeNull();
    },
  );

  it('keeps a real occurredAt of a rejected input for the analysts’ filters', () => {
    expect(rejectedDraft('2026-02-28T10:00:00Z').occurredAt?.toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });
});
