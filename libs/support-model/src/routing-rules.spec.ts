import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORY_GROUPS } from './category-groups';
import { findRule, ROUTING_RULES, RuleFacts } from './routing-rules';
import { PRODUCT_TYPES, REQUESTER_ROLES } from './support-model.types';

function everyCombination(): RuleFacts[] {
  const all: RuleFacts[] = [];
  for (const role of REQUESTER_ROLES)
    for (const categoryGroup of CATEGORY_GROUPS)
      for (const productType of PRODUCT_TYPES)
        for (const publisherKnown of [true, false])
          all.push({ role, categoryGroup, productType, publisherKnown });
  return all;
}

describe('ROUTING_RULES', () => {
  it('decides every combination of role, category group, product type and publisher', () => {
    const undecided = everyCombination().filter((facts) => !findRule(facts));
    expect(undecided).toEqual([]);
  });

  it('has no rule that an earlier rule shadows completely', () => {
    const winners = new Set(everyCombination().map((facts) => findRule(facts)!.id));
    expect(ROUTING_RULES.map((rule) => rule.id).filter((id) => !winners.has(id))).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = ROUTING_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names Microsoft in escalation only for partner decisions', () => {
    for (const rule of ROUTING_RULES) {
      if (rule.escalateToMicrosoft) expect(rule.party).toBe('partner');
    }
  });

  it('cites at least one clause in every rule and in its rationale', () => {
    for (const rule of ROUTING_RULES) {
      expect(rule.clauses.length).toBeGreaterThan(0);
      expect(rule.rationale).toContain('{clauses}');
    }
  });

  it('sends every ISV request to Microsoft whatever else is true', () => {
    const isv = everyCombination().filter((facts) => facts.role === 'isv');
    expect(new Set(isv.map((facts) => findRule(facts)!.id))).toEqual(new Set(['R1']));
  });

  it('sends partners and providers to Microsoft for fallback questions, marked for review', () => {
    const sut = findRule({
      role: 'indirect-provider',
      categoryGroup: 'fallback',
      productType: 'third-party',
      publisherKnown: true,
    })!;
    expect(sut).toMatchObject({ id: 'R5b', party: 'microsoft', needsReview: true });
  });

  it('is the table docs/classification.md shows, rule by rule', () => {
    const doc = readFileSync(
      join(__dirname, '..', '..', '..', 'docs', 'classification.md'),
      'utf8',
    );
    const rows = doc.split('\n').filter((line) => /^\| R\d/.test(line));
    expect(rows.map((row) => row.split('|').map((cell) => cell.trim()))).toEqual(
      ROUTING_RULES.map((rule) => [
        '',
        rule.id,
        rule.spec,
        expect.any(String),
        rule.party === 'partner'
          ? expect.stringMatching(/^partner → /)
          : expect.stringContaining(rule.party),
        expect.any(String),
        rule.clauses.join(', '),
        '',
      ]),
    );
  });
});
