import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, REQUIRED_ROLES } from './auth.decorators';
import { Role } from './roles';

/** 403 when the authenticated caller's role is not one the route requires. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal && required.includes(principal.role)) return true;
    throw new ForbiddenException(
      `This needs the role ${required.join(' or ')}; your key "${principal?.name ?? '?'}" has ` +
        `the role ${principal?.role ?? 'none'}. Ask an admin for a key with that role.`,
    );
  }
}
