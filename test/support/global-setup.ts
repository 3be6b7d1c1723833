import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Integration and end-to-end suites talk to the real Kafka broker and MySQL server. A service
 * that is down is started by the project's own script (idempotent), never assumed. The
 * end-to-end project also needs the secured broker (SASL_SSL, ACLs): started here, once per
 * test run and before any worker, so that parallel suites never race to create it.
 */
export default function globalSetup(
  _globalConfig: unknown,
  projectConfig?: { displayName?: { name?: string } | string },
): void {
  if (process.env.TEST_SERVICES_READY !== '1') {
    execFileSync('bash', [join(__dirname, '..', '..', 'docker', 'local', 'services.sh'), 'up'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    process.env.TEST_SERVICES_READY = '1';
  }
  const project =
    typeof projectConfig?.displayName === 'string'
      ? projectConfig.displayName
      : projectConfig?.displayName?.name;
  if (project === 'e2e' && process.env.TEST_SECURE_KAFKA_READY !== '1') {
    // As SecureKafka.start() (secure-kafka.ts) does; no @app imports here, which jest's global
    // setup would not resolve.
    execFileSync('bash', [join(__dirname, '..', '..', 'docker', 'local', 'kafka.sh'), 'start'], {
      env: {
        ...process.env,
        KAFKA_SECURITY: 'sasl_ssl',
        KAFKA_PORT: process.env.TEST_SECURE_KAFKA_PORT ?? '29092',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    process.env.TEST_SECURE_KAFKA_READY = '1';
  }
}
