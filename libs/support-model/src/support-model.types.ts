/** Vocabulary of the support model (../shared/docs/support-model.md), shared by every rule. */

export const CATEGORIES = [
  'billing',
  'subscription-management',
  'account',
  'payment',
  'technical',
  'break-fix',
  'user-support',
  'documentation-training',
  'service-health',
  'offer-management',
  'transaction',
  'deployment-provisioning',
  'isv-contact-request',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const REQUESTER_ROLES = [
  'customer',
  'partner',
  'indirect-reseller',
  'indirect-provider',
  'isv',
] as const;
export type RequesterRole = (typeof REQUESTER_ROLES)[number];

export const PRODUCT_TYPES = ['third-party', 'microsoft'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export const CHANNEL_MODELS = ['direct', 'indirect'] as const;
export type ChannelModel = (typeof CHANNEL_MODELS)[number];

export const PARTIES = ['partner', 'isv', 'microsoft'] as const;
export type Party = (typeof PARTIES)[number];

export const TARGET_TYPES = [
  'partner',
  'indirect-reseller',
  'indirect-provider',
  'isv',
  'microsoft',
] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const CATEGORY_SOURCES = ['explicit', 'inferred', 'default'] as const;
export type CategorySource = (typeof CATEGORY_SOURCES)[number];

export type ClauseId = 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | 'C6' | 'C7' | 'C8' | 'C9';

/**
 * What the engine needs from a ticket. A validated `ticket.created` v1 event is assignable to
 * it; ids the rules need are optional here because the type cannot express "required for
 * direct", and the engine copes (needsReview) rather than throws when one is missing.
 */
export interface SupportTicket {
  /** `language` (BCP 47) is a hint for category inference; the text decides without it. */
  ticket: { subject: string; description?: string; category?: Category; language?: string };
  requester: { role: RequesterRole };
  product: { type: ProductType; offerId?: string; publisherId?: string };
  channel?: { model: ChannelModel; partnerId?: string; resellerId?: string; providerId?: string };
}

export interface IsvContacts {
  engineering?: string;
  customerSupport?: string;
  cspProgram?: string;
}

/** One offer of the catalog, as the contract describes it. */
export interface CatalogOffer {
  offerId: string;
  publisherId: string;
  publisherName: string;
  offerName: string;
  azureBased: boolean;
  contacts?: IsvContacts;
  documentationUrl?: string;
}

/** The engine's view of the offer catalog; libs/catalog implements it. */
export interface SupportCatalog {
  findOffer(offerId: string): CatalogOffer | undefined;
  /** Name of a publisher that has at least one offer in the catalog. */
  findPublisherName(publisherId: string): string | undefined;
}

export interface TargetRef {
  type: TargetType;
  id: string;
}

export interface Target extends TargetRef {
  /** ISV targets: details from the catalog (C9) when the offer is listed there. */
  name?: string;
  contacts?: IsvContacts;
  documentationUrl?: string;
}

export interface TermMatch {
  category: Category;
  term: string;
  field: 'subject' | 'description';
  weight: number;
}

export interface Decision {
  party: Party;
  target: Target;
  escalation: TargetRef[];
  category: Category;
  categorySource: CategorySource;
  ruleId: string;
  clauses: ClauseId[];
  rationale: string;
  ruleSetVersion: string;
  needsReview: boolean;
  /** Things an analyst should know: catalog/event disagreements, Azure rule, missing ids. */
  notes: string[];
  /** Present when the category was not explicit: the terms that decided (empty for default). */
  matchedTerms?: TermMatch[];
}
