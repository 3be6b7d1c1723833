import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AuditApiModule } from './audit-api.module';
import { AuditApiSettings } from './config/audit-api.settings';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AuditApiModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  configureApp(app);
  const config = app.get<ConfigService<AuditApiSettings, true>>(ConfigService);
  await app.listen(
    config.get('AUDIT_API_PORT', { infer: true }),
    config.get('AUDIT_API_HOST', { infer: true }),
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
