import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthenticatedRequest } from './auth.decorators';

/**
 * Rate limits per credential, not per IP: analysts behind one proxy do not share a budget,
 * and one key cannot escape its limit by changing address. One budget per key across every
 * route (the stock key is per route). Runs after ApiKeyGuard, so the caller is known.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as AuthenticatedRequest).principal;
    return Promise.resolve(principal ? `key:${principal.name}` : `ip:${String(req.ip)}`);
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }
}
