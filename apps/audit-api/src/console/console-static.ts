import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the analysts' console is served: /console/ (static files, no audit data in them). */
export const CONSOLE_ROUTE = '/console';

/**
 * The console's build output (`npm run build:console` writes dist/console). The built API runs
 * from dist/apps/audit-api, the tests run the sources from apps/audit-api/src/console.
 */
export function consoleDirectory(): string {
  const candidates = [
    join(__dirname, '..', '..', 'console'),
    join(__dirname, '..', '..', '..', '..', 'dist', 'console'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/**
 * The console as static files. The page itself holds no data and needs no key: it asks for one
 * and sends it with every API call. Hashed assets are cached for good, index.html never (a new
 * build is picked up on reload).
 */
export const ConsoleStaticModule = ServeStaticModule.forRoot({
  rootPath: consoleDirectory(),
  serveRoot: CONSOLE_ROUTE,
  serveStaticOptions: {
    index: 'index.html',
    fallthrough: true,
    setHeaders: (res: ServerResponse, path: string) => {
      res.setHeader(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  },
});
