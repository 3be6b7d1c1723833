import pino from 'pino';

/**
 * The router's log stream: synchronous writes to stdout.
 *
 * pino's default stream writes asynchronously, and at exit its synchronous flush writes the
 * lines still queued before the one already in flight: "shut down" could land before "consumer
 * stopped" (seen in CI), and a line in flight at a crash could be lost. The router logs a few
 * lines per start, rebalance and stop, never per event, so a write each costs nothing here.
 */
export function routerLogDestination(fd = 1): pino.DestinationStream {
  return pino.destination({ dest: fd, sync: true });
}
