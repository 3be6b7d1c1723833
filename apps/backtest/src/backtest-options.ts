import { CATEGORIES, PARTIES, TARGET_TYPES } from '@app/support-model';

export const OUTCOMES = ['routed', 'rejected', 'duplicate'] as const;
export const FORMATS = ['table', 'json', 'csv'] as const;

/** Filters on the stored rows, as the audit search names them. */
export interface HistoryFilters {
  from: Date;
  to: Date;
  party?: string;
  targetType?: string;
  targetId?: string;
  category?: string;
  ruleId?: string;
  outcome?: string;
  source?: string;
}

export interface BacktestOptions {
  filters: HistoryFilters;
  catalogFile: string;
  format: (typeof FORMATS)[number];
  failOnChange: boolean;
  samples: number;
  pageSize: number;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run --silent backtest -- --from DATE [--to DATE] --catalog FILE
         [--party P] [--target-type T] [--target-id ID] [--category C] [--rule-id R]
         [--outcome routed|rejected|duplicate] [--source S]
         [--format table|json|csv] [--samples N] [--page-size N] [--fail-on-change]
Decides the stored inputs of audit_events (DATABASE_URL) with decided_at in [--from, --to)
again with the current rules and the catalog FILE, and reports what would change.`;

const VALUED = new Set([
  'from',
  'to',
  'catalog',
  'party',
  'target-type',
  'target-id',
  'category',
  'rule-id',
  'outcome',
  'source',
  'format',
  'samples',
  'page-size',
]);

export function parseBacktestArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now = new Date(),
): BacktestOptions {
  const values = new Map<string, string>();
  let failOnChange = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${arg}`);
    const [, name, inline] = match;
    if (name === 'fail-on-change') {
      failOnChange = true;
      continue;
    }
    if (!VALUED.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  const date = (name: string, fallback?: Date): Date => {
    const text = values.get(name);
    if (text === undefined) {
      if (fallback) return fallback;
      throw new UsageError(`--${name} is required (an ISO-8601 date or date-time)`);
    }
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime())) throw new UsageError(`--${name} is not a date: ${text}`);
    return parsed;
  };
  const oneOf = (name: string, allowed: readonly string[]): string | undefined => {
    const value = values.get(name);
    if (value !== undefined && !allowed.includes(value)) {
      throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
    }
    return value;
  };
  const count = (name: string, fallback: number, min: number, max: number): number => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
    }
    return n;
  };
  const from = date('from');
  const to = date('to', now);
  if (to.getTime() <= from.getTime()) throw new UsageError('--to must be after --from');
  const catalogFile = values.get('catalog') ?? env.CATALOG_FILE;
  if (!catalogFile) throw new UsageError('--catalog is required (or CATALOG_FILE)');
  const filters: HistoryFilters = { from, to };
  const party = oneOf('party', PARTIES);
  const targetType = oneOf('target-type', TARGET_TYPES);
  const category = oneOf('category', CATEGORIES);
  const outcome = oneOf('outcome', OUTCOMES);
  if (party !== undefined) filters.party = party;
  if (targetType !== undefined) filters.targetType = targetType;
  if (values.has('target-id')) filters.targetId = values.get('target-id');
  if (category !== undefined) filters.category = category;
  if (values.has('rule-id')) filters.ruleId = values.get('rule-id');
  if (outcome !== undefined) filters.outcome = outcome;
  if (values.has('source')) filters.source = values.get('source');
  return {
    filters,
    catalogFile,
    format: (oneOf('format', FORMATS) ?? 'table') as BacktestOptions['format'],
    failOnChange,
    samples: count('samples', 20, 0, 10_000),
    pageSize: count('page-size', 2000, 1, 50_000),
  };
}
