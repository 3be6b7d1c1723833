/**
 * Which failures of a batch are the infrastructure's (retried without limit: the input is not
 * at fault) and which may be the input's (counted; see KafkaBatchServer's failure policy).
 * Unknown errors count: a bug or a refused value must not hold a partition for good.
 */

/** Kafka errors caused by what was produced: never transient, whatever kafkajs says. */
const MESSAGE_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

/** Kafka errors of the cluster, the credentials or the producer's state. */
const KAFKA_INFRA_ERRORS = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_TXN_STATE',
  'INVALID_PRODUCER_ID_MAPPING',
  'UNKNOWN_PRODUCER_ID',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'CONCURRENT_TRANSACTIONS',
  // Transaction protocol 2 (KIP-890): what protocol 1's requests got as INVALID_TXN_STATE.
  'TRANSACTION_ABORTABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  // The same three as kafkajs 2.2.4 names them (protocol error codes 14, 15, 16).
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'KAFKA_STORAGE_ERROR',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
]);

const KAFKA_INFRA_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSSASLAuthenticationError',
]);

/** Node and mysql2 connection codes. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_SERVER_SHUTDOWN',
]);

/**
 * MySQL/MariaDB server errors of the server's state, not of the data: access denied (1044,
 * 1045, 1142), unknown database or table (1049, 1146), too many connections (1040), out of
 * memory (1037, 1038, 1041), disk or table full (1021, 1114), shutdown (1053), lock wait and
 * deadlock (1205, 1213), interrupted or killed (1317, 1927), read-only (1290, 1836), gone
 * (2006, 2013), statement time limit (1969, 3024); and of the prepared audit INSERT: the
 * server's prepared statements all taken (1461, max_prepared_stmt_count is server-wide),
 * a statement to prepare again after a schema change (1615), an unknown statement handle (1243).
 */
const MYSQL_INFRA_ERRNOS = new Set([
  1021, 1037, 1038, 1040, 1041, 1044, 1045, 1049, 1053, 1114, 1142, 1146, 1205, 1213, 1243, 1290,
  1317, 1461, 1615, 1836, 1927, 1969, 2006, 2013, 3024,
]);

type ErrorFields = {
  name?: unknown;
  type?: unknown;
  code?: unknown;
  errno?: unknown;
  retriable?: unknown;
  cause?: unknown;
  originalError?: unknown;
  driverError?: unknown;
  errors?: unknown;
};

/** The error and what it wraps (kafkajs' cause, TypeORM's driverError, aggregates). */
function* chain(error: unknown): Generator<ErrorFields> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0 && seen.size < 16) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const fields = e as ErrorFields;
    yield fields;
    queue.push(fields.cause, fields.originalError, fields.driverError);
    if (Array.isArray(fields.errors)) queue.push(...(fields.errors as unknown[]));
  }
}

/** True when the broker or the database failed, not (possibly) the batch's input. */
export function isTransient(error: unknown): boolean {
  const links = [...chain(error)];
  if (links.some((e) => typeof e.type === 'string' && MESSAGE_ERRORS.has(e.type))) return false;
  return links.some(
    (e) =>
      (typeof e.type === 'string' && KAFKA_INFRA_ERRORS.has(e.type)) ||
      (typeof e.name === 'string' && KAFKA_INFRA_NAMES.has(e.name)) ||
      (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) ||
      (typeof e.errno === 'number' && MYSQL_INFRA_ERRNOS.has(e.errno)) ||
      // kafkajs marks its retriable protocol errors; its plain KafkaJSError defaults to it too.
      (e.retriable === true && typeof e.type === 'string'),
  );
}

/** One line for logs and dead-letter reasons: name, message, codes; never "[object Object]". */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const { code, errno, type } = error as ErrorFields;
    const codes = [type, code, errno].filter((v) => typeof v === 'string' || typeof v === 'number');
    const cause = (error as ErrorFields).cause;
    const suffix =
      cause instanceof Error && cause !== error ? ` (cause: ${describeError(cause)})` : '';
    return `${error.name}: ${error.message}${codes.length ? ` [${codes.join(' ')}]` : ''}${suffix}`;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
