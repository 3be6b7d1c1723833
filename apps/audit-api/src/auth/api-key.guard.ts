import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeyRegistry } from './api-key.registry';
import { AuthenticatedRequest } from './auth.decorators';

interface HttpRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
}

const MISSING =
  'An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>" ' +
  '(docs/audit-api.md explains how to get one).';
const UNKNOWN = 'This API key is not known; ask an admin for a valid one.';

/**
 * Who is calling: `Authorization: Bearer <key>` or `X-API-Key: <key>`. Sets the principal, or
 * notes why there is none; it refuses nothing itself, so that the rate limit (next guard)
 * also counts requests without a valid key, per client address. ApiKeyRequiredGuard then
 * answers 401.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly registry: ApiKeyRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const key = presentedKey(request.headers);
    const principal = key === undefined ? undefined : this.registry.authenticate(key);
    if (principal) request.principal = principal;
    else request.authFailure = key === undefined ? MISSING : UNKNOWN;
    return true;
  }
}

/** 401 unless ApiKeyGuard found a configured key. */
@Injectable()
export class ApiKeyRequiredGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!request.principal) throw new UnauthorizedException(request.authFailure ?? MISSING);
    return true;
  }
}

function presentedKey(headers: HttpRequest['headers']): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey;
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  return undefined;
}
