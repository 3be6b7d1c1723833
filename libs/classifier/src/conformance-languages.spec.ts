import { OfferCatalog } from '@app/catalog';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir, summarize } from '../../../test/support/conformance';
import { TicketClassifier } from './ticket-classifier';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'conformance-languages');
const sut = new TicketClassifier(OfferCatalog.fromFile(join(conformanceDir(), 'offers.json')));

const LANGUAGE_NAMES: Record<string, string> = {
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  pt: 'Portuguese',
  ja: 'Japanese',
  'zh-Hans': 'Chinese',
  'zh-Hant': 'Chinese',
};

interface LanguageCase {
  input: { eventId: string; ticket: { subject: string; language?: string } };
  expect: unknown;
  language: string;
}

const load = (file: string): LanguageCase[] =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LanguageCase);

const route = (c: LanguageCase) => {
  const result = sut.classify(JSON.stringify(c.input), { file: 'cases.jsonl', line: 1 });
  if (result.outcome !== 'routed') throw new Error(`${c.input.eventId} was rejected`);
  return result.event.routing;
};

describe('conformance cases in German, French, Spanish, Portuguese, Japanese and Chinese', () => {
  const cases = load('cases.jsonl');

  it('has cases of every category in every language, with and without a language hint', () => {
    const languages = new Set(cases.map((c) => c.language));
    expect([...languages].sort()).toEqual(['de', 'es', 'fr', 'ja', 'pt', 'zh-Hans', 'zh-Hant']);
    for (const language of languages) {
      const own = cases.filter((c) => c.language === language);
      expect(own).toHaveLength(14);
      expect(own.some((c) => c.input.ticket.language === undefined)).toBe(true);
      expect(own.some((c) => c.input.ticket.language !== undefined)).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.input.eventId, c.language, c]))(
    'routes %s (%s) exactly as expected',
    (_, __, c) => {
      expect(summarize(route(c))).toEqual(c.expect);
    },
  );

  it.each(
    cases
      .filter((c) => (c.expect as { categorySource: string }).categorySource === 'inferred')
      .map((c) => [c.input.eventId, c]),
  )('names the terms that decided %s and their language in the rationale', (_, c) => {
    const routing = route(c);
    expect(routing.matchedTerms?.length).toBeGreaterThan(0);
    expect(routing.rationale).toContain(`"${routing.matchedTerms![0].term}"`);
    const languages = /; the category was inferred from the ([A-Za-z ]+) terms /.exec(
      routing.rationale,
    );
    expect(languages?.[1].split(' and ')).toContain(LANGUAGE_NAMES[c.language]);
  });

  it('says in the decision when no category could be inferred with confidence', () => {
    for (const c of cases.filter((x) => (x.expect as { category: string }).category === 'other')) {
      const routing = route(c);
      expect(routing.rationale).toMatch(
        /; no category could be inferred with confidence from the text\.$/,
      );
      expect(routing.notes).toContainEqual(
        expect.stringMatching(/^No category could be inferred with confidence/),
      );
    }
  });
});

describe.each([
  ['holdout.jsonl', 'held-out tickets in the same languages'],
  ['holdout-subjects.jsonl', 'held-out terse subjects without a description or a language hint'],
])('%s: %s (scored before any tuning on them)', (file) => {
  const cases = load(file);

  it('routes at least 90% of them exactly as expected', () => {
    const misses = cases.filter(
      (c) => JSON.stringify(summarize(route(c))) !== JSON.stringify(c.expect),
    );
    const rate = 1 - misses.length / cases.length;
    process.stdout.write(`${file}: ${cases.length - misses.length}/${cases.length}\n`);
    expect({ rate: rate >= 0.9, misses: misses.map((c) => c.input.eventId) }).toEqual({
      rate: true,
      misses: expect.any(Array),
    });
  });
});
