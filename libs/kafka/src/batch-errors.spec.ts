import {
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSConnectionError,
} from 'kafkajs';
import { describeError, isTransient } from './batch-errors';

const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError({ message: type, type, code: 0, retriable } as never);
const mysqlError = (errno: number, code: string) =>
  Object.assign(new Error(`${code}: boom`), { errno, code });

describe(isTransient.name, () => {
  it.each([
    [
      'the broker refusing connections',
      new KafkaJSConnectionError('Connection error: ECONNREFUSED'),
    ],
    [
      'a retriable protocol error after retries',
      new KafkaJSNumberOfRetriesExceeded(protocolError('NOT_LEADER_FOR_PARTITION', true), {
        retryCount: 5,
        retryTime: 100,
      }),
    ],
    ['a fenced producer', protocolError('INVALID_PRODUCER_EPOCH', false)],
    // EndTxn v5 answers PRODUCER_FENCED (90), which older versions got as INVALID_PRODUCER_EPOCH.
    ['a fenced producer on transaction protocol 2', protocolError('PRODUCER_FENCED', false)],
    [
      'a transaction the broker wants aborted (protocol 2)',
      protocolError('TRANSACTION_ABORTABLE', false),
    ],
    [
      'a coordinator that moved or is unloading (a broker restart)',
      protocolError('NOT_COORDINATOR_FOR_GROUP', true),
    ],
    ['a coordinator still loading', protocolError('GROUP_LOAD_IN_PROGRESS', true)],
    ['no coordinator yet', protocolError('GROUP_COORDINATOR_NOT_AVAILABLE', true)],
    ['an authorization failure', protocolError('TOPIC_AUTHORIZATION_FAILED', false)],
    [
      'MySQL gone',
      Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }),
    ],
    [
      'MySQL refusing connections',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a full InnoDB', mysqlError(1114, 'ER_RECORD_FILE_FULL')],
    ['a deadlock', mysqlError(1213, 'ER_LOCK_DEADLOCK')],
    [
      'no prepared statement left on the server',
      mysqlError(1461, 'ER_MAX_PREPARED_STMT_COUNT_REACHED'),
    ],
    ['a prepared statement to prepare again', mysqlError(1615, 'ER_NEED_REPREPARE')],
    ['an unknown prepared statement', mysqlError(1243, 'ER_UNKNOWN_STMT_HANDLER')],
    [
      'TypeORM wrapping a lost connection',
      Object.assign(new Error('query failed'), { driverError: mysqlError(2013, 'CR_SERVER_LOST') }),
    ],
  ])('retries %s without counting it against the input', (_name, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a message too large for its topic', protocolError('MESSAGE_TOO_LARGE', false)],
    [
      'a message too large, even wrapped in a retriable error',
      new KafkaJSNumberOfRetriesExceeded(protocolError('MESSAGE_TOO_LARGE', false), {
        retryCount: 0,
        retryTime: 0,
      }),
    ],
    ['a corrupt record (kafkajs calls it retriable)', protocolError('CORRUPT_MESSAGE', true)],
    ['MariaDB refusing a JSON value', mysqlError(4025, 'ER_CONSTRAINT_FAILED')],
    ['a value too long for its column', mysqlError(1406, 'ER_DATA_TOO_LONG')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['anything unknown', { weird: true }],
  ])('counts %s, so that it is retried a bounded number of times', (_name, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe(describeError.name, () => {
  it('names an error, its message and its codes', () => {
    expect(describeError(mysqlError(4025, 'ER_CONSTRAINT_FAILED'))).toBe(
      'Error: ER_CONSTRAINT_FAILED: boom [ER_CONSTRAINT_FAILED 4025]',
    );
  });

  it('never prints [object Object] for an error that is a plain object', () => {
    expect(describeError({ code: 'ER_X', sqlMessage: 'bad' })).toBe(
      '{"code":"ER_X","sqlMessage":"bad"}',
    );
  });
});
