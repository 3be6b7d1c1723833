import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiKeyRegistry } from '../auth/api-key.registry';
import { CurrentPrincipal, RequireRoles } from '../auth/auth.decorators';
import { canSeePersonalData, Principal, ROLES, TargetScope } from '../auth/roles';

const targetText = (target: TargetScope) => `${target.targetType}/${target.targetId}`;
import { ApiStandardErrors } from '../common/api-errors.decorator';

export class WhoAmIDto {
  @ApiProperty({ example: 'alice' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: string;

  @ApiProperty({ description: 'Whether requester e-mail and tenant id are shown to this key' })
  personalData!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'isv/contoso',
    description: 'For a scoped key, the one target (type/id) whose rows it sees; else null',
  })
  target!: string | null;
}

export class CredentialDto {
  @ApiProperty({ example: 'alice' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: string;

  @ApiProperty({ description: 'First 8 hex digits of the key hash, to tell entries apart' })
  hashPrefix!: string;

  @ApiProperty({ type: String, nullable: true, example: 'isv/contoso' })
  target!: string | null;
}

@ApiTags('access')
@ApiStandardErrors()
@Controller({ version: '1' })
export class AccessController {
  constructor(private readonly registry: ApiKeyRegistry) {}

  @Get('me')
  @ApiOperation({
    summary: 'The calling key: its name, role, whether it sees personal data, and its target',
  })
  @ApiOkResponse({ type: WhoAmIDto })
  me(@CurrentPrincipal() principal: Principal): WhoAmIDto {
    return {
      name: principal.name,
      role: principal.role,
      personalData: canSeePersonalData(principal.role),
      target: principal.target ? targetText(principal.target) : null,
    };
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
      target: e.target ? targetText(e.target) : null,
    }));
  }
}
