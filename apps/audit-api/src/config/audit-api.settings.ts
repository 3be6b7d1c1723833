import { IntSetting, IsDatabaseUrl, Trim, WithDatabaseTls } from '@app/config';
import {
  IsIn,
  IsIP,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';

/** At most (or, with `strictly`, less than) the value of another setting. */
const NotAbove = (other: keyof AuditApiSettings, strictly = false) =>
  ValidateBy({
    name: 'notAbove',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const limit = (args?.object as Record<string, unknown>)[other];
        return (
          typeof value !== 'number' ||
          typeof limit !== 'number' ||
          (strictly ? value < limit : value <= limit)
        );
      },
      defaultMessage: () =>
        strictly
          ? `must be less than ${other}, so that other requests keep a connection`
          : `must be at most ${other}`,
    },
  });
import { API_KEY_ENTRY_LIST } from '../auth/api-key';

/**
 * The audit API's settings (docs/audit-api.md "Settings", .env.example); validated at start-up.
 * MySQL TLS (DATABASE_SSL*) from WithDatabaseTls (docs/deploying.md).
 */
export class AuditApiSettings extends WithDatabaseTls(class {}) {
  /**
   * The read-only user (ticket_router_reader, created by `npm run db:migrate`) where the
   * server allows it; docs/audit-api.md "Database user" has the fallback.
   */
  @IsDatabaseUrl()
  AUDIT_API_DATABASE_URL = 'mysql://root@127.0.0.1:3306/ticket_router';

  @IntSetting(1, 65535)
  AUDIT_API_PORT = 3001;

  /**
   * The address to listen on: this host only by default. The API speaks plain HTTP: expose it
   * (0.0.0.0 or ::) only behind a reverse proxy that terminates TLS (docs/audit-api.md).
   */
  @Trim()
  @IsIP(undefined, {
    message:
      'must be an IP address to listen on, e.g. 127.0.0.1 (this host only) or 0.0.0.0 (every ' +
      'interface, behind a TLS-terminating proxy)',
  })
  AUDIT_API_HOST = '127.0.0.1';

  /**
   * Reverse proxies in front of the API that append to X-Forwarded-For (Express "trust
   * proxy" hops): the client address that requests without a valid key are limited by.
   */
  @IntSetting(0, 10)
  AUDIT_API_TRUSTED_PROXIES = 0;

  /** Connections the API may hold; each export holds one for as long as it streams. */
  @IntSetting(1, 200)
  AUDIT_API_DB_POOL_SIZE = 10;

  /**
   * Exports streaming at once, per key and in total; each holds a connection while it
   * streams, so the total stays below the pool size. Beyond: 429 with Retry-After.
   */
  @IntSetting(1, 199)
  @NotAbove('AUDIT_API_EXPORTS_TOTAL')
  AUDIT_API_EXPORTS_PER_KEY = 2;

  @IntSetting(1, 199)
  @NotAbove('AUDIT_API_DB_POOL_SIZE', true)
  AUDIT_API_EXPORTS_TOTAL = 4;

  /** An export whose client takes nothing for this long is cut, its connection freed. */
  @IntSetting(1, 3600)
  AUDIT_API_EXPORT_STALL_SECONDS = 30;

  /** Statements one stats request runs at once, each on a part of the range (one core each). */
  @IntSetting(1, 16)
  AUDIT_API_STATS_PARALLELISM = 2;

  /**
   * API keys as `name:role:sha256hex` entries, or `name:role:sha256hex:targetType/targetId`
   * for a key that sees one target only, separated by commas or whitespace.
   */
  @Trim()
  @IsString()
  @Matches(API_KEY_ENTRY_LIST, {
    message:
      'must be name:role:sha256hex entries, optionally :targetType/targetId, separated by ' +
      'commas (role analyst, pii or admin; make one with `npm run api-key -- --role analyst ' +
      '--name alice [--target isv/contoso]`)',
  })
  AUDIT_API_KEYS = '';

  /** A file with one `name:role:sha256hex` entry a line (# comments); adds to AUDIT_API_KEYS. */
  @IsOptional()
  @Trim()
  @IsString()
  AUDIT_API_KEYS_FILE?: string;

  /** Requests each credential may make per window (429 beyond, with Retry-After). */
  @IntSetting(1, 1_000_000)
  AUDIT_API_RATE_LIMIT = 300;

  @IntSetting(1, 86_400)
  AUDIT_API_RATE_WINDOW_SECONDS = 60;

  /** Requests without a valid key one client address may make per window (429 beyond). */
  @IntSetting(1, 1_000_000)
  AUDIT_API_UNAUTHENTICATED_RATE_LIMIT = 30;

  /**
   * Signs page cursors (HMAC-SHA256), at least 32 characters. Unset (and no _FILE): a random
   * key per process, so cursors end with a restart and do not work across instances.
   */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (e.g. openssl rand -base64 32)' })
  AUDIT_API_CURSOR_KEY?: string;

  /** A file holding the cursor key instead (a mounted secret); not with AUDIT_API_CURSOR_KEY. */
  @IsOptional()
  @Trim()
  @IsString()
  AUDIT_API_CURSOR_KEY_FILE?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}
