import { NestFactory } from '@nestjs/core';
import { AuditApiModule } from './audit-api.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AuditApiModule);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.AUDIT_API_PORT ?? 3001));
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
