// The console's state lives in the URL hash (#/decisions?party=isv&from=…), so a view can be
// shared as a link and the browser's back button works. Times in the URL are absolute
// (ISO-8601 UTC): a shared link shows the same rows to whoever opens it.
import {
  CATEGORIES,
  CATEGORY_SOURCES,
  PARTIES,
  TARGET_TYPES,
} from '../../../libs/support-model/src/support-model.types';

export const OUTCOMES = ['routed', 'rejected', 'duplicate'] as const;
export const GROUP_BYS = ['party', 'category', 'rule', 'outcome', 'target'] as const;
export const BUCKETS = ['hour', 'day', 'week'] as const;

/** The API's filters (search, stats, top targets, export), by parameter name. */
export const FILTER_FIELDS = [
  'from',
  'to',
  'party',
  'targetType',
  'targetId',
  'category',
  'categorySource',
  'ruleId',
  'outcome',
  'source',
  'ticketId',
  'needsReview',
  'ruleSetVersion',
  // Counts are of published decisions; this adds the re-sends that went nowhere (duplicates).
  'includeUnpublished',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type Filters = Partial<Record<FilterField, string>>;

export const CHOICES: Partial<Record<FilterField, readonly string[]>> = {
  party: PARTIES,
  targetType: TARGET_TYPES,
  category: CATEGORIES,
  categorySource: CATEGORY_SOURCES,
  outcome: OUTCOMES,
  needsReview: ['true', 'false'],
  includeUnpublished: ['true'],
};

export const LABELS: Record<FilterField, string> = {
  from: 'From (UTC)',
  to: 'To (UTC, exclusive)',
  party: 'Party',
  targetType: 'Target type',
  targetId: 'Target id',
  category: 'Category',
  categorySource: 'Category source',
  ruleId: 'Rule',
  outcome: 'Outcome',
  source: 'Source (helpdesk)',
  ticketId: 'Ticket id',
  needsReview: 'Needs review',
  ruleSetVersion: 'Rule-set version',
  includeUnpublished: 'Include re-sends (duplicates)',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const PRESETS: { id: string; label: string; ms: number }[] = [
  { id: '24h', label: 'Last 24 hours', ms: DAY },
  { id: '7d', label: 'Last 7 days', ms: 7 * DAY },
  { id: '30d', label: 'Last 30 days', ms: 30 * DAY },
  { id: '90d', label: 'Last 90 days', ms: 90 * DAY },
];

/** [now - preset, start of the next hour): whole hours, so hourly buckets line up. */
export function presetRange(id: string, now = Date.now()): { from: string; to: string } {
  const ms = PRESETS.find((p) => p.id === id)?.ms ?? 30 * DAY;
  const to = Math.ceil((now + 1) / HOUR) * HOUR;
  return { from: new Date(to - ms).toISOString(), to: new Date(to).toISOString() };
}

export function filtersFrom(params: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_FIELDS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** Every filter has a range: the list and the totals then count the same rows. */
export function withRange(f: Filters, now = Date.now()): Filters {
  if (f.from && f.to) return f;
  const r = presetRange('30d', now);
  return {
    ...f,
    from: f.from ?? (f.to ? new Date(Date.parse(f.to) - 30 * DAY).toISOString() : r.from),
    to: f.to ?? r.to,
  };
}

/** The bucket the API accepts (at most 2,000) and a chart can show: hours up to 3 days. */
export function autoBucket(f: Filters): (typeof BUCKETS)[number] {
  const span = Date.parse(f.to ?? '') - Date.parse(f.from ?? '');
  if (!Number.isFinite(span) || span > 180 * DAY) return span > 180 * DAY ? 'week' : 'day';
  return span <= 3 * DAY ? 'hour' : 'day';
}

export function bucketFits(bucket: string, f: Filters): boolean {
  const span = Date.parse(f.to ?? '') - Date.parse(f.from ?? '');
  const size = bucket === 'hour' ? HOUR : bucket === 'day' ? DAY : 7 * DAY;
  return !Number.isFinite(span) || span / size <= 1999;
}

export function toParams(
  f: Filters,
  extra: Record<string, string | undefined> = {},
): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTER_FIELDS) if (f[k]) q.set(k, f[k]);
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  return q;
}

/** <input type="datetime-local"> value (UTC) of an ISO time, and back. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}
