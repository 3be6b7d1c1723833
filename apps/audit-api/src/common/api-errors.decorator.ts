import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorDto } from './dto/error.dto';

/** The security schemes and the error answers every route shares, for the OpenAPI document. */
export const ApiStandardErrors = () =>
  applyDecorators(
    ApiBearerAuth('bearer'),
    ApiSecurity('apiKey'),
    ApiBadRequestResponse({
      type: ErrorDto,
      description: 'A parameter is invalid; `fields` names it',
    }),
    ApiUnauthorizedResponse({ type: ErrorDto, description: 'No API key, or an unknown one' }),
    ApiForbiddenResponse({ type: ErrorDto, description: "The key's role may not do this" }),
    ApiTooManyRequestsResponse({
      type: ErrorDto,
      description: "The key's rate limit is spent; retry after the Retry-After seconds",
    }),
  );
