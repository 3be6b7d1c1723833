import { NestFactory } from '@nestjs/core';
import { RouterModule } from './router.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(RouterModule);
  app.enableShutdownHooks();
  await app.init();
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
