import { HttpStatus, INestApplication, VersioningType } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SwaggerModule } from '@nestjs/swagger';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { createValidationPipe } from './common/validation';
import { AuditApiSettings } from './config/audit-api.settings';
import { createOpenApiDocument } from './openapi/openapi-document';

/**
 * Every route is a GET with query parameters: a request that declares a body is refused with
 * 413 before anything reads it. (The request line and headers are bounded by Node itself:
 * 16 KiB, 431 beyond.)
 */
function refuseBodies(req: Request, res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  if ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined) {
    res.status(HttpStatus.PAYLOAD_TOO_LARGE).json({
      statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
      error: 'Payload Too Large',
      message: 'The audit API takes no request body: every route is a GET with query parameters.',
    });
    return;
  }
  next();
}

/**
 * What main.ts and the tests need on the application: security headers (helmet: no
 * X-Powered-By, nosniff, frame and referrer policies, a same-origin CSP that Swagger UI works
 * under), the client address behind AUDIT_API_TRUSTED_PROXIES reverse proxies, no request
 * bodies, URI versions (/v1/...), validation of every parameter, and the OpenAPI UI at /docs
 * (JSON at /docs-json). The documentation routes are served by Swagger UI outside the guarded
 * controllers: they describe the API and hold no audit data.
 */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get<ConfigService<AuditApiSettings, true>>(ConfigService);
  const express = app.getHttpAdapter().getInstance() as Express;
  express.set('trust proxy', config.get('AUDIT_API_TRUSTED_PROXIES', { infer: true }));
  app.use(helmet());
  app.use(refuseBodies);
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(createValidationPipe());
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}
