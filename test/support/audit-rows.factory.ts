// Audit rows as the router writes them, for the audit API's tests and its benchmark: each
// row is a ticket.created input (or raw bytes) decided by the real classifier
// (TicketClassifier), made a draft by auditDraft and written by the real AuditLogWriter, so
// rows carry real rule ids, clauses, rationales and the current rule-set version. Values no
// current router writes (an older rule set's, hostile text) are asked for by name (`stored`).
import { AuditDraft, auditDraft, AuditLogWriter, AuditRecord } from '@app/audit';
import { Classification, TicketClassifier } from '@app/classifier';
import { FieldError } from '@app/contracts';
import { CATEGORIES, Category, categoryGroupOf } from '@app/support-model';
import { INFERENCE_EXAMPLES } from '@app/support-model/category-inference.examples';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export { RULE_SET_VERSION } from '@app/support-model';

export type Party = 'partner' | 'isv' | 'microsoft';
export type TargetType =
  'partner' | 'indirect-reseller' | 'indirect-provider' | 'isv' | 'microsoft';
export type CategorySource = 'explicit' | 'inferred' | 'default';

/** One input message, decided: what the router hands its audit writer. */
export type AuditMessage = AuditDraft;

export const INPUT_TOPIC = 'support.tickets.new';
/** The offer catalog's version in routed rows (OfferCatalog.version is 16 hex digits). */
export const CATALOG_VERSION = '0a1b2c3d4e5f6789';

let clock = new Date();
/**
 * The router's classifier, deciding at the factory's clock. Its catalog lists no offer, so an
 * ISV target is the publisher the event names (support-model.md), which lets a test pick any;
 * it knows every publisher's name (`<id> Ltd`).
 */
const classifier = new TicketClassifier(
  {
    findOffer: () => undefined,
    findPublisherName: (publisherId) => `${publisherId} Ltd`,
    version: CATALOG_VERSION,
  },
  { now: () => clock },
);

let offsetCounter = 0;
/** Kafka offsets are unique per (topic, partition): a process-wide counter keeps them so. */
function nextOffset(): string {
  offsetCounter += 1;
  return String(Date.now() * 1000 + offsetCounter);
}

/** Classifies one message as the router does, at `decidedAt`, read `receivedAgoMs` before. */
function decideMessage(
  decidedAt: Date,
  receivedAgoMs: number,
  partition: number,
  classify: (origin: { topic: string; partition: number; offset: string }) => Classification,
): AuditDraft {
  const offset = nextOffset();
  clock = decidedAt;
  const classification = classify({ topic: INPUT_TOPIC, partition, offset });
  return auditDraft(
    classification,
    INPUT_TOPIC,
    partition,
    offset,
    new Date(decidedAt.getTime() - receivedAgoMs),
  );
}

export interface TicketInput {
  eventId: string;
  type: 'ticket.created';
  version: 1;
  occurredAt: string;
  source: string;
  ticket: { id: string; subject: string; description?: string; category?: string };
  requester: { role: string; tenantId?: string; email?: string };
  product: { type: 'third-party' | 'microsoft'; offerId?: string; publisherId?: string };
  channel?: {
    model: 'direct' | 'indirect';
    partnerId?: string;
    resellerId?: string;
    providerId?: string;
  };
}

/**
 * Values a row holds that the current classifier does not decide: an older rule set's
 * (its rule id or version), or hostile text an analyst must still find. Set on the row and in
 * its routed event's `routing`, as the router that wrote them would have.
 */
export interface StoredValues {
  ruleId?: string;
  ruleSetVersion?: string;
  rationale?: string;
}

export interface RoutedOptions {
  eventId?: string;
  source?: string;
  ticketId?: string;
  decidedAt?: Date;
  /** Who the decision should go to; the input is made so that the real rules pick it. */
  targetType?: TargetType;
  targetId?: string;
  category?: string;
  categorySource?: CategorySource;
  requesterRole?: string;
  email?: string | null;
  tenantId?: string | null;
  subject?: string;
  inputPartition?: number;
  /** What the decision must come out as: checked, so a fixture never silently drifts. */
  expect?: { party?: Party; ruleId?: string; clauses?: string[]; needsReview?: boolean };
  stored?: StoredValues;
}

