/** A valid `ticket.created` v1 event (direct customer, billing) as parsed JSON, with overrides. */
export function aTicketCreated(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: 'evt-1',
    type: 'ticket.created',
    version: 1,
    occurredAt: '2026-11-23T10:15:00Z',
    source: 'zendesk-emea',
    ticket: { id: 'ZD-1', subject: 'Charged twice', category: 'billing' },
    requester: { role: 'customer' },
    product: { type: 'third-party', offerId: 'contoso.saas-0' },
    channel: { model: 'direct', partnerId: 'p-1' },
    ...overrides,
  };
}
