import { INestApplication, VersioningType } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe } from './common/validation';
import { createOpenApiDocument } from './openapi/openapi-document';

/**
 * What main.ts, the tests and the OpenAPI script all need on the application: URI versions
 * (/v1/...), validation of every parameter, and the OpenAPI UI at /docs (JSON at /docs-json).
 * The documentation routes are served by Swagger UI outside the guarded controllers: they
 * describe the API and hold no audit data.
 */
export function configureApp(app: INestApplication): INestApplication {
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(createValidationPipe());
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}
