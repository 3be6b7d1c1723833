import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditApiModule } from '../audit-api.module';
import { createOpenApiDocument } from './openapi-document';

/**
 * The OpenAPI document as committed in docs/openapi.json. Built in Nest's preview mode: the
 * controllers and DTOs are read, no provider runs, so no database or key is needed.
 */
export async function generateOpenApiJson(): Promise<string> {
  const app = await NestFactory.create(AuditApiModule.forRoot({}), {
    preview: true,
    logger: false,
  });
  try {
    app.enableVersioning({ type: VersioningType.URI });
    return `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
