import { PassThrough } from 'node:stream';
import { runBacktest } from './backtest-cli';

describe(runBacktest.name, () => {
  const run = async (env: Record<string, string>) => {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await runBacktest(['--from', '2026-11-01', '--catalog', 'config/offers.json'], {
      stdout: new PassThrough(),
      stderr,
      env,
    });
    return { code, text };
  };

  it('reads the database settings as the router does, naming a bad one before connecting', async () => {
    const { code, text } = await run({
      DATABASE_SSL: 'true',
      DATABASE_SSL_CA_FILE: '/nonexistent/ca.pem',
    });
    expect(code).toBe(2);
    expect(text).toMatch(/DATABASE_SSL_CA_FILE/);
  });

  it('refuses a DATABASE_URL that is not a MySQL URL, naming it', async () => {
    const { code, text } = await run({ DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    expect(code).toBe(2);
    expect(text).toMatch(/DATABASE_URL/);
  });
});
