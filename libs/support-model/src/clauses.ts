import { ClauseId } from './support-model.types';

/**
 * The clauses of the Partner Center page "Support for commercial marketplace products" that
 * every rule cites (support-model.md, "Clauses of the page"), word for word: people reading a
 * decision (the audit console) see what a clause id stands for.
 */
export const CLAUSE_TEXT: Readonly<Record<ClauseId, string>> = {
  C1: "Just as with Microsoft products, CSP partners are the first point of contact for their customers' questions about billing and subscription management of third-party ISV products bought from the commercial marketplace.",
  C2: 'For technical support questions about third-party marketplace products, CSP partners should contact the ISV publisher of that product.',
  C3: 'ISV publisher: technical support and service-level commitments (Third Party Customer Agreement); a way for partners and/or customers to contact the ISV directly, including user support and break-fix support.',
  C4: 'ISV publisher: gives partners user documentation, training and service health/outage notifications.',
  C5: "CSP partner: responsible for all other support of third-party ISV offers, including customers' billing questions, account set-up and payment; may direct customers' technical queries to the ISV's support contacts.",
  C6: 'Microsoft: supports the ISV and the CSP partner on Microsoft commerce system functionality: onboarding/offer management, transactions, billing, account support, deployment and provisioning of Azure-based ISV solutions.',
  C7: "Microsoft does not support third-party ISV products; it gives the partner access to the ISV's support contact information.",
  C8: 'Indirect CSP model: the responsibilities are shared between the indirect provider and the indirect reseller; an indirect reseller asks its indirect provider.',
  C9: 'ISV contact details (engineering contact, customer support, CSP program contact; also user documentation, sales collateral, CSP marketing link) are on the Partner Center Offer details page.',
};
