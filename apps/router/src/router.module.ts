import { auditDataSourceOptions, ensureDatabase } from '@app/audit';
import { databaseTlsOf, validateEnvironment } from '@app/config';
import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { RouterSettings } from './config/router.settings';
import { HealthModule } from './health/health.module';
import { KafkaModule } from './kafka/kafka.module';
import { routerLogDestination } from './log-destination';
import { TopicsInitializer } from './kafka/topics.initializer';
import { RoutingModule } from './routing/routing.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (env) => validateEnvironment(RouterSettings, env),
    }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RouterSettings, true>) => ({
        pinoHttp: [
          {
            level: config.get('LOG_LEVEL', { infer: true }),
            // /health and /metrics are polled: request logs would drown the routing logs.
            autoLogging: false,
            base: { service: 'router' },
          },
          routerLogDestination(),
        ],
        // No request-scoped logger either: its AsyncLocalStorage, once run by the first
        // scrape, turns on promise hooks for every promise the Kafka and MySQL clients make.
        forRoutes: [],
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: async (config: ConfigService<RouterSettings, true>) => {
        const url = config.get('DATABASE_URL', { infer: true });
        const ssl = databaseTlsOf((name) => config.get(name, { infer: true }));
        await ensureDatabase(url, ssl);
        // The router owns the audit schema: pending migrations run at start.
        return auditDataSourceOptions(url, {
          migrationsRun: true,
          extra: { connectionLimit: 10 },
          ...(ssl ? { ssl } : {}),
        });
      },
    }),
    KafkaModule,
    HealthModule,
    RoutingModule,
  ],
  providers: [TopicsInitializer],
})
export class RouterModule {}
