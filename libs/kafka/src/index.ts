export * from './kafka-batch.context';
export * from './kafka-batch.server';
export * from './kafka-client';
export * from './transactional-producer.pool';
export * from './batch-errors';
export * from './rethrow-errors.filter';
export * from './isv-acl';
