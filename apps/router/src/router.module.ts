import { validateEnvironment } from '@app/config';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { RouterSettings } from './config/router.settings';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (env) => validateEnvironment(RouterSettings, env),
    }),
  ],
})
export class RouterModule {}
