// Starts the audit API in this process against a test database, with one fresh API key per
// role, for the integration suites (supertest talks to its HTTP server).
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  formatApiKeyEntry,
  generateApiKey,
  hashApiKey,
} from '../../apps/audit-api/src/auth/api-key';
import { Role, TargetScope } from '../../apps/audit-api/src/auth/roles';
import { AuditApiModule } from '../../apps/audit-api/src/audit-api.module';
import { configureApp } from '../../apps/audit-api/src/configure-app';

export interface TestKey {
  name: string;
  role: Role;
  key: string;
  entry: string;
}

export function makeKey(name: string, role: Role, target?: TargetScope): TestKey {
  const key = generateApiKey();
  const entry = formatApiKeyEntry({
    name,
    role,
    hash: hashApiKey(key),
    ...(target ? { target } : {}),
  });
  return { name, role, key, entry };
}

export interface RunningAuditApi {
  app: INestApplication;
  server: ReturnType<INestApplication['getHttpServer']>;
  keys: Record<'analyst' | 'pii' | 'admin', TestKey>;
  /** `Authorization` header for a role's key. */
  auth(role: 'analyst' | 'pii' | 'admin'): { Authorization: string };
  close(): Promise<void>;
}

export async function startAuditApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  extraKeys: TestKey[] = [],
): Promise<RunningAuditApi> {
  const keys = {
    analyst: makeKey('ana', 'analyst'),
    pii: makeKey('priya', 'pii'),
    admin: makeKey('root-admin', 'admin'),
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuditApiModule.forRoot({
        AUDIT_API_DATABASE_URL: databaseUrl,
        AUDIT_API_KEYS: [...Object.values(keys), ...extraKeys].map((k) => k.entry).join(','),
        AUDIT_API_RATE_LIMIT: '100000',
        LOG_LEVEL: 'silent',
        ...env,
      }),
    ],
  }).compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: false }));
  await app.init();
  return {
    app,
    server: app.getHttpServer(),
    keys,
    auth: (role) => ({ Authorization: `Bearer ${keys[role].key}` }),
    close: () => app.close(),
  };
}
