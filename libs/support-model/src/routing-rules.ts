import { CategoryGroup } from './category-groups';
import { ClauseId, Party, ProductType, RequesterRole } from './support-model.types';

/**
 * Who inside the party receives the ticket:
 * - `requester-partner`: the customer's CSP partner (direct: `partner`; indirect: the
 *   `indirect-reseller`, with its `indirect-provider` as first escalation);
 * - `indirect-provider`: the requesting reseller's provider;
 * - `isv`: the publisher (catalog by offerId, else the event's publisherId);
 * - `microsoft`.
 */
export type TargetSelector = 'requester-partner' | 'indirect-provider' | 'isv' | 'microsoft';

/** A condition matches when every listed dimension matches; an absent one matches anything. */
export interface RuleCondition {
  roles?: readonly RequesterRole[];
  categoryGroups?: readonly CategoryGroup[];
  productTypes?: readonly ProductType[];
  /** The ISV target id could be resolved (catalog by offerId, else event publisherId). */
  publisherKnown?: boolean;
}

export interface RoutingRule {
  id: string;
  /** Item of support-model.md "Decision table" the rule implements. */
  spec: string;
  when: RuleCondition;
  party: Party;
  target: TargetSelector;
  /** Microsoft goes after the partner chain in the escalation. */
  escalateToMicrosoft: boolean;
  needsReview: boolean;
  clauses: readonly ClauseId[];
  /**
   * One sentence. Placeholders: {requester} ("a customer"), {category}, {product}
   * ("the offer Contoso CRM"), {publisher}, {target} ("partner p-1"), {clauses}.
   */
  rationale: string;
}

const PARTNER_ROLES = ['partner', 'indirect-provider'] as const;

