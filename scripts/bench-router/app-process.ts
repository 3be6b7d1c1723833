import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  WriteStream,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const CLOCK_TICKS =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * The process listening on this TCP port (the MariaDB server, the Kafka broker), found by the
 * socket's inode in /proc/net/tcp{,6} and /proc/<pid>/fd. By port, not by name: this machine
 * runs several Kafka brokers, and any process whose command line mentions "mariadbd" (a grep,
 * a client) would match a name.
 */
export function findListener(port: number): number | undefined {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address, state 0A = LISTEN, inode
      if (f[1]?.endsWith(hex) && f[3] === '0A') inodes.add(f[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // ended meanwhile, or not ours to read
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

export interface AppProcessOptions {
  name: string;
  /** `node` arguments (the script and its flags). */
  args: string[];
  env: Record<string, string>;
  /** Text of the log line that says the app is up (start() resolves on it). */
  readyText: string;
  /** Text of the log line that says the consumer joined its group: consumption starts here. */
  consumingText: string;
  logDir: string;
  cwd: string;
}

/**
 * An app under benchmark as a child `node` process, measured the same way whichever app it
 * is: when its consumer joined the group (its own log line, timestamped as it arrives), its
 * peak RSS (VmHWM) and its CPU seconds, from /proc.
 */
export class AppProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  /** performance.now() when the consumingText line arrived. */
  consumingAt?: number;
  /** CPU seconds the process had used when it logged readyText. */
  cpuAtReady = 0;

  constructor(private readonly options: AppProcessOptions) {}

  /** The HTTP_PORT it was given (the router's /metrics). */
  get httpPort(): number {
    return Number(this.options.env.HTTP_PORT);
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.options.name} is not running`);
    return this.child.pid;
  }

  async start(timeoutMs = 120_000): Promise<void> {
    const { name, args, env, readyText, consumingText, logDir, cwd } = this.options;
    mkdirSync(logDir, { recursive: true });
    this.log = createWriteStream(join(logDir, `${name}.log`));
    const child = spawn('node', args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr.pipe(this.log, { end: false });
    let tail = '';
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start in ${timeoutMs} ms; see ${logDir}`)),
        timeoutMs,
      );
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited during start (code ${code}, signal ${signal})`));
      };
      child.once('exit', onExit);
      child.stdout.on('data', (chunk: Buffer) => {
        this.log?.write(chunk);
        if (ready && this.consumingAt !== undefined) return;
        tail = (tail + chunk.toString('utf8')).slice(-8192);
        if (this.consumingAt === undefined && tail.includes(consumingText)) {
          this.consumingAt = performance.now();
        }
        if (!ready && tail.includes(readyText)) {
          ready = true;
          this.cpuAtReady = cpuSecondsOf(child.pid!);
        }
        // On a broker that has just started, the first join can fail while the group
        // coordinator loads: the consumer then joins after the app has logged readyText.
        if (ready && this.consumingAt !== undefined) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve();
        }
      });
    });
  }

  /** Peak resident set size so far, in bytes (VmHWM of /proc/<pid>/status). */
  peakRssBytes(): number {
    return this.statusBytes('VmHWM');
  }

  /** Resident set size now, in bytes (VmRSS of /proc/<pid>/status). */
  rssBytes(): number {
    return this.statusBytes('VmRSS');
  }

  private statusBytes(field: 'VmHWM' | 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    if (kb === undefined) throw new Error(`no ${field} in /proc/${this.pid}/status`);
    return Number(kb) * 1024;
  }

  /** User + system CPU seconds the process has used so far. */
  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  /**
   * SIGTERM (graceful shutdown), SIGKILL after timeoutMs. Resolves with how it ended: the exit
   * code, or the signal (Nest's shutdown hooks end by raising the signal again).
   */
  async stop(timeoutMs = 60_000): Promise<string> {
    const child = this.child;
    if (!child) return 'not started';
    if (child.exitCode !== null || child.signalCode !== null) {
      return `already ended (${child.exitCode ?? child.signalCode})`;
    }
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code !== null ? String(code) : String(signal))),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    await new Promise((resolve) => this.log?.end(resolve));
    return code;
  }
}