/** Text that infers nothing: the classifier falls back to the `other` category. */
const UNINFERABLE = { subject: 'Hello', description: 'Please call us back.' };

/** Texts the classifier infers `category` from (support-model's inference examples). */
function inferableTexts(category: string): { subject: string; description?: string }[] {
  return INFERENCE_EXAMPLES.filter(([c]) => c === category).map(([, subject, description]) =>
    description === undefined ? { subject } : { subject, description },
  );
}

/** A ticket.created input as a helpdesk sends it (contract "Event in"). */
export function ticketInput(
  o: RoutedOptions = {},
  text: { subject: string; description?: string } = {
    subject: o.subject ?? 'Charged twice for the same subscription',
    description: 'We were billed twice this month for the same seats. Please refund one charge.',
  },
): TicketInput {
  const eventId = o.eventId ?? randomUUID();
  const decidedAt = o.decidedAt ?? new Date();
  const role = requesterRoleOf(o);
  const requester: TicketInput['requester'] = { role };
  // Made from the eventId, which may be any text: only its letters and digits.
  const tag = eventId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'x';
  if (o.tenantId !== null) requester.tenantId = o.tenantId ?? `tenant-${tag}`;
  if (o.email !== null) requester.email = o.email ?? `user.${tag.slice(0, 6)}@customer.example`;
  const targetType = o.targetType ?? 'partner';
  const targetId = o.targetId ?? 'partner-1';
  const indirect =
    role === 'indirect-reseller' ||
    role === 'indirect-provider' ||
    (role === 'customer' &&
      (targetType === 'indirect-reseller' || targetType === 'indirect-provider'));
  const channel: TicketInput['channel'] =
    role === 'isv'
      ? undefined
      : indirect
        ? {
            model: 'indirect',
            resellerId: targetType === 'indirect-reseller' ? targetId : `${targetId}-reseller`,
            providerId: targetType === 'indirect-provider' ? targetId : `${targetId}-provider`,
          }
        : { model: 'direct', partnerId: targetType === 'partner' ? targetId : 'partner-1' };
  const categorySource = o.categorySource ?? 'explicit';
  return {
    eventId,
    type: 'ticket.created',
    version: 1,
    occurredAt: new Date(decidedAt.getTime() - 1500).toISOString(),
    source: o.source ?? 'zendesk-emea',
    ticket: {
      id: o.ticketId ?? `ZD-${eventId.slice(0, 8)}`,
      ...text,
      ...(categorySource === 'explicit' ? { category: categoryOf(o) } : {}),
    },
    requester,
    product:
      targetType === 'isv'
        ? { type: 'third-party', offerId: `${targetId}.saas-0`, publisherId: targetId }
        : { type: 'third-party', offerId: 'contoso.saas-0', publisherId: 'contoso' },
    ...(channel ? { channel } : {}),
  };
}

/**
 * The requester of the options, or one the rules send to their target: Microsoft answers a
 * partner's billing question (R4a), anyone else's goes to a partner or an ISV.
 */
function requesterRoleOf(o: RoutedOptions): string {
  return o.requesterRole ?? (o.targetType === 'microsoft' ? 'partner' : 'customer');
}

/** The options' category, or one the rules send to their target: an ISV gets technical ones. */
function categoryOf(o: RoutedOptions): string {
  if (o.category !== undefined) return o.category;
  if (o.categorySource === 'default') return 'other';
  return o.targetType === 'isv' ? 'technical' : 'billing';
}

/** The texts to try for the options' category source (the first that yields it is kept). */
function textsFor(o: RoutedOptions): ({ subject: string; description?: string } | undefined)[] {
  switch (o.categorySource ?? 'explicit') {
    case 'explicit':
      return [undefined];
    case 'default':
      return [UNINFERABLE];
    case 'inferred':
      return inferableTexts(categoryOf(o));
  }
}