/** support-model.md "Decision table": the first matching rule wins. */
export const ROUTING_RULES: readonly RoutingRule[] = [
  {
    id: 'R1',
    spec: '1',
    when: { roles: ['isv'] },
    party: 'microsoft',
    target: 'microsoft',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C6'],
    rationale:
      'The ISV publisher itself asked a {category} question, and Microsoft supports ISVs on commerce system functionality ({clauses}).',
  },
  {
    id: 'R2a',
    spec: '2a',
    when: {
      roles: ['indirect-reseller'],
      categoryGroups: ['isv-side'],
      productTypes: ['third-party'],
      publisherKnown: true,
    },
    party: 'isv',
    target: 'isv',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C3'],
    rationale:
      "An indirect reseller's {category} question about {product} goes to its ISV publisher {publisher}, who supports partners directly ({clauses}).",
  },
  {
    id: 'R2b',
    spec: '2b',
    when: { roles: ['indirect-reseller'] },
    party: 'partner',
    target: 'indirect-provider',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C8'],
    rationale:
      'An indirect reseller asks its {target} about its {category} question, as the indirect model shares support between provider and reseller ({clauses}).',
  },
  {
    id: 'R3a1',
    spec: '3a',
    when: {
      roles: ['customer'],
      categoryGroups: ['isv-side'],
      productTypes: ['third-party'],
      publisherKnown: true,
    },
    party: 'isv',
    target: 'isv',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C2', 'C3', 'C4', 'C7'],
    rationale:
      "A customer's {category} question about {product} goes to its ISV publisher {publisher}, since Microsoft does not support third-party products ({clauses}).",
  },
  {
    id: 'R3a2',
    spec: '3a',
    when: {
      roles: PARTNER_ROLES,
      categoryGroups: ['isv-side'],
      productTypes: ['third-party'],
      publisherKnown: true,
    },
    party: 'isv',
    target: 'isv',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C2', 'C3', 'C4'],
    rationale:
      '{requester} with a {category} question about {product} contacts its ISV publisher {publisher} ({clauses}).',
  },
  {
    id: 'R3b',
    spec: '3b',
    when: {
      roles: ['customer'],
      categoryGroups: ['isv-side'],
      productTypes: ['third-party'],
      publisherKnown: false,
    },
    party: 'partner',
    target: 'requester-partner',
    escalateToMicrosoft: true,
    needsReview: false,
    clauses: ['C1', 'C5', 'C7'],
    rationale:
      "The publisher of {product} is unknown, so the customer's {category} question goes to its {target} as first point of contact, escalating to Microsoft for the ISV's contact ({clauses}).",
  },
  {
    id: 'R3c',
    spec: '3c',
    when: {
      roles: PARTNER_ROLES,
      categoryGroups: ['isv-side'],
      productTypes: ['third-party'],
      publisherKnown: false,
    },
    party: 'microsoft',
    target: 'microsoft',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C7'],
    rationale:
      "The publisher of {product} is unknown, so Microsoft gives {requester} with a {category} question the ISV's support contact ({clauses}).",
  },
  {
    id: 'R3d',
    spec: '3d',
    when: { roles: ['customer'], categoryGroups: ['isv-side'], productTypes: ['microsoft'] },
    party: 'partner',
    target: 'requester-partner',
    escalateToMicrosoft: true,
    needsReview: false,
    clauses: ['C1'],
    rationale:
      "A customer's {category} question about the Microsoft product {product} goes to its {target} first, as with any Microsoft product, escalating to Microsoft ({clauses}).",
  },
  {
    id: 'R3e',
    spec: '3e',
    when: { roles: PARTNER_ROLES, categoryGroups: ['isv-side'], productTypes: ['microsoft'] },
    party: 'microsoft',
    target: 'microsoft',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C6'],
    rationale:
      '{requester} with a {category} question about the Microsoft product {product} goes to Microsoft ({clauses}).',
  },
  {
    id: 'R4a',
    spec: '4a',
    when: { roles: PARTNER_ROLES, categoryGroups: ['partner-side', 'commerce'] },
    party: 'microsoft',
    target: 'microsoft',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C6', 'C7'],
    rationale:
      '{requester} with a {category} question is supported by Microsoft on commerce system functionality ({clauses}).',
  },
  {
    id: 'R4b1',
    spec: '4b',
    when: { roles: ['customer'], categoryGroups: ['partner-side'] },
    party: 'partner',
    target: 'requester-partner',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C1', 'C5'],
    rationale:
      "A customer's {category} question goes to its {target}, the first point of contact for billing, subscriptions, account set-up and payment ({clauses}).",
  },
  {
    id: 'R4b2',
    spec: '4b',
    when: { roles: ['customer'], categoryGroups: ['commerce'] },
    party: 'partner',
    target: 'requester-partner',
    escalateToMicrosoft: true,
    needsReview: false,
    clauses: ['C1', 'C5', 'C6'],
    rationale:
      "A customer's {category} question goes to its {target} first, escalating to Microsoft, which supports the commerce system ({clauses}).",
  },
  {
    id: 'R5a',
    spec: '5',
    when: { roles: ['customer'], categoryGroups: ['fallback'] },
    party: 'partner',
    target: 'requester-partner',
    escalateToMicrosoft: false,
    needsReview: false,
    clauses: ['C5'],
    rationale:
      "A customer's {category} question goes to its {target}, responsible for all other support ({clauses}).",
  },
  {
    id: 'R5b',
    spec: '5',
    when: { roles: PARTNER_ROLES, categoryGroups: ['fallback'] },
    party: 'microsoft',
    target: 'microsoft',
    escalateToMicrosoft: false,
    needsReview: true,
    clauses: ['C6'],
    rationale:
      '{requester} with a {category} question goes to Microsoft for review, as no clause fits exactly (nearest: {clauses}).',
  },
];

export interface RuleFacts {
  role: RequesterRole;
  categoryGroup: CategoryGroup;
  productType: ProductType;
  publisherKnown: boolean;
}

export function ruleMatches(condition: RuleCondition, facts: RuleFacts): boolean {
  return (
    (condition.roles === undefined || condition.roles.includes(facts.role)) &&
    (condition.categoryGroups === undefined ||
      condition.categoryGroups.includes(facts.categoryGroup)) &&
    (condition.productTypes === undefined || condition.productTypes.includes(facts.productType)) &&
    (condition.publisherKnown === undefined || condition.publisherKnown === facts.publisherKnown)
  );
}

/** The table is total (tested over every combination of facts); undefined would be a bug. */
export function findRule(
  facts: RuleFacts,
  rules: readonly RoutingRule[] = ROUTING_RULES,
): RoutingRule | undefined {
  return rules.find((rule) => ruleMatches(rule.when, facts));
}
