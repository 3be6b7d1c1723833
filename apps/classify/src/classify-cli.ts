import { CatalogError, OfferCatalog } from '@app/catalog';
import { Classification, TicketClassifier } from '@app/classifier';
import { createReadStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { splitLineBatches } from './line-splitter';

export const USAGE = `Usage: classify --catalog FILE [--summary] [INPUT]

Reads ticket.created events as JSON lines from INPUT (standard input when absent) and writes
one line per input line, in order: the ticket.routed event, or the ticket.rejected record of
a line that is not a valid event. --summary prints counts by party and rule to standard error.
Exit status: 0 when every line was read (bad lines included); 2 when the input or the catalog
cannot be read, or the arguments are wrong.`;

export interface CliArgs {
  catalog: string;
  input: string | null;
  summary: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliArgs | 'help' {
  let catalog = env.CATALOG_FILE || null;
  let input: string | null = null;
  let summary = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--summary') summary = true;
    else if (arg === '--catalog') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError('--catalog needs a file');
      catalog = value;
    } else if (arg.startsWith('--catalog=')) catalog = arg.slice('--catalog='.length);
    else if (arg === '-' && input === null) input = '-';
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (input === null) input = arg;
    else throw new UsageError(`one INPUT at most (got ${input} and ${arg})`);
  }
  if (!catalog) throw new UsageError('--catalog FILE is required (or set CATALOG_FILE)');
  return { catalog, input: input === '-' ? null : input, summary };
}

export class Summary {
  lines = 0;
  routed = 0;
  rejected = 0;
  readonly byParty = new Map<string, number>();
  readonly byRule = new Map<string, number>();

  add(result: Classification): void {
    this.lines++;
    if (result.outcome === 'rejected') {
      this.rejected++;
      return;
    }
    this.routed++;
    const { party, ruleId } = result.event.routing;
    this.byParty.set(party, (this.byParty.get(party) ?? 0) + 1);
    this.byRule.set(ruleId, (this.byRule.get(ruleId) ?? 0) + 1);
  }

  format(): string {
    const list = (map: Map<string, number>) =>
      [...map.entries()]
        .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n');
    return [
      `lines: ${this.lines}, routed: ${this.routed}, rejected: ${this.rejected}`,
      'by party:',
      list(this.byParty),
      'by rule:',
      list(this.byRule),
      '',
    ]
      .filter((line) => line !== '')
      .join('\n')
      .concat('\n');
  }
}

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

const FLUSH_BYTES = 64 * 1024;

/** Runs the command; resolves to the exit status. */
export async function runClassify(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseArgs(argv, io.env);
  } catch (error) {
    io.stderr.write(`classify: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let catalog: OfferCatalog;
  try {
    catalog = OfferCatalog.fromFile(args.catalog);
  } catch (error) {
    const message = error instanceof CatalogError ? error.message : String(error);
    io.stderr.write(`classify: ${message}\n`);
    return 2;
  }
  const classifier = new TicketClassifier(catalog);
  const file = args.input ?? '<stdin>';
  const source = args.input ? createReadStream(args.input) : io.stdin;
  const summary = new Summary();
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    if (!io.stdout.write(text)) {
      await new Promise<void>((resolve) => io.stdout.once('drain', resolve));
    }
  };
  let line = 0;
  try {
    for await (const batch of splitLineBatches(source)) {
      for (const bytes of batch) {
        line++;
        const result = classifier.classify(bytes, { file, line });
        summary.add(result);
        // The same bytes the router publishes (a dead-letter record cut as the router cuts it).
        const out = result.json;
        pending.push(out, '\n');
        pendingBytes += out.length + 1;
      }
      if (pendingBytes >= FLUSH_BYTES) await flush();
    }
    await flush();
  } catch (error) {
    await flush().catch(() => undefined);
    io.stderr.write(`classify: cannot read input ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  if (args.summary) io.stderr.write(summary.format());
  return 0;
}
