import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { DomainError, type Role } from '@living-lab/domain';

/**
 * Who is asking: the account of a verified token, with role and gemeente as the account has them
 * now (the AuthGuard reads them from the database on every request).
 */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  gemeente: string | null;
}

/** The claims of an access token. `sv` is the account's session generation when it was issued. */
export interface AccessTokenPayload {
  sub: string;
  username: string;
  role: Role;
  gemeente: string | null;
  sv: number;
  /** 'mfa_setup': a limited token from login that only opens the routes marked @MfaSetupRoute. */
  scope?: 'mfa_setup';
}

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';
/** A route anyone may call (health, login). Every other route needs a token and @Roles. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The roles that may call a route. A route without @Roles is closed to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
export const MFA_SETUP = 'mfaSetup';
/** A route the limited setup token may call too (setting up two factors), besides its @Roles. */
export const MfaSetupRoute = () => SetMetadata(MFA_SETUP, true);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user,
);

/**
 * Tenant scoping in one place: a gemeente user may only touch their own gemeente. Others (with a
 * role that passed the route's @Roles) may touch any.
 */
export function assertGemeenteAccess(user: AuthUser, gemeente: string): void {
  if (user.role === 'gemeente' && user.gemeente !== gemeente) throw new DomainError('auth.other_gemeente');
}

/** The gemeente filter of a list: a gemeente user always sees only their own. */
export function scopedGemeente(user: AuthUser, requested?: string): string | undefined {
  if (user.role === 'gemeente') {
    if (requested && requested !== user.gemeente) assertGemeenteAccess(user, requested);
    return user.gemeente ?? undefined;
  }
  return requested;
}
