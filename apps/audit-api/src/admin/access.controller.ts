import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { CurrentPrincipal, RequireRoles } from '../auth/auth.decorators';
import { canSeePersonalData, Principal, ROLES } from '../auth/roles';
import { ApiStandardErrors } from '../common/api-errors.decorator';

export class WhoAmIDto {
  @ApiProperty({ example: 'alice' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: string;

  @ApiProperty({ description: 'Whether requester e-mail and tenant id are shown to this key' })
  personalData!: boolean;
}

export class CredentialDto {
  @ApiProperty({ example: 'alice' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: string;

  @ApiProperty({ description: 'First 8 hex digits of the key hash, to tell entries apart' })
  hashPrefix!: string;
}

@ApiTags('access')
@ApiStandardErrors()
@Controller({ version: '1' })
export class AccessController {
  constructor(private readonly registry: ApiKeyRegistry) {}

  @Get('me')
  @ApiOperation({ summary: 'The calling key: its name, role and whether it sees personal data' })
  @ApiOkResponse({ type: WhoAmIDto })
  me(@CurrentPrincipal() principal: Principal): WhoAmIDto {
    return { ...principal, personalData: canSeePersonalData(principal.role) };
  }

  @Get('admin/credentials')
  @RequireRoles('admin')
  @ApiOperation({ summary: 'The configured keys (names and roles, never the keys); admin only' })
  @ApiOkResponse({ type: [CredentialDto] })
  credentials(): CredentialDto[] {
    return this.registry.entries.map((e) => ({
      name: e.name,
      role: e.role,
      hashPrefix: e.hash.slice(0, 8),
    }));
  }
}
