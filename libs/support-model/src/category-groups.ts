import { Category } from './support-model.types';

export const CATEGORY_GROUPS = ['partner-side', 'isv-side', 'commerce', 'fallback'] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

/** support-model.md "Categories". */
export const CATEGORY_GROUP: Readonly<Record<Category, CategoryGroup>> = {
  billing: 'partner-side',
  'subscription-management': 'partner-side',
  account: 'partner-side',
  payment: 'partner-side',
  technical: 'isv-side',
  'break-fix': 'isv-side',
  'user-support': 'isv-side',
  'documentation-training': 'isv-side',
  'service-health': 'isv-side',
  'offer-management': 'commerce',
  transaction: 'commerce',
  'deployment-provisioning': 'commerce',
  'isv-contact-request': 'commerce',
  other: 'fallback',
};

/**
 * The Azure rule: Microsoft supports deployment and provisioning only of Azure-based ISV
 * solutions (C6), so for any other offer it is the ISV's business.
 */
export const AZURE_RULE = {
  category: 'deployment-provisioning',
  groupWhenAzureBased: 'commerce',
  groupOtherwise: 'isv-side',
} as const satisfies {
  category: Category;
  groupWhenAzureBased: CategoryGroup;
  groupOtherwise: CategoryGroup;
};

export function categoryGroupOf(category: Category, azureBased: boolean): CategoryGroup {
  if (category === AZURE_RULE.category) {
    return azureBased ? AZURE_RULE.groupWhenAzureBased : AZURE_RULE.groupOtherwise;
  }
  return CATEGORY_GROUP[category];
}

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  billing: 'billing',
  'subscription-management': 'subscription management',
  account: 'account',
  payment: 'payment',
  technical: 'technical',
  'break-fix': 'break-fix',
  'user-support': 'user support',
  'documentation-training': 'documentation and training',
  'service-health': 'service health',
  'offer-management': 'offer management',
  transaction: 'transaction',
  'deployment-provisioning': 'deployment and provisioning',
  'isv-contact-request': 'ISV contact',
  other: 'general',
};
