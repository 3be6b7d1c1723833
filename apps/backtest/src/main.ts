import { runBacktest } from './backtest-cli';

// A reader that closes the pipe early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runBacktest(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})
  .then((status) => {
    process.exitCode = status;
  })
  .catch((error: unknown) => {
    process.stderr.write(`backtest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
