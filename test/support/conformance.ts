import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The public conformance cases (../shared/conformance). CI clones the repo elsewhere, where
 * ../shared may be missing, so the lookup goes: CONFORMANCE_DIR, <repo>/../shared/conformance,
 * /work/shared/conformance, then the copy committed under test/fixtures/conformance.
 */
const repo = resolve(__dirname, '..', '..');

export function conformanceDir(): string {
  const candidates = [
    process.env.CONFORMANCE_DIR,
    join(repo, '..', 'shared', 'conformance'),
    '/work/shared/conformance',
    join(repo, 'test', 'fixtures', 'conformance'),
  ].filter((dir): dir is string => !!dir);
  const found = candidates.find((dir) => existsSync(join(dir, 'cases.jsonl')));
  if (!found) throw new Error(`No conformance cases in ${candidates.join(', ')}`);
  return found;
}

export interface RoutedExpectation {
  party: string;
  target: { type: string; id: string };
  escalation: { type: string; id: string }[];
  category: string;
  categorySource: string;
}

export interface ConformanceCase {
  /** 1-based line of cases.jsonl. */
  line: number;
  input: unknown;
  expect: RoutedExpectation | { rejected: true };
  why?: string;
}

export function loadConformanceCases(dir = conformanceDir()): ConformanceCase[] {
  return readFileSync(join(dir, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => ({
      line: index + 1,
      ...(JSON.parse(line) as Omit<ConformanceCase, 'line'>),
    }));
}

/** What a helpdesk sends for the case: a string input is the message itself. */
export function caseMessage(testCase: ConformanceCase): string {
  return typeof testCase.input === 'string' ? testCase.input : JSON.stringify(testCase.input);
}

export const isRejectedCase = (c: ConformanceCase): boolean => 'rejected' in c.expect;

export const isTextOnlyCase = (c: ConformanceCase): boolean =>
  !isRejectedCase(c) &&
  typeof c.input === 'object' &&
  c.input !== null &&
  (c.input as { ticket?: { category?: unknown } }).ticket?.category === undefined;

/** Paths a bad-input case must be rejected at, read from the case's own `why`. */
export const EXPECTED_REJECTION_PATHS: Record<string, string> = {
  'not JSON': '$',
  'JSON array': '$',
  'JSON string': '$',
  'JSON null': '$',
  'missing eventId': 'eventId',
  'eventId too long': 'eventId',
  'wrong type': 'type',
  'wrong version': 'version',
  'version as string': 'version',
  'bad date': 'occurredAt',
  'missing subject': 'ticket.subject',
  'empty subject': 'ticket.subject',
  'subject too long': 'ticket.subject',
  'description too long': 'ticket.description',
  'unknown category': 'ticket.category',
  'unknown severity': 'ticket.severity',
  'ticket null': 'ticket',
  'unknown role': 'requester.role',
  'bad email': 'requester.email',
  'unknown product type': 'product.type',
  'customer without channel': 'channel',
  'direct without partnerId': 'channel.partnerId',
  'indirect without providerId': 'channel.providerId',
  'partner with indirect model': 'channel.model',
  'reseller with direct model': 'channel.model',
  'empty source': 'source',
  'ticket id as number': 'ticket.id',
};

export function summarize(routing: {
  party: string;
  target: { type: string; id: string };
  escalation: { type: string; id: string }[];
  category: string;
  categorySource: string;
}): RoutedExpectation {
  return {
    party: routing.party,
    target: { type: routing.target.type, id: routing.target.id },
    escalation: routing.escalation.map((e) => ({ type: e.type, id: e.id })),
    category: routing.category,
    categorySource: routing.categorySource,
  };
}
