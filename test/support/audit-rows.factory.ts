// Audit rows shaped the way the router writes them (libs/audit entity, the contract's
// ticket.routed / ticket.rejected records), for the audit API's tests and its benchmark.
// The router is built elsewhere; these rows are what an analyst would find after it ran.
import { AUDIT_INSERT_COLUMNS } from '@app/audit';
import { randomUUID } from 'node:crypto';

export type Party = 'partner' | 'isv' | 'microsoft';
export type TargetType =
  'partner' | 'indirect-reseller' | 'indirect-provider' | 'isv' | 'microsoft';
export type CategorySource = 'explicit' | 'inferred' | 'default';

/** One audit_events row; field names follow AuditEventEntity, id is assigned by the database. */
export interface AuditRow {
  eventId: string | null;
  dedupKey: string | null;
  source: string | null;
  ticketId: string | null;
  occurredAt: Date | null;
  receivedAt: Date;
  decidedAt: Date;
  inputTopic: string;
  inputPartition: number;
  inputOffset: string;
  outcome: 'routed' | 'rejected' | 'duplicate';
  party: Party | null;
  targetType: TargetType | null;
  targetId: string | null;
  category: string | null;
  categorySource: CategorySource | null;
  requesterRole: string | null;
  ruleId: string | null;
  clauses: string[] | null;
  ruleSetVersion: string | null;
  catalogVersion: string | null;
  needsReview: boolean;
  duplicateOfId: string | null;
  payload: unknown;
}

export const INPUT_TOPIC = 'support.tickets.new';
export const RULE_SET_VERSION = '2026.11.1';
/** The offer catalog's version in routed rows (OfferCatalog.version is 16 hex digits). */
export const CATALOG_VERSION = '0a1b2c3d4e5f6789';

let offsetCounter = 0;
/** Kafka offsets are unique per (topic, partition): a process-wide counter keeps them so. */
function nextOffset(): string {
  offsetCounter += 1;
  return String(Date.now() * 1000 + offsetCounter);
}

