import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthenticatedRequest } from './auth.decorators';

/**
 * Rate limits per credential, not per IP: analysts behind one proxy do not share a budget,
 * and one key cannot escape its limit by changing address. One budget per key across every
 * route (the stock key is per route). Runs after ApiKeyGuard, so the caller is known; a
 * request without a valid key counts against its client address instead (the smaller
 * AUDIT_API_UNAUTHENTICATED_RATE_LIMIT), so keys cannot be guessed at full speed.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as AuthenticatedRequest).principal;
    // The stock tracker is the client address (an IPv6 one by its /64 subnet).
    return principal ? `key:${principal.name}` : `ip:${await super.getTracker(req)}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }
}
