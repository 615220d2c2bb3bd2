import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { DomainError, type ErrorCode } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AccessTokenPayload } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { UsersRepository, type SessionAccount } from '../users/users.repository';
import { AuthRepository } from './auth.repository';
import { MFA_SETUP_TOKEN_SECONDS, mfaRequiredFor } from './mfa-policy';
import { MfaService } from './mfa.service';

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0xVdUwI7u1VwBLKuvKTJ5LtP2bzodrqR9PfHtqz0Z0A';

/** Failed logins before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const wrongCredentials = () => new DomainError('auth.wrong_credentials');

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  role: string;
  gemeente?: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly tokens: AuthRepository,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Logs in: a short-lived access token (JWT) and a refresh token. Per client address at most 20
   * attempts in 5 minutes (429, RateLimit('login') on the route); per account a lock-out of 15
   * minutes after 5 failures in a row.
   *
   * A wrong password, an unknown user, a disabled and a locked account get one and the same answer
   * (401 `auth.wrong_credentials`), and each verifies a password hash first (the dummy hash for an
   * unknown user), so neither answer nor timing tells whether a username exists or is locked. A
   * locked account is refused even with the right password; the audit log tells the cases apart.
   *
   * Two factors (issue 17): with TOTP confirmed, the right password alone answers 401
   * `auth.mfa_required`; `totp` must carry a current code not used before, or an unused recovery
   * code. A wrong code counts towards the lock-out as a wrong password does (401
   * `auth.mfa_code_wrong`). When two factors are required for the role and not set up, the right
   * password answers 401 `auth.mfa_setup_required` with `setupToken`: a token for 10 minutes that
   * opens only the setup routes, so nobody gets in without a second factor.
   */
  async login(username: string, password: string, totp?: string) {
    const user = await this.users.findForLogin(username);
    const ok = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (user?.lockedUntil && user.lockedUntil > new Date()) {
      await this.audit.record(null, { actor: username, action: 'login_locked', entity: 'app_user', entityId: user.id });
      throw wrongCredentials();
    }
    if (!user || !ok || user.disabled) {
      if (user && !ok) await this.users.recordFailedLogin(user.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
      await this.audit.record(null, {
        actor: username,
        action: 'login_failed',
        entity: 'app_user',
        entityId: user?.id ?? null,
      });
      throw wrongCredentials();
    }
    if (user.mfa) {
      if (!totp) throw new DomainError('auth.mfa_required');
      const how = await this.mfa.verify(user.id, user.username, totp);
      if (!how) {
        await this.users.recordFailedLogin(user.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
        await this.audit.record(null, {
          actor: username,
          action: 'login_mfa_failed',
          entity: 'app_user',
          entityId: user.id,
        });
        throw new DomainError('auth.mfa_code_wrong');
      }
      if (how === 'recovery')
        await this.audit.record(null, {
          actor: username,
          action: 'mfa_recovery_used',
          entity: 'app_user',
          entityId: user.id,
        });
    } else if (mfaRequiredFor(this.config, user.role)) {
      await this.audit.record(null, {
        actor: username,
        action: 'login_mfa_setup_required',
        entity: 'app_user',
        entityId: user.id,
      });
      const limited: AccessTokenPayload = { ...this.claims(user), scope: 'mfa_setup' };
      const setupToken = await this.jwt.signAsync(limited, { expiresIn: MFA_SETUP_TOKEN_SECONDS });
      throw new DomainError('auth.mfa_setup_required', { params: { setupToken } });
    }
    await this.users.clearFailedLogins(user.id);
    await this.audit.record(null, { actor: username, action: 'login', entity: 'app_user', entityId: user.id });
    return this.issue(user);
  }

  /**
   * A new token pair for a valid, unused refresh token; the old one is used up (rotation). A used
   * token offered again ends every session of its user, access tokens included.
   */
  async refresh(refreshToken: string) {
    const hash = sha256(refreshToken);
    const outcome = await this.ds.transaction(async (m): Promise<{ error: ErrorCode } | { tokens: IssuedTokens }> => {
      const row = await this.tokens.lockRefreshToken(m, hash);
      if (!row) return { error: 'auth.token_invalid' };
      if (row.used) {
        // A used token offered again: someone may have copied it. End every session of this user
        // (committed here, before the refusal).
        await this.users.endSessions(m, row.userId);
        await this.audit.record(m, {
          actor: 'system',
          action: 'refresh_token_reuse',
          entity: 'app_user',
          entityId: row.userId,
        });
        return { error: 'auth.session_ended' };
      }
      if (!row.valid) return { error: 'auth.token_invalid' };
      await this.tokens.markRefreshTokenUsed(m, hash);
      const user = await this.users.findSession(row.userId, m);
      if (!user || user.disabled) return { error: 'auth.token_invalid' };
      if (!user.mfa && !user.external && mfaRequiredFor(this.config, user.role))
        return { error: 'auth.mfa_setup_required' };
      return { tokens: await this.issue(user, m) };
    });
    if ('error' in outcome) throw new DomainError(outcome.error);
    return outcome.tokens;
  }

  async logout(refreshToken: string) {
    await this.tokens.deleteRefreshToken(sha256(refreshToken));
  }

  private claims(user: SessionAccount): AccessTokenPayload {
    return { sub: user.id, username: user.username, role: user.role, gemeente: user.gemeente, sv: user.sessionVersion };
  }

  /** An access token carrying the account's session generation (checked on every request), and a refresh token. */
  async issue(user: SessionAccount, m = this.ds.manager): Promise<IssuedTokens> {
    const accessToken = await this.jwt.signAsync(this.claims(user));
    const refreshToken = randomBytes(32).toString('base64url');
    await this.tokens.insertRefreshToken(m, sha256(refreshToken), user.id, this.config.refreshTtlSeconds);
    return {
      accessToken,
      refreshToken,
      expiresIn: this.config.tokenTtlSeconds,
      role: user.role,
      ...(user.gemeente ? { gemeente: user.gemeente } : {}),
    };
  }
}
