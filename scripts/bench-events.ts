// Generated ticket.created events shared by the benchmarks (bench:classify, bench): a
// realistic mix of valid events and about 5% bad ones, the same bytes for the same seed.
import { CATEGORIES } from '@app/support-model';

/** Deterministic PRNG (mulberry32) so every run uses the same events. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS: [string, string][] = [
  ['We were charged twice on the latest invoice', 'The invoice shows the same line two times.'],
  ['청구서 금액이 잘못되었습니다', '이번 달 청구서에 중복 청구가 있습니다.'],
  ['Please add 20 licenses to our subscription', 'We need more seats before Monday.'],
  ['Payment failed', 'Our credit card payment was declined, how can we pay?'],
  ['App crashes with an error when exporting', 'Since the update the export crashes every time.'],
  ['How do I set up user roles?', 'Looking for guidance on how to use the permissions screen.'],
  ['Service outage', 'The service is down for all of our users.'],
  ['배포가 실패합니다', '관리형 애플리케이션 설치 중 오류가 납니다.'],
  ['Need the ISV support contact', "Where can we find the publisher's support contact?"],
  ['Following up', 'Just following up on our conversation.'],
];

export interface TicketEventOptions {
  /** eventId of event i is `${idPrefix}-${i}`, ticket id `T-${i}`. */
  idPrefix?: string;
  seed?: number;
  /** The occurredAt of every event (fixed, so the same seed gives the same bytes). */
  occurredAt?: string;
}

/**
 * `count` ticket.created events as JSON lines, deterministic for a seed: every requester
 * role (customers twice as often), direct and indirect channels, all categories, 20% with no
 * category (English and Korean text, so inference runs), listed, unlisted and publisher-only
 * offers, Microsoft products, and about 5% bad lines (truncated JSON, `version` as a string
 * with an empty `source`, a customer without a channel).
 */
export function generateTicketEvents(
  count: number,
  { idPrefix = 'bench', seed = 42, occurredAt = '2026-11-23T10:15:00Z' }: TicketEventOptions = {},
): string[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const offers = [
    'contoso.saas-0',
    'fabrikam.managed-app-1',
    'northwind.saas-2',
    'adatum.managed-app-3',
    'unlisted.offer-1',
  ];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const role = pick([
      'customer',
      'customer',
      'partner',
      'indirect-reseller',
      'indirect-provider',
      'isv',
    ] as const);
    const model =
      role === 'partner'
        ? 'direct'
        : role === 'customer'
          ? pick(['direct', 'indirect'] as const)
          : 'indirect';
    const textOnly = rnd() < 0.2;
    const [subject, description] = pick(TEXTS);
    const event: Record<string, unknown> = {
      eventId: `${idPrefix}-${i}`,
      type: 'ticket.created',
      version: 1,
      occurredAt,
      source: pick(['zendesk-emea', 'servicenow-na', 'dynamics-kr']),
      ticket: {
        id: `T-${i}`,
        subject,
        description,
        ...(textOnly ? {} : { category: pick(CATEGORIES) }),
        severity: pick(['low', 'normal', 'high', 'critical']),
      },
      requester: { role, email: 'ops@customer.example' },
      product: pick([
        { type: 'third-party', offerId: pick(offers) },
        { type: 'third-party', publisherId: 'woodgrove' },
        { type: 'microsoft', offerId: 'microsoft.365-e3' },
      ]),
      ...(role === 'isv'
        ? {}
        : {
            channel:
              model === 'direct'
                ? { model, partnerId: `p-${i % 997}` }
                : { model, resellerId: `r-${i % 991}`, providerId: `v-${i % 7}` },
          }),
    };
    const bad = rnd();
    if (bad < 0.02) lines.push(`{"eventId": "${idPrefix}-${i}", "type": `);
    else if (bad < 0.04) lines.push(JSON.stringify({ ...event, version: '1', source: '' }));
    else if (bad < 0.05)
      lines.push(JSON.stringify({ ...event, channel: undefined, requester: { role: 'customer' } }));
    else lines.push(JSON.stringify(event));
  }
  return lines;
}
