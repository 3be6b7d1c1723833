import { IsOptional, IsString } from 'class-validator';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, validateEnvironment } from './environment';
import {
  databaseTls,
  databaseTlsOf,
  DatabaseTlsSettings,
  KafkaSecuritySettings,
} from './security.settings';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'notes.txt');
writeFileSync(notPem, 'hello');

function problems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    validateEnvironment(KafkaSecuritySettings, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('Kafka TLS and SASL settings', () => {
  it('is plaintext without SASL by default', () => {
    expect(validateEnvironment(KafkaSecuritySettings, {})).toMatchObject({
      KAFKA_SSL: false,
      KAFKA_SASL_MECHANISM: undefined,
    });
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512', ' SCRAM-SHA-512 '])(
    'accepts mechanism %j with a username and a password',
    (mechanism) => {
      const settings = validateEnvironment(KafkaSecuritySettings, {
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: pem,
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: 'router',
        KAFKA_SASL_PASSWORD: 's3cret ',
      });
      expect(settings).toMatchObject({
        KAFKA_SSL: true,
        KAFKA_SSL_CA_FILE: pem,
        KAFKA_SASL_MECHANISM: mechanism.trim().toLowerCase(),
        KAFKA_SASL_USERNAME: 'router',
        KAFKA_SASL_PASSWORD: 's3cret ',
      });
    },
  );

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'scram-sha-512' }, 'KAFKA_SASL_USERNAME', /is required/],
    [
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'router' },
      'KAFKA_SASL_PASSWORD',
      /is required when KAFKA_SASL_MECHANISM is set/,
    ],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM', /must be one of plain/],
    [{ KAFKA_SASL_MECHANISM: 'oauthbearer' }, 'KAFKA_SASL_MECHANISM', /oauthbearer is not/],
    [
      { KAFKA_SASL_USERNAME: 'router', KAFKA_SASL_PASSWORD: 'x' },
      'KAFKA_SASL_USERNAME',
      /KAFKA_SASL_MECHANISM must be set/,
    ],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') },
      'KAFKA_SSL_CA_FILE',
      /cannot read .*ENOENT/,
    ],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: dir }, 'KAFKA_SSL_CA_FILE', /cannot read .*EISDIR/],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem }, 'KAFKA_SSL_CA_FILE', /not a PEM file/],
    [{ KAFKA_SSL_CA_FILE: pem }, 'KAFKA_SSL', /must be true when KAFKA_SSL_CA_FILE is set/],
    [{ KAFKA_SSL: 'maybe' }, 'KAFKA_SSL', /true or false/],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: pem },
      'KAFKA_SSL_CERT_FILE',
      /KAFKA_SSL_KEY_FILE must be set too/,
    ],
  ])('%j stops start-up naming %s', (env, variable, message) => {
    const found = problems(env);
    expect(found.map((p) => p.variable)).toContain(variable);
    expect(found.find((p) => p.variable === variable)?.message).toMatch(message);
  });

  it('never puts the password in a message', () => {
    try {
      validateEnvironment(KafkaSecuritySettings, {
        KAFKA_SASL_MECHANISM: 'kerberos',
        KAFKA_SASL_USERNAME: 'router',
        KAFKA_SASL_PASSWORD: 'hunter2-secret',
      });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(String(error)).not.toContain('hunter2-secret');
    }
  });
});

