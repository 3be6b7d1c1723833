import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { routerLogDestination } from './log-destination';

describe('routerLogDestination', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'router-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has each line written, in order, when the log call returns', () => {
    const file = join(dir, 'out.log');
    const fd = openSync(file, 'w');
    try {
      const log = pino({ base: null, timestamp: false }, routerLogDestination(fd));
      log.info('consumer stopped');
      const afterFirst = readFileSync(file, 'utf8');
      log.info('shut down');
      expect(afterFirst).toBe('{"level":30,"msg":"consumer stopped"}\n');
      expect(readFileSync(file, 'utf8')).toBe(
        '{"level":30,"msg":"consumer stopped"}\n{"level":30,"msg":"shut down"}\n',
      );
    } finally {
      closeSync(fd);
    }
  });
});
