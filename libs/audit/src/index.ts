export * from './audit-event.entity';
export * from './audit-columns';
export * from './data-source';
export * from './migrations';
export * from './audit-log.writer';
export * from './reader-user';
export * from './audit-indexes';
export * from './audit-draft';