function omit<T extends object>(value: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
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

export interface RoutedOptions {
  eventId?: string;
  source?: string;
  ticketId?: string;
  decidedAt?: Date;
  party?: Party;
  targetType?: TargetType;
  targetId?: string;
  category?: string;
  categorySource?: CategorySource;
  requesterRole?: string;
  ruleId?: string;
  clauses?: string[];
  rationale?: string;
  ruleSetVersion?: string;
  catalogVersion?: string;
  needsReview?: boolean;
  email?: string | null;
  tenantId?: string | null;
  subject?: string;
  escalation?: { type: TargetType; id: string }[];
  inputPartition?: number;
}

/** A ticket.created input as a helpdesk sends it (contract "Event in"). */
export function ticketInput(o: RoutedOptions = {}): TicketInput {
  const eventId = o.eventId ?? randomUUID();
  const decidedAt = o.decidedAt ?? new Date();
  const role = o.requesterRole ?? 'customer';
  const requester: TicketInput['requester'] = { role };
  if (o.tenantId !== null) requester.tenantId = o.tenantId ?? `tenant-${eventId.slice(0, 8)}`;
  if (o.email !== null) requester.email = o.email ?? `user.${eventId.slice(0, 6)}@customer.example`;
  const targetType = o.targetType ?? 'partner';
  const targetId = o.targetId ?? 'partner-1';
  const channel: TicketInput['channel'] =
    role === 'isv'
      ? undefined
      : targetType === 'indirect-reseller' || targetType === 'indirect-provider'
        ? {
            model: 'indirect',
            resellerId: `${targetId}-reseller`,
            providerId: `${targetId}-provider`,
          }
        : { model: 'direct', partnerId: targetType === 'partner' ? targetId : 'partner-1' };
  return {
    eventId,
    type: 'ticket.created',
    version: 1,
    occurredAt: new Date(decidedAt.getTime() - 1500).toISOString(),
    source: o.source ?? 'zendesk-emea',
    ticket: {
      id: o.ticketId ?? `ZD-${eventId.slice(0, 8)}`,
      subject: o.subject ?? 'Charged twice for the same subscription',
      description: 'We were billed twice this month for the same seats. Please refund one charge.',
      ...(o.categorySource === 'explicit' || o.categorySource === undefined
        ? { category: o.category ?? 'billing' }
        : {}),
    },
    requester,
    product:
      targetType === 'isv'
        ? { type: 'third-party', offerId: `${targetId}.saas-0`, publisherId: targetId }
        : { type: 'third-party', offerId: 'contoso.saas-0', publisherId: 'contoso' },
    ...(channel ? { channel } : {}),
  };
}

/** A routed decision: the row and its ticket.routed v1 payload (contract "Events out"). */
export function routedRow(o: RoutedOptions = {}): AuditRow {
  const input = ticketInput(o);
  const decidedAt = o.decidedAt ?? new Date();
  const targetType = o.targetType ?? 'partner';
  const targetId = o.targetId ?? 'partner-1';
  const party: Party =
    o.party ??
    (targetType === 'isv' ? 'isv' : targetType === 'microsoft' ? 'microsoft' : 'partner');
  const category = o.category ?? 'billing';
  const categorySource = o.categorySource ?? 'explicit';
  const clauses = o.clauses ?? (party === 'isv' ? ['C2', 'C3', 'C4'] : ['C1', 'C5']);
  const ruleId = o.ruleId ?? (party === 'isv' ? 'R3a' : 'R4b');
  const ruleSetVersion = o.ruleSetVersion ?? RULE_SET_VERSION;
  const catalogVersion = o.catalogVersion ?? CATALOG_VERSION;
  const needsReview = o.needsReview ?? false;
  const target: Record<string, unknown> = { type: targetType, id: targetId };
  if (targetType === 'isv') {
    target.name = `${targetId} Ltd`;
    target.contacts = {
      engineering: `eng@${targetId}.example`,
      customerSupport: `https://support.${targetId}.example`,
      cspProgram: `csp@${targetId}.example`,
    };
    target.documentationUrl = `https://docs.${targetId}.example/`;
  }
  const rest = omit(input, ['eventId', 'type', 'version']);
  const sourceEventId = input.eventId;
  const payload = {
    eventId: randomUUID(),
    type: 'ticket.routed',
    version: 1,
    sourceEventId,
    routedAt: decidedAt.toISOString(),
    ...rest,
    routing: {
      party,
      target,
      escalation: o.escalation ?? [],
      category,
      categorySource,
      ruleId,
      clauses,
      rationale:
        o.rationale ??
        `A ${input.requester.role}'s ${category} question goes to the ${targetType} ${targetId} (${clauses.join(', ')}).`,
      ruleSetVersion,
      catalogVersion,
      needsReview,
    },
  };
  return {
    eventId: input.eventId,
    // The router keys a routed row by its routed event's id (libs/audit entity).
    dedupKey: payload.eventId,
    source: input.source,
    ticketId: input.ticket.id,
    occurredAt: new Date(input.occurredAt),
    receivedAt: new Date(decidedAt.getTime() - 3),
    decidedAt,
    inputTopic: INPUT_TOPIC,
    inputPartition: o.inputPartition ?? 0,
    inputOffset: nextOffset(),
    outcome: 'routed',
    party,
    targetType,
    targetId,
    category,
    categorySource,
    requesterRole: input.requester.role,
    ruleId,
    clauses,
    ruleSetVersion,
    catalogVersion,
    needsReview,
    duplicateOfId: null,
    payload,
  };
}

/**
 * A rejected input: the ticket.rejected record with the raw text as received. `raw` may be
 * any text (not JSON at all); a JSON raw input gives the row its event id, source and ticket.
 */
export function rejectedRow(
  o: { raw?: string; decidedAt?: Date; errors?: { path: string; message: string }[] } = {},
): AuditRow {
  const raw = o.raw ?? 'this is not JSON {';
  const decidedAt = o.decidedAt ?? new Date();
  let parsed: Partial<TicketInput> | undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value;
  } catch {
    parsed = undefined;
  }
  const offset = nextOffset();
  const str = (v: unknown, max: number) =>
    typeof v === 'string' && v.length >= 1 && v.length <= max ? v : null;
  return {
    eventId: str(parsed?.eventId, 128),
    dedupKey: null,
    source: str(parsed?.source, 64),
    ticketId: str(parsed?.ticket?.id, 128),
    occurredAt: null,
    receivedAt: new Date(decidedAt.getTime() - 2),
    decidedAt,
    inputTopic: INPUT_TOPIC,
    inputPartition: 0,
    inputOffset: offset,
    outcome: 'rejected',
    party: null,
    targetType: null,
    targetId: null,
    category: null,
    categorySource: null,
    requesterRole: str(parsed?.requester?.role, 32),
    ruleId: null,
    clauses: null,
    ruleSetVersion: null,
    catalogVersion: null,
    needsReview: false,
    duplicateOfId: null,
    payload: {
      type: 'ticket.rejected',
      version: 1,
      raw,
      origin: { topic: INPUT_TOPIC, partition: 0, offset },
      errors: o.errors ?? [{ path: '', message: 'not JSON: Unexpected token' }],
      rejectedAt: decidedAt.toISOString(),
    },
  };
}

/** A re-sent eventId in a new message: audited as duplicate of the routed row, not routed. */
export function duplicateRow(
  original: AuditRow,
  originalId: string | null,
  o: { decidedAt?: Date } = {},
): AuditRow {
  const decidedAt = o.decidedAt ?? new Date();
  const routed = original.payload as { sourceEventId: string } & Record<string, unknown>;
  const input = omit(routed, [
    'eventId',
    'type',
    'version',
    'sourceEventId',
    'routedAt',
    'routing',
  ]);
  const sourceEventId = routed.sourceEventId;
  return {
    ...original,
    dedupKey: null,
    receivedAt: new Date(decidedAt.getTime() - 2),
    decidedAt,
    inputOffset: nextOffset(),
    outcome: 'duplicate',
    duplicateOfId: originalId,
    payload: { eventId: sourceEventId, type: 'ticket.created', version: 1, ...input },
  };
}

