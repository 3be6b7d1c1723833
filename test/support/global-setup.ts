import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Integration and end-to-end suites talk to the real Kafka broker and MySQL server. A service
 * that is down is started by the project's own script (idempotent), never assumed.
 */
export default function globalSetup(): void {
  if (process.env.TEST_SERVICES_READY === '1') return;
  execFileSync('bash', [join(__dirname, '..', '..', 'docker', 'local', 'services.sh'), 'up'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.env.TEST_SERVICES_READY = '1';
}
