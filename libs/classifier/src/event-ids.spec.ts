import { rejectedEventId, routedEventId, uuidV5 } from './event-ids';

describe(uuidV5.name, () => {
  it('computes the RFC 4122 version 5 UUID', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('gives different ids to routed and rejected events of the same name', () => {
    expect(routedEventId('s', 'x')).not.toBe(rejectedEventId('x'));
    expect(routedEventId('s', 'x')).toBe(routedEventId('s', 'x'));
  });

  it('scopes a routed id to the helpdesk that sent the event', () => {
    expect(routedEventId('zendesk-emea', 'PUB-1')).not.toBe(
      routedEventId('servicenow-na', 'PUB-1'),
    );
    // No separator trick makes two different (source, eventId) pairs meet.
    expect(routedEventId('a:b', 'c')).not.toBe(routedEventId('a', 'b:c'));
  });
});
