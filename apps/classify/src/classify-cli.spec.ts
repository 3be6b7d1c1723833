import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parseArgs, runClassify, UsageError } from './classify-cli';

const dir = mkdtempSync(join(tmpdir(), 'classify-'));
const catalog = join(dir, 'offers.json');
writeFileSync(
  catalog,
  JSON.stringify([
    {
      offerId: 'contoso.saas-0',
      publisherId: 'contoso',
      publisherName: 'Contoso Ltd',
      offerName: 'Contoso Cloud Suite',
      azureBased: false,
    },
  ]),
);

async function run(argv: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const status = await runClassify(argv, {
    stdin: Readable.from([stdin]),
    stdout,
    stderr,
    env: {},
  });
  return {
    status,
    out,
    err,
    lines: out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l)),
  };
}

const valid = JSON.stringify(aTicketCreated());

describe(runClassify.name, () => {
  it('writes one line per input line, in order, and carries on past bad lines', async () => {
    const input = [
      valid,
      'not json',
      '',
      '[1]',
      JSON.stringify(aTicketCreated({ eventId: 'evt-2' })),
    ].join('\r\n');
    const sut = await run(['--catalog', catalog], input);
    expect(sut.status).toBe(0);
    expect(sut.lines.map((l) => l.type)).toEqual([
      'ticket.routed',
      'ticket.rejected',
      'ticket.rejected',
      'ticket.rejected',
      'ticket.routed',
    ]);
    expect(sut.lines[1]).toMatchObject({ origin: { file: '<stdin>', line: 2 }, raw: 'not json' });
    expect(sut.lines[4].sourceEventId).toBe('evt-2');
  });

  it('reads a file named on the command line', async () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${valid}\n`);
    const sut = await run(['--catalog', catalog, file]);
    expect(sut.lines).toHaveLength(1);
    expect(sut.lines[0].routing.party).toBe('partner');
  });

  it('prints counts by party and rule to standard error with --summary', async () => {
    const sut = await run(['--summary', '--catalog', catalog], `${valid}\nbad\n`);
    expect(sut.err).toBe(
      'lines: 2, routed: 1, rejected: 1\nby party:\n  partner: 1\nby rule:\n  R4b1: 1\n',
    );
  });

  it('exits 2 with a clear message when the input cannot be read', async () => {
    const sut = await run(['--catalog', catalog, join(dir, 'missing.jsonl')]);
    expect(sut.status).toBe(2);
    expect(sut.err).toMatch(/^classify: cannot read input .*missing\.jsonl: ENOENT/);
  });

  it('exits 2 naming the problem when the catalog is bad', async () => {
    const bad = join(dir, 'bad-offers.json');
    writeFileSync(bad, '[{"offerId": "x"}]');
    const sut = await run(['--catalog', bad], valid);
    expect(sut.status).toBe(2);
    expect(sut.err).toContain('entry 0 (offerId "x"): publisherId must be a non-empty string');
    expect(sut.out).toBe('');
  });
});

describe(parseArgs.name, () => {
  it('takes the catalog from CATALOG_FILE when --catalog is absent', () => {
    expect(parseArgs(['in.jsonl'], { CATALOG_FILE: 'c.json' })).toEqual({
      catalog: 'c.json',
      input: 'in.jsonl',
      summary: false,
    });
  });

  it('reads standard input for "-"', () => {
    expect(parseArgs(['--catalog=c.json', '-'])).toMatchObject({ input: null });
  });

  it.each([[[]], [['--catalog']], [['--catalog', 'c', '--nope']], [['--catalog', 'c', 'a', 'b']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseArgs(argv)).toThrow(UsageError);
    },
  );
});
