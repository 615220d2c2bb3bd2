import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, type Role } from '@living-lab/domain';
import { setDbContext } from '@living-lab/db';
import { IS_PUBLIC, ROLES, type AccessTokenPayload, type AuthUser } from '../common/auth-user';
import { UsersRepository } from '../users/users.repository';

/**
 * The one guard of the API: a valid bearer token on every route not marked @Public, and a role
 * listed in the route's @Roles. Routes without @Roles are closed (fail safe).
 *
 * Rights come from the account as it is now, not from the token alone: one lookup by primary key
 * per request refuses a token of an account that was disabled, or whose sessions were ended since
 * the token was issued (another role or gemeente, a new password, a reused refresh token: the
 * session generation `sv` no longer matches). Role and gemeente are the account's current ones.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new DomainError('auth.required');
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
    } catch {
      throw new DomainError('auth.token_invalid');
    }
    if (typeof payload.sub !== 'string' || !Number.isInteger(payload.sv)) throw new DomainError('auth.token_invalid');
    // Still in the request's anonymous context (app_user has no row-level security): one statement,
    // no settings round trip of its own (libs/db/src/db-context.ts).
    const account = await this.users.findSession(payload.sub);
    if (!account || account.disabled || account.sessionVersion !== payload.sv)
      throw new DomainError('auth.token_invalid');
    const user: AuthUser = {
      id: account.id,
      username: account.username,
      role: account.role,
      gemeente: account.gemeente,
    };
    req.user = user;
    // Row-level security follows the account: every connection this request takes carries its role and gemeente.
    setDbContext({ role: user.role, gemeente: user.role === 'gemeente' ? user.gemeente : null });
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets) ?? [];
    if (!roles.includes(user.role)) throw new DomainError('auth.role_forbidden');
    return true;
  }
}
