import { OfferCatalog } from '@app/catalog';
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { OutputTopics, publicationOf, publicationOfStored } from './publication';
import { TicketClassifier } from './ticket-classifier';

const topics: OutputTopics = {
  // A topic per ISV, as with TOPIC_ROUTED_PER_TARGET=isv: the replay must find it too.
  routed: (party, targetId) => (party === 'isv' ? `out.isv.${targetId}` : `out.${party}`),
  dlq: 'out.dlq',
};
const sut = new TicketClassifier(OfferCatalog.fromValue([]));
const KAFKA = { topic: 'in', partition: 1, offset: '5' };

describe(publicationOfStored.name, () => {
  it.each([
    ['a routed event', JSON.stringify(aTicketCreated())],
    ['a dead-letter record', '{"eventId":"e-9","source":"s","ticket":{"id":"T"},"type":"nope"}'],
    ['a dead-letter record without ids', 'not json'],
  ])('rebuilds the topic and headers of %s from its stored payload alone', (_name, input) => {
    const decided = sut.classify(input, KAFKA);
    const now = publicationOf(decided, topics);
    expect(publicationOfStored(decided.json, decided.key, topics)).toEqual(now);
  });

  it('publishes a stored routed event on its party topic even when this attempt decided otherwise', () => {
    const stored = sut.classify(JSON.stringify(aTicketCreated()), KAFKA);
    const replay = publicationOfStored(stored.json, 'zendesk-emea:ZD-1', topics);
    expect(replay.topic).toBe('out.partner');
    expect(replay.value).toBe(stored.json);
    expect(replay.headers).toMatchObject({ party: 'partner', targetId: 'p-1' });
  });
});
