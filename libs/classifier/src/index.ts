export * from './event-ids';
export * from './ticket-classifier';
