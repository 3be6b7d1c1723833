// The baseline app of `npm run bench` (see tickets.controller.ts), started by the bench as a
// child process: ts-node -r tsconfig-paths/register --transpile-only .../baseline/main.ts
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { BaselineModule } from './baseline.module';
import { brokers, setting } from './baseline.settings';

async function bootstrap(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BaselineModule, {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench-baseline', brokers: brokers() },
      // The group id as given (Nest appends "-server" by default), so the bench can read it.
      consumer: { groupId: setting('KAFKA_GROUP_ID') },
      postfixId: '',
      subscribe: { fromBeginning: true },
    },
  });
  app.enableShutdownHooks();
  await app.listen();
  new Logger('Baseline').log('baseline started');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `baseline failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
