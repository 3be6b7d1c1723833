import { validateEnvironment } from '@app/config';
import { RouterSettings } from '../config/router.settings';
import { fetchOptions, KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from './fetch-limits';

describe(fetchOptions.name, () => {
  it('fetches an event as soon as it is committed, three partitions of a whole record batch, by default', () => {
    expect(fetchOptions(validateEnvironment(RouterSettings, {}))).toEqual({
      minBytes: 1,
      maxWaitTimeInMs: 5000,
      maxBytesPerPartition: KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
      maxBytes: 3 * KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
    });
  });

  it('holds a fetch for the bytes and the time the settings say', () => {
    const settings = validateEnvironment(RouterSettings, {
      ROUTER_FETCH_MIN_BYTES: '1048576',
      ROUTER_FETCH_MAX_WAIT_MS: '100',
      ROUTER_MAX_BATCH_BYTES: String(4 * 1024 * 1024),
      ROUTER_PARTITIONS_CONCURRENTLY: '2',
    });
    expect(fetchOptions(settings)).toEqual({
      minBytes: 1048576,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
    });
  });
});
