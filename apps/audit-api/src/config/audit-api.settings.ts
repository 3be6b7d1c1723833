import { IntSetting, IsDatabaseUrl } from '@app/config';
import { IsIn } from 'class-validator';

/** The audit API's settings (README "Settings", .env.example); validated at start-up. */
export class AuditApiSettings {
  /** Read-only credentials where the server allows them (see README). */
  @IsDatabaseUrl()
  AUDIT_API_DATABASE_URL = 'mysql://root@127.0.0.1:3306/ticket_router';

  @IntSetting(1, 65535)
  AUDIT_API_PORT = 3001;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}
