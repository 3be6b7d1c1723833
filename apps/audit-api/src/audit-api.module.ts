import { auditDataSourceOptions } from '@app/audit';
import { databaseTlsOf, validateEnvironment } from '@app/config';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessController } from './admin/access.controller';
import { AuthModule } from './auth/auth.module';
import { cursorKeyFromSettings, PageCursorCodec } from './common/page-cursor';
import { AuditApiSettings } from './config/audit-api.settings';
import { ConsoleStaticModule } from './console/console-static';
import { DecisionsController } from './decisions/decisions.controller';
import { DecisionsService } from './decisions/decisions.service';
import { TicketsController } from './decisions/tickets.controller';
import { ExportSlots } from './exports/export-slots';
import { ExportsController } from './exports/exports.controller';
import { ExportsService } from './exports/exports.service';
import { AuditExportStream } from './persistence/audit-export.stream';
import { AuditScope } from './persistence/audit-scope';
import { AuditSearchReader } from './persistence/audit-search.reader';
import { AuditStatsReader, STATS_PARALLELISM } from './persistence/audit-stats.reader';
import { StatsController } from './stats/stats.controller';
import { StatsService } from './stats/stats.service';

type Settings = ConfigService<AuditApiSettings, true>;

/**
 * The audit API. `forRoot(env)` validates the settings from `env` (the process environment
 * by default; tests pass their own) before anything connects.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: Settings) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          // Keys are credentials: never in a log line.
          redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
          customProps: (req) => ({
            credential: (req as { principal?: { name: string } }).principal?.name,
          }),
        },
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: Settings) =>
        auditDataSourceOptions(config.get('AUDIT_API_DATABASE_URL', { infer: true }), {
          // Reads only: never migrate or synchronize from here (db:migrate owns the schema).
          migrationsRun: false,
          poolSize: config.get('AUDIT_API_DB_POOL_SIZE', { infer: true }),
          ssl: databaseTlsOf((name) => config.get(name, { infer: true })),
        }),
    }),
    AuthModule,
    ConsoleStaticModule,
  ],
  controllers: [
    DecisionsController,
    TicketsController,
    StatsController,
    ExportsController,
    AccessController,
  ],
  providers: [
    AuditScope,
    AuditSearchReader,
    AuditStatsReader,
    AuditExportStream,
    {
      provide: STATS_PARALLELISM,
      inject: [ConfigService],
      useFactory: (config: Settings): number =>
        config.get('AUDIT_API_STATS_PARALLELISM', { infer: true }),
    },
    {
      provide: PageCursorCodec,
      inject: [ConfigService],
      useFactory: (config: Settings) =>
        new PageCursorCodec(
          cursorKeyFromSettings(
            config.get('AUDIT_API_CURSOR_KEY', { infer: true }),
            config.get('AUDIT_API_CURSOR_KEY_FILE', { infer: true }),
          ),
        ),
    },
    DecisionsService,
    StatsService,
    ExportsService,
    {
      provide: ExportSlots,
      inject: [ConfigService],
      useFactory: (config: Settings) =>
        new ExportSlots({
          perKey: config.get('AUDIT_API_EXPORTS_PER_KEY', { infer: true }),
          total: config.get('AUDIT_API_EXPORTS_TOTAL', { infer: true }),
        }),
    },
  ],
})
export class AuditApiModule {
  static forRoot(env: Record<string, unknown> = process.env): DynamicModule {
    return {
      module: AuditApiModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: () => validateEnvironment(AuditApiSettings, env),
        }),
      ],
    };
  }
}
