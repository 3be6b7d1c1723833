export * from './kafka-batch.context';
export * from './kafka-batch.server';
export * from './kafka-client';
export * from './transactional-producer.pool';
export * from './isv-acl';
