/**
 * Topic isolation on the bus (README "Topics", docs/deploying.md "Onboarding an ISV").
 *
 * By default every routed event goes to its party's shared topic (support.tickets.routed.isv,
 * …). With TOPIC_ROUTED_PER_TARGET=isv an ISV's events go to a topic of its own,
 * `<shared topic>.<publisherId>` (support.tickets.routed.isv.contoso), which an ACL can open to
 * that ISV alone. Only publishers listed in the catalog get one (the router creates those topics
 * at start); an id that cannot make a legal topic name, or a publisher the catalog does not
 * list, keeps the shared topic, which ISVs are never granted.
 */

/** Parties that may have a topic per target. Partners may not: see docs/deploying.md. */
export const PER_TARGET_PARTIES = ['isv'] as const;
export type PerTargetParty = (typeof PER_TARGET_PARTIES)[number];

/** Kafka's limit on a topic name. */
export const MAX_TOPIC_NAME_LENGTH = 249;

/**
 * Letters, digits, "-" and "_": never ".", which Kafka treats as colliding with "_" and which
 * would nest one target's prefix in another's, so one id cannot read as another.
 */
const TARGET_ID = /^[A-Za-z0-9_-]+$/;

/** A target's own topic, or why it cannot have one. */
export function targetTopic(
  sharedTopic: string,
  targetId: string,
): { topic: string } | { problem: string } {
  if (!TARGET_ID.test(targetId)) {
    return { problem: `id ${JSON.stringify(targetId)} has characters other than A-Z a-z 0-9 - _` };
  }
  const topic = `${sharedTopic}.${targetId}`;
  if (topic.length > MAX_TOPIC_NAME_LENGTH) {
    return { problem: `${topic.length} characters is over Kafka's ${MAX_TOPIC_NAME_LENGTH}` };
  }
  return { topic };
}

/**
 * The topic a routed event is published to: its target's own topic when the party publishes
 * per target and the target has one (`ownTopics`: party -> ids whose topic exists), else the
 * party's shared topic.
 */
export function routedTopic(
  sharedTopic: string,
  party: string,
  targetId: string,
  ownTopics: ReadonlyMap<string, ReadonlySet<string>>,
): string {
  return ownTopics.get(party)?.has(targetId) ? `${sharedTopic}.${targetId}` : sharedTopic;
}
