export * from './kafka-batch.context';
export * from './kafka-batch.server';
export * from './kafka-client';
export * from './transactional-producers';
export * from './batch-errors';
export * from './rethrow-errors.filter';
export * from './isv-acl';
export * from './group-commit';
