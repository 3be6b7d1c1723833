import { HttpException, HttpStatus } from '@nestjs/common';

/** What a refused export is told to wait before trying again. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;

/**
 * Counts the exports streaming now, per key and in total (AUDIT_API_EXPORTS_PER_KEY,
 * AUDIT_API_EXPORTS_TOTAL): each holds a database connection for as long as it streams, so
 * without a bound a few slow downloads take the whole pool and every other route waits.
 */
export class ExportSlots {
  private total = 0;
  private readonly byKey = new Map<string, number>();

  constructor(private readonly limits: { perKey: number; total: number }) {}

  /** A slot for the key, released by calling the returned function (once or more), or a 429. */
  acquire(key: string): () => void {
    const own = this.byKey.get(key) ?? 0;
    if (own >= this.limits.perKey || this.total >= this.limits.total) {
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          error: 'Too Many Requests',
          message:
            own >= this.limits.perKey
              ? `Your key already has ${own} export(s) running (at most ${this.limits.perKey} ` +
                'at once): wait for one to finish, then retry after the Retry-After seconds.'
              : `The API is running ${this.total} exports (at most ${this.limits.total} at ` +
                'once): retry after the Retry-After seconds.',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.byKey.set(key, own + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left > 0) this.byKey.set(key, left);
      else this.byKey.delete(key);
    };
  }

  /** Exports running now (for tests and logs). */
  get running(): number {
    return this.total;
  }
}
