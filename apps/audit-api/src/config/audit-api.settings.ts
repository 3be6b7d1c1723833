import { IntSetting, IsDatabaseUrl, Trim, WithDatabaseTls } from '@app/config';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
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

  /** Connections the API may hold; each export holds one for as long as it streams. */
  @IntSetting(1, 200)
  AUDIT_API_DB_POOL_SIZE = 10;

  /** Statements one stats request runs at once, each on a part of the range (one core each). */
  @IntSetting(1, 16)
  AUDIT_API_STATS_PARALLELISM = 2;

  /** API keys as `name:role:sha256hex` entries, separated by commas or whitespace. */
  @Trim()
  @IsString()
  @Matches(API_KEY_ENTRY_LIST, {
    message:
      'must be name:role:sha256hex entries separated by commas (role analyst, pii or admin; ' +
      'make one with `npm run api-key -- --role analyst --name alice`)',
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

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}
