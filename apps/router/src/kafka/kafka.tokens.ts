/** Injection tokens of the router's Kafka client and its shared admin client. */
export const KAFKA = Symbol('KAFKA');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
