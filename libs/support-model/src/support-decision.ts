import { AZURE_RULE, CATEGORY_GROUP, CATEGORY_LABELS, categoryGroupOf } from './category-groups';
import { CategoryInference, MIN_INFERENCE_SCORE, SUBJECT_FACTOR } from './category-inference';
import { CATEGORY_LEXICON } from './category-lexicon';
import { contentHash } from './rule-set-version';
import { findRule, ROUTING_RULES, RoutingRule, RuleFacts } from './routing-rules';
import {
  CatalogOffer,
  Category,
  CategorySource,
  Decision,
  RequesterRole,
  SupportCatalog,
  SupportTicket,
  Target,
  TargetRef,
  TermMatch,
} from './support-model.types';

/**
 * Label of everything that decides: the table, the category groups, the Azure rule and the
 * inference lexicon. Any change to one of them changes it, so an analyst can tell which rules
 * decided a stored decision.
 */
export const RULE_SET_VERSION = `rs-${contentHash(
  JSON.stringify({
    rules: ROUTING_RULES,
    groups: CATEGORY_GROUP,
    azure: AZURE_RULE,
    lexicon: CATEGORY_LEXICON,
    inference: { min: MIN_INFERENCE_SCORE, subject: SUBJECT_FACTOR },
  }),
).slice(0, 12)}`;

const REQUESTER_LABELS: Readonly<Record<RequesterRole, string>> = {
  customer: 'a customer',
  partner: 'a CSP partner',
  'indirect-reseller': 'an indirect reseller',
  'indirect-provider': 'an indirect provider',
  isv: 'the ISV publisher',
};

const TARGET_LABELS: Readonly<Record<Target['type'], string>> = {
  partner: 'CSP partner',
  'indirect-reseller': 'indirect reseller',
  'indirect-provider': 'indirect provider',
  isv: 'ISV',
  microsoft: 'Microsoft',
};

const MICROSOFT: TargetRef = { type: 'microsoft', id: 'microsoft' };

const defaultInference = new CategoryInference();

interface Publisher {
  id: string;
  offer?: CatalogOffer;
  name?: string;
}

/**
 * Decides who answers a ticket: a pure function of the ticket and the catalog. Total over
 * SupportTicket: it never throws, and a ticket missing an id the rule needs (possible only
 * when it skipped validation) is decided with needsReview and a note instead.
 */
export function decide(
  input: SupportTicket,
  catalog: SupportCatalog,
  inference: CategoryInference = defaultInference,
): Decision {
  const notes: string[] = [];
  const { category, source, matches } = resolveCategory(input, inference);
  const offerId = input.product.offerId;
  const offer = offerId !== undefined ? catalog.findOffer(offerId) : undefined;
  if (offerId !== undefined && !offer) {
    notes.push(`Offer ${offerId} is not in the catalog.`);
  }
  const azureBased = offer?.azureBased === true;
  if (category === AZURE_RULE.category) {
    notes.push(
      azureBased
        ? `Deployment and provisioning counts as commerce: the catalog says offer ${offer.offerId} is Azure-based (C6).`
        : `Deployment and provisioning counts as ISV-side: ${offer ? `offer ${offer.offerId} is not Azure-based` : 'the offer is not in the catalog, so it is not known to be Azure-based'}.`,
    );
  }
  const publisher =
    input.product.type === 'third-party' ? resolvePublisher(input, offer, catalog, notes) : null;
  const facts: RuleFacts = {
    role: input.requester.role,
    categoryGroup: categoryGroupOf(category, azureBased),
    productType: input.product.type,
    publisherKnown: publisher !== null,
  };
  const rule = findRule(facts);
  if (!rule) {
    // Unreachable while the table is total (a unit test enumerates every combination).
    return unmatched(input, category, source, matches, notes);
  }
  const review = { needed: rule.needsReview };
  const { target, escalation } = targetsOf(rule, input, publisher, review, notes);
  const decision: Decision = {
    party: rule.party,
    target,
    escalation,
    category,
    categorySource: source,
    ruleId: rule.id,
    clauses: [...rule.clauses],
    rationale: renderRationale(rule, input, category, target, offer, publisher),
    ruleSetVersion: RULE_SET_VERSION,
    needsReview: review.needed,
    notes,
  };
  if (source !== 'explicit') decision.matchedTerms = matches;
  return decision;
}

function resolveCategory(
  input: SupportTicket,
  inference: CategoryInference,
): { category: Category; source: CategorySource; matches: TermMatch[] } {
  if (input.ticket.category !== undefined) {
    return { category: input.ticket.category, source: 'explicit', matches: [] };
  }
  const result = inference.infer(input.ticket.subject, input.ticket.description);
  return { category: result.category, source: result.source, matches: result.matches };
}

