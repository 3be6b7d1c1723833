import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cacheDir = join(root, '.cache', 'private-services');

/**
 * A Kafka broker of the test's own (same artifacts and script as the shared one, another
 * port and data folder), so a fault trial can stop and restart it without disturbing the
 * suites that use the shared broker.
 */
export class PrivateKafka {
  constructor(readonly port: number) {}

  get brokers(): string {
    return `localhost:${this.port}`;
  }

  start(): void {
    execFileSync('bash', [join(root, 'docker', 'local', 'kafka.sh'), 'start'], {
      env: { ...process.env, KAFKA_PORT: String(this.port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }

  /** SIGTERM (controlled shutdown), as an operator's restart does. */
  stop(): void {
    execFileSync('bash', [join(root, 'docker', 'local', 'kafka.sh'), 'stop'], {
      env: { ...process.env, KAFKA_PORT: String(this.port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }

  restart(): void {
    this.stop();
    this.start();
  }

  /** Stops it and deletes its data. */
  destroy(): void {
    this.stop();
    rmSync(join(root, '.cache', `kafka-${kafkaVersion()}`, `data-${this.port}`), {
      recursive: true,
      force: true,
    });
  }
}

function kafkaVersion(): string {
  const pom = readFileSync(join(root, 'docker', 'local', 'kafka', 'pom.xml'), 'utf8');
  return /<kafka\.version>([^<]+)</.exec(pom)![1];
}

/** A MariaDB server of the test's own on another port, which a fault trial may kill -9. */
export class PrivateMariaDb {
  private process?: ChildProcess;
  private readonly dir: string;

  /** `args`: more server options, e.g. --ssl-ca/--ssl-cert/--ssl-key (tls-mariadb.ts). */
  constructor(
    readonly port: number,
    private readonly args: string[] = [],
  ) {
    this.dir = join(cacheDir, `mariadb-${port}`);
  }

  /** Root with an empty password over TCP, as the shared server. */
  get serverUrl(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process) return;
    mkdirSync(this.dir, { recursive: true });
    if (!existsSync(join(this.dir, 'data', 'mysql'))) {
      execFileSync(
        'mariadb-install-db',
        [
          '--no-defaults',
          `--datadir=${join(this.dir, 'data')}`,
          '--user=root',
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
        ],
        { stdio: 'ignore' },
      );
    }
    this.process = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mariadb.sock')}`,
        '--user=root',
        `--log-error=${join(this.dir, 'error.log')}`,
        '--innodb-buffer-pool-size=128M',
        ...this.args,
      ],
      { stdio: 'ignore' },
    );
    this.process.on('exit', () => (this.process = undefined));
    await waitForPort(this.port, 30_000);
  }

  /** The crash a power cut would be: no shutdown, InnoDB recovers at the next start. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
