import { PUBLISHED_OUTCOMES } from '../../persistence/audit-record';
import { DecisionFiltersQuery, toDecisionFilters } from './decision-filters.query';

const query = (q: Partial<DecisionFiltersQuery>) => Object.assign(new DecisionFiltersQuery(), q);

describe('toDecisionFilters: what is counted', () => {
  it('counts only the published outcomes when no outcome is asked for', () => {
    expect(toDecisionFilters(query({})).outcome).toEqual(['routed', 'rejected']);
    expect(toDecisionFilters(query({ party: 'isv' })).outcome).toBe(PUBLISHED_OUTCOMES);
  });

  it('counts every outcome with includeUnpublished=true', () => {
    expect(toDecisionFilters(query({ includeUnpublished: true })).outcome).toBeUndefined();
    expect(toDecisionFilters(query({ includeUnpublished: false })).outcome).toBe(
      PUBLISHED_OUTCOMES,
    );
  });

  it('counts exactly the outcome named, published or not', () => {
    expect(toDecisionFilters(query({ outcome: 'duplicate' })).outcome).toBe('duplicate');
    expect(toDecisionFilters(query({ outcome: 'routed', includeUnpublished: true })).outcome).toBe(
      'routed',
    );
  });
});