/** A routed decision: the real classifier's, of an input made to get the asked-for outcome. */
export function routedRow(o: RoutedOptions = {}): AuditMessage {
  const decidedAt = o.decidedAt ?? new Date();
  const wanted: Partial<Record<keyof AuditDraft, unknown>> = {
    outcome: 'routed',
    targetType: o.targetType ?? 'partner',
    targetId: o.targetId ?? 'partner-1',
    category: categoryOf(o),
    categorySource: o.categorySource ?? 'explicit',
    ...(o.expect?.party ? { party: o.expect.party } : {}),
    ...(o.expect?.ruleId ? { ruleId: o.expect.ruleId } : {}),
    ...(o.expect?.needsReview !== undefined ? { needsReview: o.expect.needsReview } : {}),
  };
  let last: AuditDraft | undefined;
  for (const text of textsFor(o)) {
    const raw = JSON.stringify(text ? ticketInput(o, text) : ticketInput(o));
    const draft = decideMessage(decidedAt, 3, o.inputPartition ?? 0, (origin) =>
      classifier.classify(raw, origin),
    );
    const differs = Object.entries(wanted).filter(
      ([key, value]) => draft[key as keyof AuditDraft] !== value,
    );
    const clausesDiffer =
      o.expect?.clauses !== undefined &&
      JSON.stringify(draft.clauses) !== JSON.stringify(o.expect.clauses);
    if (differs.length === 0 && !clausesDiffer) return o.stored ? storedAs(draft, o.stored) : draft;
    last = draft;
  }
  throw new Error(
    `routedRow: the classifier did not decide ${JSON.stringify({ ...wanted, clauses: o.expect?.clauses })}: ` +
      `it decided ${JSON.stringify(
        last && {
          outcome: last.outcome,
          party: last.party,
          targetType: last.targetType,
          targetId: last.targetId,
          category: last.category,
          categorySource: last.categorySource,
          ruleId: last.ruleId,
          clauses: last.clauses,
          needsReview: last.needsReview,
        },
      )} (${last?.outcome === 'rejected' ? last.payloadJson : 'routed'})`,
  );
}

function storedAs(draft: AuditDraft, stored: StoredValues): AuditDraft {
  const event = JSON.parse(draft.payloadJson) as { routing: Record<string, unknown> };
  Object.assign(event.routing, stored);
  return {
    ...draft,
    ruleId: stored.ruleId ?? draft.ruleId,
    ruleSetVersion: stored.ruleSetVersion ?? draft.ruleSetVersion,
    payloadJson: JSON.stringify(event),
  };
}

/**
 * A rejected input, as the classifier rejects it: `raw` may be any text or bytes (not JSON,
 * not UTF-8). With `errors`, the router's dead-letter path instead (an input it could not
 * route for these reasons, e.g. a conflicting re-send), which keeps exactly them.
 */
export function rejectedRow(
  o: { raw?: string | Buffer; decidedAt?: Date; errors?: FieldError[] } = {},
): AuditMessage {
  const raw = o.raw ?? 'this is not JSON {';
  const { errors } = o;
  const draft = decideMessage(o.decidedAt ?? new Date(), 2, 0, (origin) =>
    errors ? classifier.deadLetter(raw, origin, errors) : classifier.classify(raw, origin),
  );
  if (draft.outcome !== 'rejected') throw new Error(`rejectedRow: ${String(raw)} was routed`);
  return draft;
}

/**
 * A re-send of a routed input in a new message: the writer audits it as a duplicate of the
 * routed row (pointing at it) and nothing is routed again.
 */
export function duplicateRow(original: AuditMessage, o: { decidedAt?: Date } = {}): AuditMessage {
  if (original.outcome !== 'routed')
    throw new Error('duplicateRow: only a routed input is re-sent');
  const raw = original.duplicatePayloadJson();
  return decideMessage(o.decidedAt ?? new Date(), 2, original.inputPartition, (origin) =>
    classifier.classify(raw, origin),
  );
}

/**
 * Writes the messages' rows with the router's AuditLogWriter, `chunkSize` a batch, as the
 * router does; a re-send becomes its duplicate row there. Fails on anything else than a
 * written row or a duplicate (a conflict would mean a fixture re-used an eventId).
 */
export async function insertAuditRows(
  dataSource: DataSource,
  messages: AuditMessage[],
  chunkSize = 500,
): Promise<AuditRecord[]> {
  const writer = new AuditLogWriter(dataSource);
  const records: AuditRecord[] = [];
  for (let i = 0; i < messages.length; i += chunkSize) {
    records.push(...(await writer.record(messages.slice(i, i + chunkSize))));
  }
  const odd = records.find((r) => r.kind !== 'written' && r.kind !== 'duplicate');
  if (odd) throw new Error(`insertAuditRows: the writer answered ${JSON.stringify(odd)}`);
  return records;
}

