import { CatalogOffer, SupportCatalog, SupportTicket } from '../support-model.types';

export const OFFERS: readonly CatalogOffer[] = [
  {
    offerId: 'litware.crm',
    publisherId: 'litware',
    publisherName: 'Litware Inc',
    offerName: 'Litware CRM',
    azureBased: false,
    contacts: {
      engineering: 'eng@litware.example',
      customerSupport: 'https://help.litware.example',
    },
    documentationUrl: 'https://docs.litware.example/',
  },
  {
    offerId: 'proseware.vm-app',
    publisherId: 'proseware',
    publisherName: 'Proseware',
    offerName: 'Proseware Managed App',
    azureBased: true,
  },
];

export function inMemoryCatalog(offers: readonly CatalogOffer[] = OFFERS): SupportCatalog {
  return {
    findOffer: (offerId) => offers.find((o) => o.offerId === offerId),
    findPublisherName: (id) => offers.find((o) => o.publisherId === id)?.publisherName,
  };
}

type Overrides = {
  [K in keyof SupportTicket]?: Partial<NonNullable<SupportTicket[K]>> | undefined;
};

/** A direct customer's billing ticket about a listed third-party offer, with overrides. */
export function aTicket(overrides: Overrides = {}): SupportTicket {
  const base: SupportTicket = {
    ticket: { subject: 'Question', category: 'billing', ...overrides.ticket },
    requester: { role: 'customer', ...overrides.requester },
    product: { type: 'third-party', offerId: 'litware.crm', ...overrides.product },
    channel: { model: 'direct', partnerId: 'p-1', ...overrides.channel },
  };
  if ('channel' in overrides && overrides.channel === undefined) delete base.channel;
  return base;
}

export const INDIRECT = { model: 'indirect', resellerId: 'r-1', providerId: 'v-1' } as const;
