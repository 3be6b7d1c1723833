import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeyRegistry } from './api-key.registry';
import { AuthenticatedRequest } from './auth.decorators';

interface HttpRequest extends AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
}

/** Every route needs a key: `Authorization: Bearer <key>` or `X-API-Key: <key>`; else 401. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly registry: ApiKeyRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const key = presentedKey(request.headers);
    if (key === undefined) {
      throw new UnauthorizedException(
        'An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>" ' +
          '(docs/audit-api.md explains how to get one).',
      );
    }
    const principal = this.registry.authenticate(key);
    if (!principal) {
      throw new UnauthorizedException('This API key is not known; ask an admin for a valid one.');
    }
    request.principal = principal;
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