/** "Publisher known": the catalog by offerId wins over the event's publisherId. */
function resolvePublisher(
  input: SupportTicket,
  offer: CatalogOffer | undefined,
  catalog: SupportCatalog,
  notes: string[],
): Publisher | null {
  const claimed = input.product.publisherId;
  if (offer) {
    if (claimed !== undefined && claimed !== offer.publisherId) {
      notes.push(
        `The event names publisher ${claimed} but the catalog lists offer ${offer.offerId} under ${offer.publisherId}; the catalog wins.`,
      );
    }
    return { id: offer.publisherId, offer, name: offer.publisherName };
  }
  if (claimed !== undefined) {
    notes.push(
      `Publisher ${claimed} is taken from the event: the catalog does not list the offer.`,
    );
    return { id: claimed, name: catalog.findPublisherName(claimed) };
  }
  return null;
}

function targetsOf(
  rule: RoutingRule,
  input: SupportTicket,
  publisher: Publisher | null,
  review: { needed: boolean },
  notes: string[],
): { target: Target; escalation: TargetRef[] } {
  const escalation: TargetRef[] = [];
  let target: Target;
  const channel = input.channel;
  const idOf = (field: 'partnerId' | 'resellerId' | 'providerId'): string => {
    const id = channel?.[field];
    if (id === undefined) {
      review.needed = true;
      notes.push(`channel.${field} is missing, so the target has no id: review by hand.`);
      return '';
    }
    return id;
  };
  switch (rule.target) {
    case 'microsoft':
      target = { ...MICROSOFT };
      break;
    case 'isv':
      target = isvTarget(publisher);
      break;
    case 'indirect-provider':
      target = { type: 'indirect-provider', id: idOf('providerId') };
      break;
    case 'requester-partner':
      if (channel?.model === 'indirect') {
        target = { type: 'indirect-reseller', id: idOf('resellerId') };
        escalation.push({ type: 'indirect-provider', id: idOf('providerId') });
      } else {
        target = { type: 'partner', id: idOf('partnerId') };
      }
      break;
  }
  if (rule.escalateToMicrosoft) escalation.push({ ...MICROSOFT });
  return { target, escalation };
}

function isvTarget(publisher: Publisher | null): Target {
  const target: Target = { type: 'isv', id: publisher?.id ?? '' };
  if (publisher?.name !== undefined) target.name = publisher.name;
  const offer = publisher?.offer;
  if (offer?.contacts) target.contacts = { ...offer.contacts };
  if (offer?.documentationUrl !== undefined) target.documentationUrl = offer.documentationUrl;
  return target;
}

function renderRationale(
  rule: RoutingRule,
  input: SupportTicket,
  category: Category,
  target: Target,
  offer: CatalogOffer | undefined,
  publisher: Publisher | null,
): string {
  const product = offer
    ? `the offer ${offer.offerName} (${offer.offerId})`
    : input.product.offerId !== undefined
      ? `the offer ${input.product.offerId}`
      : 'the product';
  const values: Record<string, string> = {
    requester: REQUESTER_LABELS[input.requester.role],
    category: CATEGORY_LABELS[category],
    product,
    publisher: publisher
      ? publisher.name
        ? `${publisher.name} (${publisher.id})`
        : publisher.id
      : 'unknown',
    target: `${TARGET_LABELS[target.type]} ${target.id}`.trim(),
    clauses: rule.clauses.join(', '),
  };
  const text = templateOf(rule.rationale)
    .map((part, i) => (i % 2 === 0 ? part : (values[part] ?? `{${part}}`)))
    .join('');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const templates = new Map<string, string[]>();

/** "a {x} b" -> ["a ", "x", " b"]: literals at even indexes, placeholder names at odd. */
function templateOf(template: string): string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    templates.set(template, parts);
  }
  return parts;
}

function unmatched(
  input: SupportTicket,
  category: Category,
  source: CategorySource,
  matches: TermMatch[],
  notes: string[],
): Decision {
  return {
    party: 'microsoft',
    target: { ...MICROSOFT },
    escalation: [],
    category,
    categorySource: source,
    ruleId: 'none',
    clauses: [],
    rationale: `No rule matched a ${input.requester.role} request; sent to Microsoft for review.`,
    ruleSetVersion: RULE_SET_VERSION,
    needsReview: true,
    notes,
    ...(source !== 'explicit' ? { matchedTerms: matches } : {}),
  };
}
