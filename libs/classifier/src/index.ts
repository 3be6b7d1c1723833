export * from './event-ids';
export * from './ticket-classifier';
export * from './message-size';
export * from './same-ticket';
export * from './publication';
