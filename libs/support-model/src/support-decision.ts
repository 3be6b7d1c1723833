import { AZURE_RULE, CATEGORY_GROUP, CATEGORY_LABELS, categoryGroupOf } from './category-groups';
import {
  CategoryInference,
  InferenceResult,
  MIN_INFERENCE_SCORE,
  SUBJECT_FACTOR,
} from './category-inference';
import { CATEGORY_LEXICON, LANGUAGE_LEXICONS } from './category-lexicon';
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
import { FUNCTION_WORDS, hintedLanguage, LANGUAGE_NAMES } from './ticket-language';

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
    languages: LANGUAGE_LEXICONS,
    functionWords: FUNCTION_WORDS,
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
  const { category, source, matches, inferred } = resolveCategory(input, inference);
  if (inferred) noteInference(input, inferred, notes);
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
    rationale: renderRationale(rule, input, category, target, offer, publisher, inferred),
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
): {
  category: Category;
  source: CategorySource;
  matches: TermMatch[];
  inferred?: InferenceResult;
} {
  if (input.ticket.category !== undefined) {
    return { category: input.ticket.category, source: 'explicit', matches: [] };
  }
  const { subject, description, language } = input.ticket;
  const result = inference.infer(subject, description, language);
  return {
    category: result.category,
    source: result.source,
    matches: result.matches,
    inferred: result,
  };
}

/**
 * What the rationale cannot say: for `other`, why no category could be inferred; a
 * `ticket.language` without terms, or one the text contradicts. (The rationale names the
 * language of the terms that decided.)
 */
function noteInference(input: SupportTicket, result: InferenceResult, notes: string[]): void {
  const tag = input.ticket.language;
  const hint = hintedLanguage(tag);
  if (tag !== undefined && !hint) {
    notes.push(
      `ticket.language ${tag} has no inference terms; the text was read in the languages it shows.`,
    );
  } else if (hint && result.language && result.language !== hint) {
    notes.push(
      `ticket.language ${tag} says ${LANGUAGE_NAMES[hint]}, but the text reads as ${LANGUAGE_NAMES[result.language]}; both languages' terms were used.`,
    );
  }
  if (result.source === 'inferred') return;
  const language = result.language
    ? `${LANGUAGE_NAMES[result.language]} (${result.languageSource === 'hint' ? 'from ticket.language' : 'detected from the text'})`
    : 'not recognised';
  const best = bestScore(result.scores);
  notes.push(
    best
      ? `No category could be inferred with confidence: the strongest, ${best.category}, scores ${best.score} of the ${MIN_INFERENCE_SCORE} needed; the text's language: ${language}.`
      : `No category could be inferred with confidence: no category term in the text; its language: ${language}.`,
  );
}

function bestScore(
  scores: Partial<Record<Category, number>>,
): { category: Category; score: number } | undefined {
  let best: { category: Category; score: number } | undefined;
  for (const [category, score] of Object.entries(scores) as [Category, number][]) {
    if (!best || score > best.score) best = { category, score };
  }
  return best;
}

/** `"crash*", "stürzt"`: at most five, the heaviest first. */
function quotedTerms(matches: readonly TermMatch[]): string {
  const terms: string[] = [];
  for (const match of matches) {
    if (!terms.includes(match.term)) terms.push(match.term);
    if (terms.length === 5) break;
  }
  return terms.map((term) => `"${term}"`).join(', ');
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
  inferred?: InferenceResult,
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
  let text = templateOf(rule.rationale)
    .map((part, i) => (i % 2 === 0 ? part : (values[part] ?? `{${part}}`)))
    .join('');
  if (inferred) text = `${text.replace(/\.$/, '')}; ${inferenceClause(inferred)}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The end of the rationale of a ticket without a category: the terms that decided, or none. */
function inferenceClause(inferred: InferenceResult): string {
  if (inferred.source === 'default') {
    return 'no category could be inferred with confidence from the text';
  }
  const languages = inferred.termLanguages.map((l) => LANGUAGE_NAMES[l]).join(' and ');
  return `the category was inferred from the ${languages} terms ${quotedTerms(inferred.matches)}`;
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
