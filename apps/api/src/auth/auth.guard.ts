import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@living-lab/domain';
import { setDbContext } from '@living-lab/db';
import { IS_PUBLIC, ROLES, type AuthUser } from '../common/auth-user';

/**
 * The one guard of the API: a valid bearer token on every route not marked @Public, and a role
 * listed in the route's @Roles. Routes without @Roles are closed (fail safe).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new UnauthorizedException({ statusCode: 401, message: 'Log eerst in.' });
    let payload: { sub: string; username: string; role: Role; gemeente?: string | null };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException({
        statusCode: 401,
        message: 'Uw sessie is verlopen of ongeldig. Log opnieuw in.',
      });
    }
    const user: AuthUser = {
      id: payload.sub,
      username: payload.username,
      role: payload.role,
      gemeente: payload.gemeente ?? null,
    };
    req.user = user;
    // Row-level security follows the token: every connection this request takes carries its role and gemeente.
    setDbContext({ role: user.role, gemeente: user.role === 'gemeente' ? user.gemeente : null });
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets) ?? [];
    if (!roles.includes(user.role))
      throw new ForbiddenException({ statusCode: 403, message: 'Dit mag u met uw rol niet doen.' });
    return true;
  }
}
