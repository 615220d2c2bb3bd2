import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError, type Role } from '@living-lab/domain';
import { setDbContext } from '@living-lab/db';
import { IS_PUBLIC, MFA_SETUP, ROLES, type AccessTokenPayload, type AuthUser } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { UsersRepository } from '../users/users.repository';
import { mfaRequiredFor } from './mfa-policy';

/**
 * The one guard of the API: a valid bearer token on every route not marked @Public, and a role
 * listed in the route's @Roles. Routes without @Roles are closed (fail safe).
 *
 * Rights come from the account as it is now, not from the token alone: one lookup by primary key
 * per request refuses a token of an account that was disabled, or whose sessions were ended since
 * the token was issued (another role or gemeente, a new password, a reused refresh token: the
 * session generation `sv` no longer matches). Role and gemeente are the account's current ones.
 * When two factors are required for the account's role and not yet set up, and for the limited
 * token login gives then, only the setup routes (@MfaSetupRoute) are open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    // Two factors required but not set up (a limited setup token, or a token from before the rule):
    // only the setup routes are open.
    const setupRoute = this.reflector.getAllAndOverride<boolean>(MFA_SETUP, targets) === true;
    const mustSetUp =
      payload.scope === 'mfa_setup' || (!account.mfa && !account.external && mfaRequiredFor(this.config, account.role));
    if (mustSetUp && !setupRoute) throw new DomainError('auth.mfa_setup_required');
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
