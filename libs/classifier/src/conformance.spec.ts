import { OfferCatalog } from '@app/catalog';
import { join } from 'node:path';
import {
  caseMessage,
  conformanceDir,
  EXPECTED_REJECTION_PATHS,
  isRejectedCase,
  isTextOnlyCase,
  loadConformanceCases,
  summarize,
} from '../../../test/support/conformance';
import { TicketClassifier } from './ticket-classifier';

const dir = conformanceDir();
const cases = loadConformanceCases(dir);
const sut = new TicketClassifier(OfferCatalog.fromFile(join(dir, 'offers.json')));
const classify = (c: (typeof cases)[number]) =>
  sut.classify(caseMessage(c), { file: 'cases.jsonl', line: c.line });

describe(`conformance cases of ${dir} through the library`, () => {
  const explicit = cases.filter((c) => !isRejectedCase(c) && !isTextOnlyCase(c));
  const rejected = cases.filter(isRejectedCase);
  const textOnly = cases.filter(isTextOnlyCase);

  it('has cases of every kind', () => {
    expect(explicit.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);
    expect(textOnly.length).toBeGreaterThan(0);
  });

  it.each(explicit.map((c) => [c.line, c]))(
    'routes the explicit-category case of line %i',
    (_, c) => {
      const result = classify(c);
      expect(result.outcome).toBe('routed');
      expect(result.outcome === 'routed' && summarize(result.event.routing)).toEqual(c.expect);
    },
  );

  it.each(rejected.map((c) => [c.line, c.why ?? '', c]))(
    'rejects the bad input of line %i (%s) with its reasons',
    (_, why, c) => {
      const result = classify(c);
      expect(result.outcome).toBe('rejected');
      if (result.outcome !== 'rejected') return;
      expect(result.record.errors.length).toBeGreaterThan(0);
      const path = EXPECTED_REJECTION_PATHS[why];
      if (path) expect(result.record.errors.map((e) => e.path)).toContain(path);
      expect(result.record.raw).toBe(caseMessage(c));
    },
  );

  it('routes the text-only cases exactly as expected at a rate of at least 90%', () => {
    const misses = textOnly.filter((c) => {
      const result = classify(c);
      return !(
        result.outcome === 'routed' &&
        JSON.stringify(summarize(result.event.routing)) === JSON.stringify(c.expect)
      );
    });
    const rate = (textOnly.length - misses.length) / textOnly.length;
    process.stdout.write(
      `text-only conformance: ${textOnly.length - misses.length}/${textOnly.length} (${(rate * 100).toFixed(1)}%)\n`,
    );
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});
