/**
 * The broker's default `max.message.bytes` of a topic (`message.max.bytes`): the largest record
 * batch a topic with default settings takes.
 */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * Fetch limits of the router's consumer. A fetch returns a record batch larger than its
 * partition's limit only for the first partition of the response that has data (KIP-74); the
 * others return nothing that time. With the limit at ROUTER_MAX_BATCH_BYTES (512 KiB), input
 * written in larger record batches (a bulk load; the bench's preload writes 900 KiB ones) came
 * one partition a fetch, so one batch was processed at a time whatever
 * ROUTER_PARTITIONS_CONCURRENTLY said. A partition's limit of at least a whole default-sized
 * record batch lets one fetch bring as many partitions as are processed at once (and no more:
 * what a fetch brings is held until its last batch is done). ROUTER_MAX_BATCH_BYTES still
 * bounds each transaction: KafkaBatchServer splits a larger batch (docs/router.md).
 */
export function fetchLimits(
  maxBatchBytes: number,
  partitionsConcurrently: number,
): { maxBytesPerPartition: number; maxBytes: number } {
  const maxBytesPerPartition = Math.max(maxBatchBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES);
  return { maxBytesPerPartition, maxBytes: maxBytesPerPartition * partitionsConcurrently };
}

/** The router settings its consumer's fetches follow. */
export interface FetchSettings {
  ROUTER_MAX_BATCH_BYTES: number;
  ROUTER_PARTITIONS_CONCURRENTLY: number;
  ROUTER_FETCH_MIN_BYTES: number;
  ROUTER_FETCH_MAX_WAIT_MS: number;
}

/**
 * The kafkajs consumer's fetch options: the limits above, and how long the broker holds a fetch
 * for its minimum bytes (fetch.min.bytes, fetch.max.wait.ms; docs/deploying.md "CPU against
 * latency").
 */
export function fetchOptions(settings: FetchSettings): {
  minBytes: number;
  maxWaitTimeInMs: number;
  maxBytesPerPartition: number;
  maxBytes: number;
} {
  return {
    minBytes: settings.ROUTER_FETCH_MIN_BYTES,
    maxWaitTimeInMs: settings.ROUTER_FETCH_MAX_WAIT_MS,
    ...fetchLimits(settings.ROUTER_MAX_BATCH_BYTES, settings.ROUTER_PARTITIONS_CONCURRENTLY),
  };
}
