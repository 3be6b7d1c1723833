import {
  IntSetting,
  IsBrokerList,
  IsDatabaseUrl,
  IsTopicName,
  Trim,
  WithDatabaseTls,
  WithKafkaSecurity,
} from '@app/config';
import { PER_TARGET_PARTIES, TOPICS } from '@app/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsIP, IsNotEmpty, IsString } from 'class-validator';

/**
 * The router's settings, read from the environment at start-up and validated; a bad value
 * stops the process with a message naming the variable. Defaults follow the public contract
 * (../shared/docs/contract.md). Documented in README "Settings" and .env.example. Kafka TLS
 * and SASL (KAFKA_SSL*, KAFKA_SASL_*) come from WithKafkaSecurity, MySQL TLS (DATABASE_SSL*)
 * from WithDatabaseTls; any setting may be read from a file named by <NAME>_FILE.
 */
export class RouterSettings extends WithKafkaSecurity(WithDatabaseTls(class {})) {
  @IsBrokerList()
  KAFKA_BROKERS = 'localhost:9092';

  @Trim()
  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID = 'ticket-router';

  @Trim()
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID = 'ticket-router';

  @IsDatabaseUrl()
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/ticket_router';

  /**
   * How long the group waits for a silent member (a crashed router) before giving its
   * partitions to the others. Heartbeats go every third of it, at most every 3 s.
   */
  @IntSetting(6000, 300_000)
  KAFKA_SESSION_TIMEOUT_MS = 30_000;

  /**
   * The Kafka transaction protocol. `auto`: version 2 (KIP-890 part 2: three requests a
   * transaction instead of five) where the cluster has finalized `transaction.version` 2 or
   * higher (Kafka 4.0 and later), else version 1. `1`: version 1 everywhere.
   */
  @Trim()
  @IsIn(['auto', '1'], { message: 'must be auto or 1' })
  KAFKA_TRANSACTION_PROTOCOL: 'auto' | '1' = 'auto';

  @IsTopicName()
  TOPIC_TICKETS_NEW = TOPICS.ticketsNew.name;

  @IsTopicName()
  TOPIC_ROUTED_PARTNER = TOPICS.routedPartner.name;

  @IsTopicName()
  TOPIC_ROUTED_ISV = TOPICS.routedIsv.name;

  @IsTopicName()
  TOPIC_ROUTED_MICROSOFT = TOPICS.routedMicrosoft.name;

  @IsTopicName()
  TOPIC_DLQ = TOPICS.dlq.name;

  /**
   * Parties whose routed events go to a topic per target: `isv` publishes each catalog
   * publisher's to <TOPIC_ROUTED_ISV>.<publisherId> (docs/deploying.md); empty for the shared
   * topics only.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((v) => v.trim().toLowerCase())
          .filter((v) => v !== '')
      : value,
  )
  @IsIn(PER_TARGET_PARTIES, {
    each: true,
    message: `must be empty or ${PER_TARGET_PARTIES.join(', ')} (partners have no topic of their own)`,
  })
  TOPIC_ROUTED_PER_TARGET: string[] = [];

  /** Partitions of the topics the router creates at start when they are missing. */
  @IntSetting(1, 1000)
  TOPIC_PARTITIONS = 6;

  @Trim()
  @IsString()
  @IsNotEmpty()
  CATALOG_FILE = 'config/offers.json';

  /** How often the router looks for a changed CATALOG_FILE (0: never; the file is read at start). */
  @IntSetting(0, 3600)
  CATALOG_RELOAD_SECONDS = 5;

  /** Input partitions the router processes at the same time (each in its own transaction). */
  @IntSetting(1, 64)
  ROUTER_PARTITIONS_CONCURRENTLY = 3;

  /**
   * Input bytes handed over in one transaction at most (a larger fetched batch is split);
   * bounds a batch, its audit insert and its memory. A fetch takes up to the larger of this and
   * 1 MiB a partition, for as many partitions as are processed at once (kafka/fetch-limits.ts).
   */
  @IntSetting(16 * 1024, 64 * 1024 * 1024)
  ROUTER_MAX_BATCH_BYTES = 512 * 1024;

  /**
   * Bytes the broker waits for before it answers a fetch (Kafka's fetch.min.bytes), for at most
   * ROUTER_FETCH_MAX_WAIT_MS. 1: an event is fetched as soon as it is committed. More holds
   * events at low rates so that several share a fetch, an INSERT and a transaction: less CPU
   * an event, for latency and for a fetch every ROUTER_FETCH_MAX_WAIT_MS while idle
   * (measured: docs/deploying.md "CPU against latency").
   */
  @IntSetting(1, 64 * 1024 * 1024)
  ROUTER_FETCH_MIN_BYTES = 1;

  /**
   * How long the broker holds a fetch that has less than ROUTER_FETCH_MIN_BYTES (Kafka's
   * fetch.max.wait.ms); also how long an idle router's fetch waits. At most 5000 (kafkajs'
   * default), so that heartbeats, sent between fetches, keep within the session timeout.
   */
  @IntSetting(10, 5000)
  ROUTER_FETCH_MAX_WAIT_MS = 5000;

  /**
   * How far the V8 old generation may grow past its live objects before a full collection,
   * in percent (100: to twice them); 0 leaves V8's own factor (up to 4×). 75 keeps the
   * router's peak RSS at about 256 MiB at full speed with three batches in hand (246-262 MiB
   * measured; 100: 259-262), at an events/s within the noise of 100 (apps/router/src/heap-growing.ts, docs/deploying.md "Memory").
   */
  @IntSetting(0, 300)
  ROUTER_HEAP_GROWING_PERCENT = 75;

  /** HTTP port of /health and /metrics. */
  @IntSetting(1, 65535)
  HTTP_PORT = 3000;

  /**
   * Address /health and /metrics listen on: loopback unless said otherwise (0.0.0.0 in a
   * container, behind its published port).
   */
  @IsIP()
  HTTP_HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}
