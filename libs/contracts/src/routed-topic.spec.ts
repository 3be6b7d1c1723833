import { MAX_TOPIC_NAME_LENGTH, routedTopic, targetTopic } from './routed-topic';

describe('routed topic', () => {
  const shared = 'support.tickets.routed.isv';
  const own = new Map([['isv', new Set(['contoso', 'fabrikam'])]]);

  it('is the shared topic when no party publishes per target', () => {
    expect(routedTopic(shared, 'isv', 'contoso', new Map())).toBe(shared);
  });

  it("is an ISV's own topic when it has one", () => {
    expect(routedTopic(shared, 'isv', 'contoso', own)).toBe('support.tickets.routed.isv.contoso');
  });

  it('is the shared topic for a target without its own (not in the catalog)', () => {
    expect(routedTopic(shared, 'isv', 'unlisted', own)).toBe(shared);
    expect(routedTopic(shared, 'isv', '', own)).toBe(shared);
  });

  it('is the shared topic of any other party', () => {
    expect(routedTopic('support.tickets.routed.partner', 'partner', 'contoso', own)).toBe(
      'support.tickets.routed.partner',
    );
  });

  it.each(['contoso', 'north-wind_2', 'A1'])('makes a topic for id %j', (id) => {
    expect(targetTopic(shared, id)).toEqual({ topic: `${shared}.${id}` });
  });

  it.each(['', 'a.b', 'a b', 'ä', 'x/y', '../dlq', 'a*', 'contoso\n'])(
    'refuses id %j with a reason',
    (id) => {
      expect(targetTopic(shared, id)).toEqual({ problem: expect.stringContaining('characters') });
    },
  );

  it("refuses an id that would make a topic name longer than Kafka's limit", () => {
    const fits = 'x'.repeat(MAX_TOPIC_NAME_LENGTH - shared.length - 1);
    expect(targetTopic(shared, fits)).toEqual({ topic: `${shared}.${fits}` });
    expect(targetTopic(shared, `${fits}x`)).toEqual({ problem: expect.stringContaining('249') });
  });
});
