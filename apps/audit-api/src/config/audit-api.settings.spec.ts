import { ConfigurationError, validateEnvironment } from '@app/config';
import { AuditApiSettings } from './audit-api.settings';

describe(AuditApiSettings.name, () => {
  it('has defaults for everything but the keys', () => {
    const sut = validateEnvironment(AuditApiSettings, {});
    expect(sut).toMatchObject({
      AUDIT_API_DATABASE_URL: 'mysql://root@127.0.0.1:3306/ticket_router',
      AUDIT_API_PORT: 3001,
      AUDIT_API_HOST: '127.0.0.1',
      AUDIT_API_TRUSTED_PROXIES: 0,
      AUDIT_API_UNAUTHENTICATED_RATE_LIMIT: 30,
      AUDIT_API_DB_POOL_SIZE: 10,
      AUDIT_API_EXPORTS_PER_KEY: 2,
      AUDIT_API_EXPORTS_TOTAL: 4,
      AUDIT_API_EXPORT_STALL_SECONDS: 30,
      AUDIT_API_KEYS: '',
      AUDIT_API_RATE_LIMIT: 300,
      AUDIT_API_RATE_WINDOW_SECONDS: 60,
    });
  });

  it('accepts key entries separated by commas', () => {
    const keys = `alice:analyst:${'a'.repeat(64)},ops:admin:${'b'.repeat(64)}`;
    expect(validateEnvironment(AuditApiSettings, { AUDIT_API_KEYS: keys }).AUDIT_API_KEYS).toBe(
      keys,
    );
  });

  it.each([
    ['AUDIT_API_KEYS', 'tra_a-plain-key'],
    ['AUDIT_API_KEYS', `alice:reader:${'a'.repeat(64)}`],
    ['AUDIT_API_DATABASE_URL', 'postgres://x/y'],
    ['AUDIT_API_RATE_LIMIT', '0'],
    ['AUDIT_API_DB_POOL_SIZE', 'many'],
    ['AUDIT_API_HOST', 'localhost'],
    ['AUDIT_API_HOST', '0.0.0.0.0'],
    ['AUDIT_API_TRUSTED_PROXIES', '-1'],
    ['AUDIT_API_UNAUTHENTICATED_RATE_LIMIT', '0'],
    ['AUDIT_API_CURSOR_KEY', 'too-short'],
  ])('rejects %s=%j, naming it', (variable, value) => {
    expect(() => validateEnvironment(AuditApiSettings, { [variable]: value })).toThrow(
      ConfigurationError,
    );
    expect(() => validateEnvironment(AuditApiSettings, { [variable]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${variable}: `),
    );
  });

  it.each([
    [
      { AUDIT_API_EXPORTS_TOTAL: '10' },
      /AUDIT_API_EXPORTS_TOTAL: must be less than AUDIT_API_DB_POOL_SIZE/,
    ],
    [
      { AUDIT_API_EXPORTS_TOTAL: '3', AUDIT_API_DB_POOL_SIZE: '3' },
      /AUDIT_API_EXPORTS_TOTAL: must be less than/,
    ],
    [
      { AUDIT_API_EXPORTS_PER_KEY: '5' },
      /AUDIT_API_EXPORTS_PER_KEY: must be at most AUDIT_API_EXPORTS_TOTAL/,
    ],
    [{ AUDIT_API_EXPORT_STALL_SECONDS: '0' }, /AUDIT_API_EXPORT_STALL_SECONDS: must be an integer/],
  ])('keeps exports below the pool: refuses %j', (env, message) => {
    expect(() => validateEnvironment(AuditApiSettings, env)).toThrow(message);
  });

  it('accepts export limits within the pool', () => {
    const env = {
      AUDIT_API_DB_POOL_SIZE: '20',
      AUDIT_API_EXPORTS_TOTAL: '19',
      AUDIT_API_EXPORTS_PER_KEY: '19',
    };
    expect(validateEnvironment(AuditApiSettings, env)).toMatchObject({
      AUDIT_API_EXPORTS_TOTAL: 19,
      AUDIT_API_EXPORTS_PER_KEY: 19,
    });
  });

  it.each(['0.0.0.0', '::', '10.1.2.3'])('accepts AUDIT_API_HOST=%s', (host) => {
    expect(validateEnvironment(AuditApiSettings, { AUDIT_API_HOST: host }).AUDIT_API_HOST).toBe(
      host,
    );
  });

  it('tells how to make a key when an entry is malformed', () => {
    expect(() => validateEnvironment(AuditApiSettings, { AUDIT_API_KEYS: 'x' })).toThrow(
      /npm run api-key -- --role analyst/,
    );
  });
});
