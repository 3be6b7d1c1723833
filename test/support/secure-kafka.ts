import { KafkaSecuritySettings, validateEnvironment } from '@app/config';
import { createKafkaClient, KafkaSecurity, kafkaSecurity } from '@app/kafka';
import { Kafka } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The secured broker's port; 29092 unless TEST_SECURE_KAFKA_PORT says otherwise. */
export const SECURE_KAFKA_PORT = Number(process.env.TEST_SECURE_KAFKA_PORT ?? 29092);

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/**
 * The SASL_SSL broker of docker/local/kafka.sh (KAFKA_SECURITY=sasl_ssl): TLS with a CA made at
 * test time, SCRAM and PLAIN users, ACLs. Started by jest's global setup of the e2e project (or
 * the first suite that needs it) and left running like the shared broker, so a test run starts
 * it at most once.
 */
export class SecureKafka {
  readonly brokers = `localhost:${SECURE_KAFKA_PORT}`;
  readonly dir: string;
  readonly caFile: string;
  private readonly passwords: Record<string, string>;

  private constructor() {
    const pom = readFileSync(join(root, 'docker', 'local', 'kafka', 'pom.xml'), 'utf8');
    const version = /<kafka\.version>([^<]+)</.exec(pom)![1];
    const cache = process.env.TICKET_ROUTER_CACHE ?? join(root, '.cache');
    this.dir = join(cache, `kafka-${version}`, `secure-${SECURE_KAFKA_PORT}`);
    this.caFile = join(this.dir, 'ca.pem');
    this.passwords = JSON.parse(readFileSync(join(this.dir, 'credentials.json'), 'utf8')) as Record<
      string,
      string
    >;
  }

  /** Starts it unless it answers (jest's global setup did it already in a full run). */
  static start(): SecureKafka {
    execFileSync('bash', [join(root, 'docker', 'local', 'kafka.sh'), 'start'], {
      env: { ...process.env, KAFKA_SECURITY: 'sasl_ssl', KAFKA_PORT: String(SECURE_KAFKA_PORT) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return new SecureKafka();
  }

  password(user: string): string {
    const password = this.passwords[user];
    if (password === undefined) throw new Error(`the secured broker has no user ${user}`);
    return password;
  }

  /** The router's variables to connect as `user` (the password as given, or the user's own). */
  env(
    user: string,
    {
      mechanism = 'scram-sha-512',
      password,
    }: { mechanism?: SaslMechanism; password?: string } = {},
  ): Record<string, string> {
    return {
      KAFKA_BROKERS: this.brokers,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: this.caFile,
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD: password ?? this.password(user),
    };
  }

  /** What the project's client factory makes of those variables (validated like the router's). */
  security(user: string, options: { mechanism?: SaslMechanism; password?: string } = {}) {
    const settings = validateEnvironment(KafkaSecuritySettings, this.env(user, options));
    return kafkaSecurity(settings);
  }

  client(
    user: string,
    clientId = `test-${user}`,
    options: { mechanism?: SaslMechanism; password?: string; retries?: number } = {},
  ): Kafka {
    const security: KafkaSecurity = this.security(user, options);
    return createKafkaClient({
      clientId,
      brokers: [this.brokers],
      security,
      retry: options.retries === undefined ? undefined : { retries: options.retries },
    });
  }
}
