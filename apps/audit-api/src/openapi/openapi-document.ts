import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document, generated from the controllers and DTOs (docs/openapi.json). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ticket router audit API')
    .setDescription(
      'Read-only history of the routing decisions, for analysts: search, one decision, one ' +
        "ticket's history, stats and exports. Every route needs an API key (Bearer or " +
        "X-API-Key); requester e-mail and tenant id are redacted unless the key's role is pii " +
        'or admin. See docs/audit-api.md.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  return SwaggerModule.createDocument(app, config);
}
