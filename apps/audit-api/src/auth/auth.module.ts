import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditApiSettings } from '../config/audit-api.settings';
import { ApiKeyGuard, ApiKeyRequiredGuard } from './api-key.guard';
import { AuthenticatedRequest } from './auth.decorators';
import { ApiKeyRegistry } from './api-key.registry';
import { CredentialThrottlerGuard } from './credential-throttler.guard';
import { RolesGuard } from './roles.guard';

type Settings = ConfigService<AuditApiSettings, true>;

/**
 * Access control for every route. Global guards run in the order listed: find the caller's
 * key, count the request against its budget (per key; per client address when there is no
 * valid key) with 429 beyond, refuse a missing or unknown key (401), then check the role
 * (403). So refused calls spend the caller's budget, and guessing keys is rate limited too.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: Settings) => ({
        throttlers: [
          {
            // 'default' keeps the standard header names: Retry-After, X-RateLimit-*.
            name: 'default',
            ttl: config.get('AUDIT_API_RATE_WINDOW_SECONDS', { infer: true }) * 1000,
            limit: (context) =>
              context.switchToHttp().getRequest<AuthenticatedRequest>().principal
                ? config.get('AUDIT_API_RATE_LIMIT', { infer: true })
                : config.get('AUDIT_API_UNAUTHENTICATED_RATE_LIMIT', { infer: true }),
          },
        ],
      }),
    }),
  ],
  providers: [
    {
      provide: ApiKeyRegistry,
      inject: [ConfigService],
      useFactory: (config: Settings) =>
        ApiKeyRegistry.fromSettings(
          config.get('AUDIT_API_KEYS', { infer: true }),
          config.get('AUDIT_API_KEYS_FILE', { infer: true }),
        ),
    },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: CredentialThrottlerGuard },
    { provide: APP_GUARD, useClass: ApiKeyRequiredGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [ApiKeyRegistry],
})
export class AuthModule {}
