import { validateEnvironment } from '@app/config';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuditApiSettings } from './config/audit-api.settings';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (env) => validateEnvironment(AuditApiSettings, env),
    }),
  ],
})
export class AuditApiModule {}
