import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { readFileSync } from 'node:fs';

/** SASL mechanisms the Kafka clients speak (kafkajs: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin constructor idiom
type Constructor<T = object> = new (...args: any[]) => T;

const BooleanSetting = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off', ''].includes(v)) return false;
    return value;
  });

/** An unset or empty variable is "not set"; other strings are trimmed. */
const OptionalString = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    return value.trim() === '' ? undefined : value.trim();
  });

/** A file the process can read now, holding at least one PEM block. */
function IsReadablePemFile() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isReadablePemFile',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => pemProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          pemProblem(args?.value) ?? 'must be a readable PEM file',
      },
    });
}

function pemProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a file path';
  try {
    if (!readFileSync(value, 'utf8').includes('-----BEGIN ')) {
      return `${value} is not a PEM file (no -----BEGIN line)`;
    }
    return null;
  } catch (error) {
    return `cannot read ${value} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** Fails when this setting is set but `other` is not (e.g. a client key without its cert). */
function RequiresAlso(other: string, hint = '') {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'requiresAlso',
      target: object.constructor,
      propertyName,
      constraints: [other],
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || (args.object as Record<string, unknown>)[other] !== undefined,
        defaultMessage: () => `is set, so ${other} must be set too${hint}`,
      },
    });
}

/** Fails unless the boolean setting is true whenever any of `dependents` is set. */
function TrueWhenSet(dependents: string[]) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'trueWhenSet',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === true ||
          dependents.every((d) => (args.object as Record<string, unknown>)[d] === undefined),
        defaultMessage: (args?: ValidationArguments) =>
          `must be true when ${dependents
            .filter((d) => (args?.object as Record<string, unknown>)?.[d] !== undefined)
            .join(', ')} is set`,
      },
    });
}

/**
 * TLS and SASL of every Kafka client (README "Deploying"). Mixed into an app's settings so the
 * variables are validated with the rest at start-up. Passwords may come from
 * KAFKA_SASL_PASSWORD_FILE (validateEnvironment).
 */
export function WithKafkaSecurity<B extends Constructor>(Base: B) {
  class KafkaSecuritySettings extends Base {
    /** TLS to the brokers (SSL or SASL_SSL listeners); the system CAs unless a CA file is set. */
    @BooleanSetting()
    @IsBoolean({ message: 'must be true or false' })
    @TrueWhenSet(['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'])
    KAFKA_SSL = false;

    /** PEM CA bundle the brokers' certificates are checked against (instead of the system's). */
    @OptionalString()
    @IsOptional()
    @IsReadablePemFile()
    KAFKA_SSL_CA_FILE?: string;

    /** PEM client certificate (mutual TLS); needs KAFKA_SSL_KEY_FILE. */
    @OptionalString()
    @IsOptional()
    @IsReadablePemFile()
    @RequiresAlso('KAFKA_SSL_KEY_FILE')
    KAFKA_SSL_CERT_FILE?: string;

    /** PEM private key of the client certificate; needs KAFKA_SSL_CERT_FILE. */
    @OptionalString()
    @IsOptional()
    @IsReadablePemFile()
    @RequiresAlso('KAFKA_SSL_CERT_FILE')
    KAFKA_SSL_KEY_FILE?: string;

    /** plain, scram-sha-256 or scram-sha-512; unset for no SASL. */
    @Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toLowerCase() || undefined : value,
    )
    @IsOptional()
    @IsIn(KAFKA_SASL_MECHANISMS, {
      message: (args) =>
        args.value === 'oauthbearer'
          ? 'oauthbearer is not supported (kafkajs needs an application token provider); ' +
            `use one of ${KAFKA_SASL_MECHANISMS.join(', ')}`
          : `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')} (or unset for no SASL)`,
    })
    KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

    @OptionalString()
    @ValidateIf(
      (o: KafkaSecuritySettings) =>
        o.KAFKA_SASL_MECHANISM !== undefined || o.KAFKA_SASL_USERNAME !== undefined,
    )
    @IsString({ message: 'is required when KAFKA_SASL_MECHANISM is set' })
    @RequiresAlso('KAFKA_SASL_MECHANISM', ' (plain, scram-sha-256 or scram-sha-512)')
    KAFKA_SASL_USERNAME?: string;

    /** Or KAFKA_SASL_PASSWORD_FILE. Not trimmed: a password may end with a space. */
    @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
    @ValidateIf(
      (o: KafkaSecuritySettings) =>
        o.KAFKA_SASL_MECHANISM !== undefined || o.KAFKA_SASL_PASSWORD !== undefined,
    )
    @IsString({ message: 'is required when KAFKA_SASL_MECHANISM is set' })
    @RequiresAlso('KAFKA_SASL_MECHANISM', ' (plain, scram-sha-256 or scram-sha-512)')
    KAFKA_SASL_PASSWORD?: string;
  }
  return KafkaSecuritySettings;
}

