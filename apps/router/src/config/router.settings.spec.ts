import { ConfigurationError, validateEnvironment } from '@app/config';
import { RouterSettings } from './router.settings';

describe(RouterSettings.name, () => {
  it('uses the contract defaults when nothing is set', () => {
    const sut = validateEnvironment(RouterSettings, {});
    expect(sut).toMatchObject({
      KAFKA_BROKERS: 'localhost:9092',
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/ticket_router',
      TOPIC_TICKETS_NEW: 'support.tickets.new',
      TOPIC_ROUTED_PARTNER: 'support.tickets.routed.partner',
      TOPIC_ROUTED_ISV: 'support.tickets.routed.isv',
      TOPIC_ROUTED_MICROSOFT: 'support.tickets.routed.microsoft',
      TOPIC_DLQ: 'support.tickets.dlq',
      TOPIC_PARTITIONS: 6,
      // An event is fetched as soon as it is committed; an idle fetch waits 5 s.
      ROUTER_FETCH_MIN_BYTES: 1,
      ROUTER_FETCH_MAX_WAIT_MS: 5000,
      // Transaction protocol 2 (KIP-890) where the cluster has it.
      KAFKA_TRANSACTION_PROTOCOL: 'auto',
      // /health and /metrics stay on loopback unless an operator opens them.
      HTTP_HOST: '127.0.0.1',
    });
  });

  it('turns integer settings into numbers', () => {
    expect(validateEnvironment(RouterSettings, { TOPIC_PARTITIONS: ' 12 ' }).TOPIC_PARTITIONS).toBe(
      12,
    );
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_BROKERS', 'a:1,,b:2'],
    ['DATABASE_URL', 'postgres://root@127.0.0.1/x'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306/bad-name'],
    ['TOPIC_DLQ', 'has space'],
    ['TOPIC_PARTITIONS', '0'],
    ['TOPIC_PARTITIONS', 'six'],
    ['HTTP_PORT', '70000'],
    ['ROUTER_HEAP_GROWING_PERCENT', '-1'],
    ['ROUTER_HEAP_GROWING_PERCENT', '1000'],
    ['ROUTER_FETCH_MIN_BYTES', '0'],
    ['ROUTER_FETCH_MAX_WAIT_MS', '0'],
    ['ROUTER_FETCH_MAX_WAIT_MS', '6000'],
    ['HTTP_HOST', 'everywhere'],
    ['LOG_LEVEL', 'verbose'],
    ['KAFKA_TRANSACTION_PROTOCOL', '2'],
  ])('rejects %s=%j with an error naming the variable', (variable, value) => {
    expect(() => validateEnvironment(RouterSettings, { [variable]: value })).toThrow(
      ConfigurationError,
    );
    expect(() => validateEnvironment(RouterSettings, { [variable]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${variable}: `),
    );
  });

  it('takes KAFKA_TRANSACTION_PROTOCOL=1', () => {
    expect(
      validateEnvironment(RouterSettings, { KAFKA_TRANSACTION_PROTOCOL: ' 1 ' })
        .KAFKA_TRANSACTION_PROTOCOL,
    ).toBe('1');
  });

  it('names every bad variable at once', () => {
    try {
      validateEnvironment(RouterSettings, { KAFKA_BROKERS: 'x', TOPIC_PARTITIONS: '-1' });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect((error as ConfigurationError).problems.map((p) => p.variable)).toEqual([
        'KAFKA_BROKERS',
        'TOPIC_PARTITIONS',
      ]);
    }
  });
});

describe('RouterSettings: Kafka security and topics per target', () => {
  it('publishes to the shared topics by default', () => {
    expect(validateEnvironment(RouterSettings, {}).TOPIC_ROUTED_PER_TARGET).toEqual([]);
  });

  it('takes TOPIC_ROUTED_PER_TARGET=isv', () => {
    expect(
      validateEnvironment(RouterSettings, { TOPIC_ROUTED_PER_TARGET: ' ISV ' })
        .TOPIC_ROUTED_PER_TARGET,
    ).toEqual(['isv']);
  });

  it.each([
    ['TOPIC_ROUTED_PER_TARGET', { TOPIC_ROUTED_PER_TARGET: 'partner' }],
    ['KAFKA_SASL_USERNAME', { KAFKA_SASL_MECHANISM: 'scram-sha-512' }],
    ['KAFKA_SASL_MECHANISM', { KAFKA_SASL_MECHANISM: 'oauth' }],
    ['KAFKA_SSL_CA_FILE', { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }],
    ['KAFKA_SASL_PASSWORD_FILE', { KAFKA_SASL_PASSWORD_FILE: '/nonexistent/password' }],
    ['DATABASE_URL_FILE', { DATABASE_URL_FILE: '/nonexistent/url' }],
  ])('stops start-up naming %s', (variable, env) => {
    expect(() => validateEnvironment(RouterSettings, env)).toThrow(
      new RegExp(`^Invalid configuration: ${variable}: `),
    );
  });
});
