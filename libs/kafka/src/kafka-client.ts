import { KafkaSecuritySettings } from '@app/config';
import { Kafka, KafkaConfig, logCreator, logLevel, SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { ConnectionOptions } from 'node:tls';

/** Where kafkajs log lines go (the router passes its pino logger). */
export interface KafkaLogSink {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** TLS and SASL of a client, as kafkajs takes them. */
export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** From kafkaSecurity(settings); plaintext without it. */
  security?: KafkaSecurity;
  log?: KafkaLogSink;
  /** kafkajs retry of one request; the batch loop retries whole batches beyond this. */
  retry?: KafkaConfig['retry'];
  connectionTimeout?: number;
  requestTimeout?: number;
}

/**
 * The one place the project makes a Kafka client: the router (consumer, producers, admin,
 * health, lag metrics, topic creation), the demo, the ACL command and the tests. Consumers,
 * producers and the admin of a client share its brokers, TLS and SASL.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    connectionTimeout: options.connectionTimeout ?? 3000,
    // TLS and SASL add round trips to a connection's start.
    authenticationTimeout: 10_000,
    requestTimeout: options.requestTimeout ?? 30000,
    retry: options.retry ?? { initialRetryTime: 100, maxRetryTime: 5000, retries: 8 },
    logLevel: options.log ? logLevel.INFO : logLevel.NOTHING,
    logCreator: options.log ? toLogCreator(options.log) : undefined,
  });
}

/**
 * kafkajs TLS and SASL options from validated settings (WithKafkaSecurity). Reads the PEM files
 * now; start-up validation has checked that they are readable.
 */
export function kafkaSecurity(settings: KafkaSecuritySettings): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (settings.KAFKA_SSL) {
    const read = (path: string | undefined) => (path ? readFileSync(path, 'utf8') : undefined);
    const tls: ConnectionOptions = { rejectUnauthorized: true };
    const ca = read(settings.KAFKA_SSL_CA_FILE);
    if (ca) tls.ca = ca;
    const cert = read(settings.KAFKA_SSL_CERT_FILE);
    if (cert) tls.cert = cert;
    const key = read(settings.KAFKA_SSL_KEY_FILE);
    if (key) tls.key = key;
    security.ssl = tls;
  }
  if (settings.KAFKA_SASL_MECHANISM) {
    const username = settings.KAFKA_SASL_USERNAME ?? '';
    const password = settings.KAFKA_SASL_PASSWORD ?? '';
    security.sasl =
      settings.KAFKA_SASL_MECHANISM === 'plain'
        ? { mechanism: 'plain', username, password }
        : settings.KAFKA_SASL_MECHANISM === 'scram-sha-256'
          ? { mechanism: 'scram-sha-256', username, password }
          : { mechanism: 'scram-sha-512', username, password };
  }
  return security;
}

/**
 * A Kafka error in words an operator can act on: which setting to check when the brokers
 * reject the credentials or the TLS handshake fails, the error itself otherwise.
 */
export function explainKafkaError(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: unknown } | null;
  const text = `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
  if (!e?.name?.startsWith('KafkaJS')) return e?.message ?? String(error);
  if (e?.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed/i.test(text)) {
    return (
      `Kafka rejected the credentials (${text}); check KAFKA_SASL_USERNAME, ` +
      'KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE) and KAFKA_SASL_MECHANISM'
    );
  }
  if (
    /certificate|self[- ]signed|SSL|TLS|EPROTO|wrong version number|altnames/i.test(text) &&
    e?.name !== 'KafkaJSProtocolError'
  ) {
    return `TLS to Kafka failed (${text}); check KAFKA_SSL and KAFKA_SSL_CA_FILE`;
  }
  if (/AUTHORIZATION_FAILED|not authorized/i.test(text)) {
    return `Kafka denied an operation (${text}); check the ACLs of KAFKA_SASL_USERNAME`;
  }
  if (e?.cause && e.cause !== error) return `${text} (cause: ${explainKafkaError(e.cause)})`;
  return text;
}

function toLogCreator(sink: KafkaLogSink): logCreator {
  return () =>
    ({ level, namespace, log }) => {
      const { message, ...fields } = log;
      const entry = { kafkajs: namespace, ...fields };
      if (level === logLevel.ERROR) sink.error(entry, message);
      else if (level === logLevel.WARN) sink.warn(entry, message);
      else if (level === logLevel.INFO) sink.info(entry, message);
      else sink.debug(entry, message);
    };
}