/** Writes one message's row and returns its id (for tests that name rows by id). */
export async function insertAuditRow(
  dataSource: DataSource,
  message: AuditMessage,
): Promise<string> {
  await insertAuditRows(dataSource, [message]);
  const found: { id: string | number }[] = await dataSource.query(
    'SELECT id FROM audit_events WHERE input_topic = ? AND input_partition = ? AND input_offset = ?',
    [message.inputTopic, message.inputPartition, message.inputOffset],
  );
  return String(found[0].id);
}

/** A small deterministic PRNG, so generated data sets are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SOURCES = [
  'zendesk-emea',
  'zendesk-apac',
  'servicenow-na',
  'freshdesk-latam',
  'jira-sm',
];

/** Categories an input may name; `other` comes only from an input without one. */
const NAMED = CATEGORIES.filter((c) => c !== 'other');
/** Categories the inference examples yield (what an inferred row can be). */
const INFERABLE = NAMED.filter((c) => inferableTexts(c).length > 0);

/**
 * A realistic mix of decisions spread evenly over [from, to): mostly routed (the real rules
 * pick the party, rule and clauses), about 3 % rejected and 2 % re-sends written as
 * duplicates. Deterministic for a seed, but for the ids the classifier derives.
 */
export function realisticRows(
  count: number,
  o: { from: Date; to: Date; seed?: number; partners?: number; isvs?: number },
): AuditMessage[] {
  const random = seededRandom(o.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const partners = o.partners ?? 2000;
  const isvs = o.isvs ?? 300;
  const span = o.to.getTime() - o.from.getTime();
  const rows: AuditMessage[] = [];
  for (let i = 0; i < count; i++) {
    const decidedAt = new Date(o.from.getTime() + Math.floor((span * (i + random())) / count));
    const source = pick(SOURCES);
    const r = random();
    if (r < 0.03) {
      rows.push(
        random() < 0.5
          ? rejectedRow({ decidedAt, raw: `not json ${i}` })
          : rejectedRow({
              decidedAt,
              raw: JSON.stringify({
                eventId: `rej-${i}-${Math.floor(random() * 1e9)}`,
                type: 'ticket.created',
                version: 1,
                source,
                ticket: { id: `T-${i}` },
                requester: { role: 'customer', email: `rejected.${i}@customer.example` },
              }),
            }),
      );
      continue;
    }
    const categorySource: CategorySource = r < 0.08 ? 'default' : r < 0.3 ? 'inferred' : 'explicit';
    const role = random() < 0.7 ? 'customer' : pick(['partner', 'indirect-reseller', 'isv']);
    const category: Category =
      categorySource === 'default'
        ? 'other'
        : pick(categorySource === 'inferred' ? INFERABLE : NAMED);
    // Where the rules send it (support-model.md "Decision table"); routedRow checks it.
    const group = categoryGroupOf(category, false);
    let target: { targetType: TargetType; targetId: string };
    if (role === 'isv' || (role === 'partner' && group !== 'isv-side')) {
      target = { targetType: 'microsoft', targetId: 'microsoft' };
    } else if (group === 'isv-side') {
      target = { targetType: 'isv', targetId: `isv-${Math.floor(random() * isvs)}` };
    } else if (role === 'indirect-reseller') {
      target = {
        targetType: 'indirect-provider',
        targetId: `provider-${Math.floor(random() * 40)}`,
      };
    } else {
      target =
        random() < 0.3
          ? {
              targetType: 'indirect-reseller',
              targetId: `reseller-${Math.floor(random() * (partners / 4))}`,
            }
          : { targetType: 'partner', targetId: `partner-${Math.floor(random() * partners)}` };
    }
    const row = routedRow({
      decidedAt,
      source,
      category,
      categorySource,
      requesterRole: role,
      ticketId: `T-${source.slice(0, 2).toUpperCase()}-${i}-${Math.floor(random() * 1e6)}`,
      inputPartition: i % 6,
      ...target,
    });
    rows.push(row);
    if (random() < 0.02) {
      rows.push(duplicateRow(row, { decidedAt: new Date(decidedAt.getTime() + 1) }));
    }
  }
  return rows;
}
