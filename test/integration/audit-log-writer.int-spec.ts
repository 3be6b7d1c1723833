import { AuditDraft, AuditLogWriter } from '@app/audit';
import { routedEventId } from '@app/classifier';
import { DataSource } from 'typeorm';
import { createTestDatabase, openDataSource, TestDatabase } from '../support/services';

function draft(offset: number, overrides: Partial<AuditDraft> = {}): AuditDraft {
  const eventId = overrides.eventId === undefined ? `evt-${offset}` : overrides.eventId;
  const outcome = overrides.outcome ?? 'routed';
  return {
    eventId,
    // The router passes the routed event's id, derived from the source and the eventId.
    routedEventId:
      eventId === null || outcome !== 'routed' ? null : routedEventId('zendesk-emea', eventId),
    source: 'zendesk-emea',
    ticketId: `T-${offset}`,
    occurredAt: new Date('2026-11-23T10:15:00Z'),
    receivedAt: new Date(),
    decidedAt: new Date(),
    inputTopic: 'support.tickets.new',
    inputPartition: 0,
    inputOffset: String(offset),
    outcome: 'routed',
    party: 'isv',
    targetType: 'isv',
    targetId: 'contoso',
    category: 'break-fix',
    categorySource: 'explicit',
    requesterRole: 'customer',
    ruleId: 'isv-side.publisher-known',
    clauses: ['C2', 'C3'],
    ruleSetVersion: 'v-test',
    catalogVersion: 'c-test',
    needsReview: false,
    payloadJson: JSON.stringify({ type: 'ticket.routed', attempt: 1, eventId }),
    duplicatePayloadJson: () => JSON.stringify({ type: 'ticket.created', eventId }),
    // A re-send carries the same body unless a test says otherwise.
    sameInputAs: () => true,
    ...overrides,
  };
}

