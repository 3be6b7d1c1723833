import { describeError, explainKafkaError, KafkaBatchServer } from '@app/kafka';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { Consumer, Kafka } from 'kafkajs';
import { Logger, PinoLogger } from 'nestjs-pino';
import { RouterSettings } from './config/router.settings';
import { applyHeapGrowingPercent, limitMemoryReducerToOneCollection } from './heap-growing';
import { DataSource } from 'typeorm';
import { fetchOptions } from './kafka/fetch-limits';
import { KafkaStatus } from './kafka/kafka-status';
import { KAFKA } from './kafka/kafka.module';
import { TopicLimits } from './kafka/topic-limits';
import { RouterMetrics } from './metrics/router.metrics';
import { RouterModule } from './router.module';
import { TICKETS_NEW } from './routing/tickets.consumer';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(RouterModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const config = app.get<ConfigService<RouterSettings, true>>(ConfigService);
  applyHeapGrowingPercent(config.get('ROUTER_HEAP_GROWING_PERCENT', { infer: true }));
  limitMemoryReducerToOneCollection();
  const log = await app.resolve(PinoLogger);
  log.setContext(KafkaBatchServer.name);
  const limits = app.get(TopicLimits);
  const dataSource = app.get(DataSource);

  let server: KafkaBatchServer;
  app.connectMicroservice(
    {
      strategy: (server = new KafkaBatchServer({
        kafka: app.get<Kafka>(KAFKA),
        groupId: config.get('KAFKA_GROUP_ID', { infer: true }),
        transactionV2: config.get('KAFKA_TRANSACTION_PROTOCOL', { infer: true }) === 'auto',
        topics: { [TICKETS_NEW]: config.get('TOPIC_TICKETS_NEW', { infer: true }) },
        partitionsConsumedConcurrently: config.get('ROUTER_PARTITIONS_CONCURRENTLY', {
          infer: true,
        }),
        consumer: {
          sessionTimeout: config.get('KAFKA_SESSION_TIMEOUT_MS', { infer: true }),
          heartbeatInterval: Math.min(
            3000,
            Math.floor(config.get('KAFKA_SESSION_TIMEOUT_MS', { infer: true }) / 3),
          ),
          ...fetchOptions({
            ROUTER_MAX_BATCH_BYTES: config.get('ROUTER_MAX_BATCH_BYTES', { infer: true }),
            ROUTER_PARTITIONS_CONCURRENTLY: config.get('ROUTER_PARTITIONS_CONCURRENTLY', {
              infer: true,
            }),
            ROUTER_FETCH_MIN_BYTES: config.get('ROUTER_FETCH_MIN_BYTES', { infer: true }),
            ROUTER_FETCH_MAX_WAIT_MS: config.get('ROUTER_FETCH_MAX_WAIT_MS', { infer: true }),
          }),
        },
        // Holds also when a producer's record batch is larger than the fetch limit.
        maxBatchBytes: config.get('ROUTER_MAX_BATCH_BYTES', { infer: true }),
        // A produce request's record batch must fit the smallest output topic.
        maxSendBytes: () => limits.smallest(),
        probe: async () => {
          await dataSource.query('SELECT 1');
        },
        observer: app.get(RouterMetrics, { strict: false }),
        log: {
          info: (fields, message) => log.info(fields, message),
          warn: (fields, message) => log.warn(fields, message),
          error: (fields, message) => log.error(fields, message),
        },
      })),
    },
    { inheritAppConfig: true },
  );
  // init() runs the lifecycle hooks (topic creation) before the consumer subscribes.
  await app.init();
  const kafkaStatus = app.get(KafkaStatus);
  if (kafkaStatus.stoppedBecause) {
    log.error(
      { reason: kafkaStatus.stoppedBecause },
      `not consuming; /health says 503 until a restart: ${kafkaStatus.stoppedBecause}`,
    );
  } else {
    await app.startAllMicroservices();
    kafkaStatus.watch(server.unwrap<Consumer>(), (reason) => {
      log.error({ reason }, `Kafka consumer stopped; /health says 503 until a restart: ${reason}`);
    });
  }
  await app.listen(
    config.get('HTTP_PORT', { infer: true }),
    config.get('HTTP_HOST', { infer: true }),
  );
  // SIGTERM: stop fetching, finish and commit the batch in hand, disconnect Kafka, then close
  // the database (Nest closes the transport before running the shutdown hooks that end the
  // TypeORM pool and the admin client). Exit 0 once all of it is done.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      const watchdog = setTimeout(() => {
        log.error({ signal }, 'shutdown took more than 60 s; exiting');
        process.exit(1);
      }, 60_000);
      app.close().then(
        () => {
          clearTimeout(watchdog);
          // The log stream is synchronous (log-destination.ts): this line is out already.
          log.info({ signal }, 'shut down');
          process.exit(0);
        },
        (error: unknown) => {
          log.error({ error: describeError(error) }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  log.info(
    {
      http: `${config.get('HTTP_HOST', { infer: true })}:${config.get('HTTP_PORT', { infer: true })}`,
      input: config.get('TOPIC_TICKETS_NEW', { infer: true }),
      heapGrowingPercent: config.get('ROUTER_HEAP_GROWING_PERCENT', { infer: true }),
    },
    'router started',
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`router failed to start: ${explainKafkaError(error)}\n`);
  process.exit(1);
});
