import { Kafka, KafkaConfig, logCreator, logLevel } from 'kafkajs';

/** Where kafkajs log lines go (the router passes its pino logger). */
export interface KafkaLogSink {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  log?: KafkaLogSink;
  /** kafkajs retry of one request; the batch loop retries whole batches beyond this. */
  retry?: KafkaConfig['retry'];
  connectionTimeout?: number;
  requestTimeout?: number;
}

/** One kafkajs client per process: consumers, producers and the admin share its settings. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeout ?? 3000,
    requestTimeout: options.requestTimeout ?? 30000,
    retry: options.retry ?? { initialRetryTime: 100, maxRetryTime: 5000, retries: 8 },
    logLevel: logLevel.INFO,
    logCreator: options.log ? toLogCreator(options.log) : undefined,
  });
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
