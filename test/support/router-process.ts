import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Builds an app bundle when its sources changed (stderr only), once per test file. */
export function ensureBuilt(project: 'router' | 'audit-api' | 'console'): void {
  execFileSync('node', [join(root, 'scripts', 'ensure-built.js'), project], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The built router as a child process, the way it runs in production: the tests can send it
 * SIGTERM or SIGKILL at any moment. Its JSON log goes to .cache/test-logs/<name>.log.
 */
export class RouterProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private starts = 0;
  private stdout = '';

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  get httpPort(): number {
    return Number(this.env.HTTP_PORT);
  }

  /** Starts it and resolves once it reports "router started" (consumer running, HTTP up). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    mkdirSync(join(root, '.cache', 'test-logs'), { recursive: true });
    this.log ??= createWriteStream(join(root, '.cache', 'test-logs', `${this.name}.log`));
    this.starts++;
    this.log.write(`--- start #${this.starts} ---\n`);
    const child = spawn('node', [join(root, 'dist', 'apps', 'router', 'main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr.pipe(this.log, { end: false });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        this.log!.write(chunk);
        this.stdout = (this.stdout + chunk.toString('utf8')).slice(-1_000_000);
        buffered = (buffered + chunk.toString('utf8')).slice(-4096);
        if (buffered.includes('"msg":"router started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited during start (code ${code}, signal ${signal})`));
      });
    });
  }

  /** The last megabyte of its JSON log (stdout). */
  output(): string {
    return this.stdout;
  }

  /** Sends a signal and returns at once (no waiting for an exit). */
  notify(signal: NodeJS.Signals): void {
    if (this.running) this.child!.kill(signal);
  }

  /** kill -9: no shutdown hook runs; whatever was in flight is abandoned. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: the graceful path (finish the batch, commit, disconnect). Resolves with the exit code. */
  async stop(timeoutMs = 60_000): Promise<number | null> {
    return this.signal('SIGTERM', timeoutMs);
  }

  private async signal(signal: NodeJS.Signals, timeoutMs = 60_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  async close(): Promise<void> {
    await this.signal('SIGKILL');
    await new Promise((resolve) => this.log?.end(resolve));
  }
}