/** Anything with TypeORM's / mysql2's `query(sql, params)` (timezone must be UTC: 'Z'). */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Multi-row INSERTs, as the router writes (one statement per chunk). */
export async function insertAuditRows(
  db: SqlExecutor,
  rows: AuditRow[],
  chunkSize = 500,
): Promise<void> {
  const tuple = `(${AUDIT_INSERT_COLUMNS.names.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const params = chunk.flatMap((row) => AUDIT_INSERT_COLUMNS.values(row));
    await db.query(
      `INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS.names.join(',')}) VALUES ${chunk
        .map(() => tuple)
        .join(',')}`,
      params,
    );
  }
}

/** Inserts one row and returns its id (for duplicates that point at it). */
export async function insertAuditRow(db: SqlExecutor, row: AuditRow): Promise<string> {
  await insertAuditRows(db, [row]);
  const found = (await db.query(
    'SELECT id FROM audit_events WHERE input_topic = ? AND input_partition = ? AND input_offset = ?',
    [row.inputTopic, row.inputPartition, row.inputOffset],
  )) as { id: string | number }[];
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

const PARTNER_SIDE = ['billing', 'subscription-management', 'account', 'payment'];
const ISV_SIDE = [
  'technical',
  'break-fix',
  'user-support',
  'documentation-training',
  'service-health',
];
const COMMERCE = [
  'offer-management',
  'transaction',
  'deployment-provisioning',
  'isv-contact-request',
];
export const SOURCES = [
  'zendesk-emea',
  'zendesk-apac',
  'servicenow-na',
  'freshdesk-latam',
  'jira-sm',
];

/**
 * A realistic mix of decisions spread evenly over [from, to): mostly routed along the support
 * model's decision table, about 3 % rejected and 2 % duplicates. Deterministic for a seed.
 */
export function realisticRows(
  count: number,
  o: { from: Date; to: Date; seed?: number; partners?: number; isvs?: number },
): AuditRow[] {
  const random = seededRandom(o.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const partners = o.partners ?? 2000;
  const isvs = o.isvs ?? 300;
  const span = o.to.getTime() - o.from.getTime();
  const rows: AuditRow[] = [];
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
              errors: [{ path: 'ticket.subject', message: 'is required' }],
            }),
      );
      continue;
    }
    const categorySource: CategorySource = r < 0.08 ? 'default' : r < 0.3 ? 'inferred' : 'explicit';
    const role = random() < 0.7 ? 'customer' : pick(['partner', 'indirect-reseller', 'isv']);
    let category =
      categorySource === 'default' ? 'other' : pick([...PARTNER_SIDE, ...ISV_SIDE, ...COMMERCE]);
    const options: RoutedOptions = {
      decidedAt,
      source,
      categorySource,
      requesterRole: role,
      ticketId: `T-${source.slice(0, 2).toUpperCase()}-${i}-${Math.floor(random() * 1e6)}`,
      inputPartition: i % 6,
    };
    if (role === 'isv') {
      Object.assign(options, {
        party: 'microsoft',
        targetType: 'microsoft',
        targetId: 'microsoft',
        ruleId: 'R1',
        clauses: ['C6'],
      });
      if (category === 'other') category = 'offer-management';
    } else if (ISV_SIDE.includes(category) && random() < 0.9) {
      Object.assign(options, {
        targetType: 'isv',
        targetId: `isv-${Math.floor(random() * isvs)}`,
        ruleId: role === 'indirect-reseller' ? 'R2a' : 'R3a',
        clauses: ['C2', 'C3', 'C4'],
      });
    } else if (role === 'partner') {
      const other = category === 'other';
      Object.assign(options, {
        party: 'microsoft',
        targetType: 'microsoft',
        targetId: 'microsoft',
        ruleId: other ? 'R5b' : 'R4a',
        clauses: other ? [] : ['C6', 'C7'],
        needsReview: other,
      });
    } else if (role === 'indirect-reseller') {
      Object.assign(options, {
        targetType: 'indirect-provider',
        targetId: `provider-${Math.floor(random() * 40)}`,
        ruleId: 'R2b',
        clauses: ['C8'],
      });
    } else {
      const indirect = random() < 0.3;
      Object.assign(options, {
        targetType: indirect ? 'indirect-reseller' : 'partner',
        targetId: indirect
          ? `reseller-${Math.floor(random() * (partners / 4))}`
          : `partner-${Math.floor(random() * partners)}`,
        ruleId: category === 'other' ? 'R5a' : 'R4b',
        clauses: ['C1', 'C5'],
      });
    }
    const row = routedRow({ ...options, category });
    rows.push(row);
    if (random() < 0.02) {
      rows.push(duplicateRow(row, null, { decidedAt: new Date(decidedAt.getTime() + 1) }));
    }
  }
  return rows;
}