/** The Kafka connection settings alone (scripts that only talk to Kafka). */
export class KafkaSecuritySettings extends WithKafkaSecurity(class {}) {}

/**
 * TLS to MySQL for every connection of an app (the router, the audit API, db:migrate): on
 * with DATABASE_SSL=true, the server's certificate verified against DATABASE_SSL_CA_FILE (or
 * the system CAs) unless DATABASE_SSL_REJECT_UNAUTHORIZED=false.
 */
export function WithDatabaseTls<B extends Constructor>(Base: B) {
  class DatabaseTlsSettings extends Base {
    @BooleanSetting()
    @IsBoolean({ message: 'must be true or false' })
    @TrueWhenSet(['DATABASE_SSL_CA_FILE', 'DATABASE_SSL_CERT_FILE', 'DATABASE_SSL_KEY_FILE'])
    DATABASE_SSL = false;

    /** PEM CA bundle the server's certificate is checked against (instead of the system's). */
    @OptionalString()
    @IsOptional()
    @IsReadablePemFile()
    DATABASE_SSL_CA_FILE?: string;

    /** PEM client certificate (for users created REQUIRE X509); needs DATABASE_SSL_KEY_FILE. */
    @OptionalString()
    @IsOptional()
    @IsReadablePemFile()
    @RequiresAlso('DATABASE_SSL_KEY_FILE')
    DATABASE_SSL_CERT_FILE?: string;

    @OptionalString()
    @IsOptional()
    @IsReadablePemFile()
    @RequiresAlso('DATABASE_SSL_CERT_FILE')
    DATABASE_SSL_KEY_FILE?: string;

    /** false accepts any server certificate (encrypted, not authenticated): tests only. */
    @BooleanSetting()
    @IsBoolean({ message: 'must be true or false' })
    DATABASE_SSL_REJECT_UNAUTHORIZED = true;
  }
  return DatabaseTlsSettings;
}

/** The database TLS settings alone (scripts). */
export class DatabaseTlsSettings extends WithDatabaseTls(class {}) {}

/** mysql2's `ssl` option. */
export interface MysqlTls {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/** mysql2's (and TypeORM's) `ssl` option from validated settings; undefined without TLS. */
export function databaseTls(settings: {
  DATABASE_SSL: boolean;
  DATABASE_SSL_CA_FILE?: string;
  DATABASE_SSL_CERT_FILE?: string;
  DATABASE_SSL_KEY_FILE?: string;
  DATABASE_SSL_REJECT_UNAUTHORIZED: boolean;
}): MysqlTls | undefined {
  if (!settings.DATABASE_SSL) return undefined;
  const tls: MysqlTls = { rejectUnauthorized: settings.DATABASE_SSL_REJECT_UNAUTHORIZED };
  if (settings.DATABASE_SSL_CA_FILE) tls.ca = readFileSync(settings.DATABASE_SSL_CA_FILE, 'utf8');
  if (settings.DATABASE_SSL_CERT_FILE) {
    tls.cert = readFileSync(settings.DATABASE_SSL_CERT_FILE, 'utf8');
  }
  if (settings.DATABASE_SSL_KEY_FILE)
    tls.key = readFileSync(settings.DATABASE_SSL_KEY_FILE, 'utf8');
  return tls;
}

type DatabaseTlsValues = Parameters<typeof databaseTls>[0];
const DATABASE_TLS_SETTINGS = [
  'DATABASE_SSL',
  'DATABASE_SSL_CA_FILE',
  'DATABASE_SSL_CERT_FILE',
  'DATABASE_SSL_KEY_FILE',
  'DATABASE_SSL_REJECT_UNAUTHORIZED',
] as const satisfies readonly (keyof DatabaseTlsValues)[];

/**
 * databaseTls() from settings read one by one, e.g. through Nest's ConfigService:
 * `databaseTlsOf((name) => config.get(name, { infer: true }))`.
 */
export function databaseTlsOf(
  get: <K extends keyof DatabaseTlsValues>(name: K) => DatabaseTlsValues[K],
): MysqlTls | undefined {
  return databaseTls(
    Object.fromEntries(DATABASE_TLS_SETTINGS.map((name) => [name, get(name)])) as DatabaseTlsValues,
  );
}
