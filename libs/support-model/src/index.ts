export * from './category-groups';
export * from './clauses';
export * from './category-inference';
export * from './category-lexicon';
export * from './routing-rules';
export * from './support-decision';
export * from './support-model.types';
export * from './ticket-language';