describe('settings from files (<NAME>_FILE)', () => {
  it('reads a secret from the file, dropping one trailing newline', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 'from-a-file\n');
    const settings = validateEnvironment(KafkaSecuritySettings, {
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'router',
      KAFKA_SASL_PASSWORD_FILE: file,
    });
    expect(settings.KAFKA_SASL_PASSWORD).toBe('from-a-file');
  });

  it('names the _FILE variable when the file cannot be read', () => {
    expect(
      problems({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'router',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'nope'),
      }),
    ).toEqual([
      {
        variable: 'KAFKA_SASL_PASSWORD_FILE',
        message: expect.stringMatching(/cannot read .*ENOENT/),
      },
    ]);
  });

  it('refuses a value and a file for the same setting', () => {
    expect(
      problems({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'router',
        KAFKA_SASL_PASSWORD: 'a',
        KAFKA_SASL_PASSWORD_FILE: pem,
      }).map((p) => p.variable),
    ).toEqual(['KAFKA_SASL_PASSWORD_FILE']);
  });

  it('leaves a <NAME>_FILE the class declares itself to the class (AUDIT_API_KEYS_FILE)', () => {
    class WithOwnFile {
      @IsString()
      KEYS = '';

      @IsOptional()
      @IsString()
      KEYS_FILE?: string;
    }
    expect(validateEnvironment(WithOwnFile, { KEYS: 'a', KEYS_FILE: '/nonexistent' })).toEqual({
      KEYS: 'a',
      KEYS_FILE: '/nonexistent',
    });
  });

  it('reads any setting of a class from a file, e.g. a database URL', () => {
    class WithUrl {
      @IsString()
      DATABASE_URL = 'mysql://root@127.0.0.1:3306/default';
    }
    const file = join(dir, 'url');
    writeFileSync(file, 'mysql://app:s3cret@db:3306/prod\n');
    expect(validateEnvironment(WithUrl, { DATABASE_URL_FILE: file }).DATABASE_URL).toBe(
      'mysql://app:s3cret@db:3306/prod',
    );
  });

  it('leaves file-path settings (KAFKA_SSL_CA_FILE) as paths', () => {
    const settings = validateEnvironment(KafkaSecuritySettings, {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: pem,
    });
    expect(settings.KAFKA_SSL_CA_FILE).toBe(pem);
  });
});

describe('MySQL TLS settings', () => {
  const dbProblems = (env: Record<string, string>) => {
    try {
      validateEnvironment(DatabaseTlsSettings, env);
      return [];
    } catch (error) {
      return (error as ConfigurationError).problems;
    }
  };

  it('is off by default; on, it verifies the server unless told otherwise', () => {
    expect(databaseTls(validateEnvironment(DatabaseTlsSettings, {}))).toBeUndefined();
    expect(
      databaseTls(
        validateEnvironment(DatabaseTlsSettings, {
          DATABASE_SSL: 'true',
          DATABASE_SSL_CA_FILE: pem,
        }),
      ),
    ).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: true });
    expect(
      databaseTls(
        validateEnvironment(DatabaseTlsSettings, {
          DATABASE_SSL: 'true',
          DATABASE_SSL_REJECT_UNAUTHORIZED: 'false',
        }),
      ),
    ).toEqual({ rejectUnauthorized: false });
  });

  it('reads every setting through a getter (Nest ConfigService) as from the settings object', () => {
    const settings = validateEnvironment(DatabaseTlsSettings, {
      DATABASE_SSL: 'true',
      DATABASE_SSL_CERT_FILE: pem,
      DATABASE_SSL_KEY_FILE: pem,
      DATABASE_SSL_REJECT_UNAUTHORIZED: 'false',
    });
    const read: string[] = [];
    const tls = databaseTlsOf((name) => {
      read.push(name);
      return settings[name];
    });
    expect(tls).toEqual(databaseTls(settings));
    expect(read.sort()).toEqual([
      'DATABASE_SSL',
      'DATABASE_SSL_CA_FILE',
      'DATABASE_SSL_CERT_FILE',
      'DATABASE_SSL_KEY_FILE',
      'DATABASE_SSL_REJECT_UNAUTHORIZED',
    ]);
  });

  it('passes a client certificate and key', () => {
    expect(
      databaseTls(
        validateEnvironment(DatabaseTlsSettings, {
          DATABASE_SSL: 'true',
          DATABASE_SSL_CERT_FILE: pem,
          DATABASE_SSL_KEY_FILE: pem,
        }),
      ),
    ).toMatchObject({ cert: expect.any(String), key: expect.any(String) });
  });

  it.each([
    [{ DATABASE_SSL: 'true', DATABASE_SSL_CA_FILE: join(dir, 'nope.pem') }, 'DATABASE_SSL_CA_FILE'],
    [{ DATABASE_SSL_CA_FILE: pem }, 'DATABASE_SSL'],
    [{ DATABASE_SSL: 'true', DATABASE_SSL_KEY_FILE: pem }, 'DATABASE_SSL_KEY_FILE'],
    [{ DATABASE_SSL: 'yes please' }, 'DATABASE_SSL'],
    [{ DATABASE_SSL_REJECT_UNAUTHORIZED: 'sometimes' }, 'DATABASE_SSL_REJECT_UNAUTHORIZED'],
  ])('%j stops start-up naming %s', (env, variable) => {
    expect(dbProblems(env).map((p) => p.variable)).toContain(variable);
  });
});