describe(AuditLogWriter.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: AuditLogWriter;

  beforeAll(async () => {
    db = await createTestDatabase('writer');
    dataSource = await openDataSource(db.url);
    sut = new AuditLogWriter(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const rows = (where = '1 = 1') =>
    dataSource.query(
      `SELECT input_partition AS p, input_offset AS o, event_id AS eventId, outcome,
              duplicate_of_id AS duplicateOf, payload
         FROM audit_events WHERE ${where} ORDER BY id`,
    );

  it('writes one row per message of a batch and returns what each should publish', async () => {
    const batch = [draft(1), draft(2), draft(3, { outcome: 'rejected', eventId: null })];
    const records = await sut.record(batch);
    expect(records.map((r) => r.outcome)).toEqual(['routed', 'routed', 'rejected']);
    expect(records.map((r) => r.payloadJson)).toEqual(batch.map((d) => d.payloadJson));
    expect(await rows('input_offset IN (1, 2, 3)')).toHaveLength(3);
  });

  it('on a replay of the same messages keeps the first rows and returns the stored payloads', async () => {
    const first = [draft(10), draft(11)];
    await sut.record(first);
    const replay = [
      draft(10, { payloadJson: JSON.stringify({ type: 'ticket.routed', attempt: 2 }) }),
      draft(11, { payloadJson: JSON.stringify({ type: 'ticket.routed', attempt: 2 }) }),
      draft(12),
    ];
    const records = await sut.record(replay);
    expect(records.map((r) => JSON.parse(String(r.payloadJson)).attempt)).toEqual([1, 1, 1]);
    expect(records.map((r) => r.kind)).toEqual(['replay', 'replay', 'written']);
    expect(await rows('input_offset IN (10, 11, 12)')).toHaveLength(3);
  });

  it('audits a re-sent eventId in a new message as a duplicate of the routed row', async () => {
    await sut.record([draft(20, { eventId: 'same-event' })]);
    const records = await sut.record([
      draft(21),
      draft(5, { eventId: 'same-event', inputPartition: 3 }),
    ]);
    expect(records.map((r) => r.outcome)).toEqual(['routed', 'duplicate']);
    const [original] = await rows('input_offset = 20 AND input_partition = 0');
    const [duplicate] = await rows('input_offset = 5 AND input_partition = 3');
    expect(duplicate.outcome).toBe('duplicate');
    expect(duplicate.eventId).toBe('same-event');
    expect(String(duplicate.duplicateOf)).toBe(
      String(
        (
          await dataSource.query(
            'SELECT id FROM audit_events WHERE input_partition = 0 AND input_offset = 20',
          )
        )[0].id,
      ),
    );
    expect(original.outcome).toBe('routed');
  });

  it("pads a batch to the prepared statement's row count without writing or counting the copies", async () => {
    // 5 rows go in a 6-row statement and 7 in an 8-row one, each padded with its last row.
    const five = [40, 41, 42, 43].map((o) => draft(o));
    five.push(draft(44, { eventId: 'evt-40' })); // a re-send of the first: a duplicate
    const records = await sut.record(five);
    expect(records.map((r) => r.outcome)).toEqual([
      'routed',
      'routed',
      'routed',
      'routed',
      'duplicate',
    ]);
    const seven = [50, 51, 52, 53, 54, 55, 56].map((o) => draft(o));
    const query = jest.spyOn(dataSource, 'query');
    expect((await sut.record(seven)).map((r) => r.kind)).toEqual(Array(7).fill('written'));
    // affectedRows said 7: the rows were not read back (the path for fewer rows than sent).
    expect(query).not.toHaveBeenCalled();
    query.mockRestore();
    const written = await rows('input_offset BETWEEN 40 AND 56');
    expect(written.map((r: { o: unknown }) => Number(r.o))).toEqual([
      40, 41, 42, 43, 44, 50, 51, 52, 53, 54, 55, 56,
    ]);
  });

  it('routes the first of two messages with one eventId in the same batch, and only that one', async () => {
    const records = await sut.record([
      draft(30, { eventId: 'twice-in-batch' }),
      draft(31, { eventId: 'twice-in-batch' }),
    ]);
    expect(records.map((r) => r.outcome)).toEqual(['routed', 'duplicate']);
    // The duplicate row is itself idempotent on replay.
    const again = await sut.record([
      draft(30, { eventId: 'twice-in-batch' }),
      draft(31, { eventId: 'twice-in-batch' }),
    ]);
    expect(again.map((r) => r.outcome)).toEqual(['routed', 'duplicate']);
    expect(await rows("event_id = 'twice-in-batch'")).toHaveLength(2);
  });

  it('reports the same eventId from the same source with another body as a conflict, writing nothing', async () => {
    await sut.record([draft(70, { eventId: 'reused-id' })]);
    const [original] = await dataSource.query(
      'SELECT id, payload FROM audit_events WHERE input_partition = 0 AND input_offset = 70',
    );
    const seen: unknown[] = [];
    const records = await sut.record([
      draft(71, {
        eventId: 'reused-id',
        sameInputAs: (stored) => {
          seen.push(stored);
          return false;
        },
      }),
    ]);
    expect(records).toEqual([{ kind: 'conflict', outcome: null, originalId: String(original.id) }]);
    // The writer compared against the original's stored routed event.
    expect(JSON.stringify(seen[0])).toContain('"attempt":1');
    expect(await rows('input_offset = 71')).toHaveLength(0);
  });

  it('overwrites the row of an input that could not be published, dropping its dedup key', async () => {
    await sut.record([draft(80, { eventId: 'never-published' })]);
    await sut.overwrite([
      draft(80, {
        eventId: 'never-published',
        outcome: 'rejected',
        routedEventId: null,
        payloadJson: JSON.stringify({ type: 'ticket.rejected', lastResort: true }),
      }),
    ]);
    const [row] = await rows('input_offset = 80');
    expect(row.outcome).toBe('rejected');
    expect(
      JSON.parse(typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload)),
    ).toEqual({
      type: 'ticket.rejected',
      lastResort: true,
    });
    // Its eventId is free again: a later valid re-send is routed, not a duplicate.
    const again = await sut.record([draft(81, { eventId: 'never-published' })]);
    expect(again.map((r) => r.outcome)).toEqual(['routed']);
  });

  it('lets an eventId that was rejected earlier be routed when it comes back valid', async () => {
    await sut.record([draft(40, { eventId: 'fixed-later', outcome: 'rejected' })]);
    const records = await sut.record([draft(41, { eventId: 'fixed-later' })]);
    expect(records.map((r) => r.outcome)).toEqual(['routed']);
  });

  it('tells eventIds that differ only by case or trailing space apart', async () => {
    const records = await sut.record([
      draft(50, { eventId: 'Case' }),
      draft(51, { eventId: 'case' }),
      draft(52, { eventId: 'case ' }),
    ]);
    expect(records.map((r) => r.outcome)).toEqual(['routed', 'routed', 'routed']);
  });

  it('stores payload text exactly, whatever quotes, backslashes or control characters it holds', async () => {
    const tricky = JSON.stringify({
      type: 'ticket.routed',
      subject: `it's "quoted" \\ back\\slash \\' \u0000 nul \u001a ctrl-z 한국어 <script>'; DROP TABLE audit_events; --`,
      raw: "\\'\\\\''",
    });
    await sut.record([draft(60, { payloadJson: tricky })]);
    const [row] = await dataSource.query(
      'SELECT payload FROM audit_events WHERE input_partition = 0 AND input_offset = 60',
    );
    const stored = typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload);
    expect(JSON.parse(stored)).toEqual(JSON.parse(tricky));
  });

  it('splits a batch larger than one statement may be and still writes every row', async () => {
    const big = 'x'.repeat(600_000);
    const batch = Array.from({ length: 12 }, (_, i) =>
      draft(100 + i, { payloadJson: JSON.stringify({ type: 'ticket.routed', big }) }),
    );
    const records = await sut.record(batch);
    expect(records).toHaveLength(12);
    expect(await rows('input_offset BETWEEN 100 AND 111')).toHaveLength(12);
  });
});
