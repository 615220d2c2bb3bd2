import { createHash, randomBytes } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config';
import { UsersRepository } from '../users/users.repository';

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0xVdUwI7u1VwBLKuvKTJ5LtP2bzodrqR9PfHtqz0Z0A';

/** Failed logins before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const wrongCredentials = () =>
  new UnauthorizedException({ statusCode: 401, message: 'Gebruikersnaam of wachtwoord klopt niet.' });
const tooMany = (message: string) => new HttpException({ statusCode: 429, message }, HttpStatus.TOO_MANY_REQUESTS);

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Logs in: a short-lived access token (JWT) and a refresh token. Per client address at most 20
   * attempts in 5 minutes (429, RateLimit('login') on the route); per account a lock-out of 15 minutes after 5 failures in a row.
   */
  async login(username: string, password: string) {
    const user = await this.users.findForLogin(username);
    if (user?.lockedUntil && user.lockedUntil > new Date()) {
      await this.audit.record(null, { actor: username, action: 'login_locked', entity: 'app_user', entityId: user.id });
      throw tooMany(
        `Dit account is tijdelijk geblokkeerd na ${MAX_FAILED_LOGINS} mislukte pogingen. Probeer het over ${LOCK_MINUTES} minuten opnieuw.`,
      );
    }
    const ok = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok || user.disabled) {
      if (user && !ok) {
        await this.ds.query(
          `UPDATE app_user SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
                               locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
           WHERE id = $1`,
          [user.id, MAX_FAILED_LOGINS, LOCK_MINUTES],
        );
      }
      await this.audit.record(null, {
        actor: username,
        action: 'login_failed',
        entity: 'app_user',
        entityId: user?.id ?? null,
      });
      throw wrongCredentials();
    }
    await this.ds.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [user.id]);
    await this.audit.record(null, { actor: username, action: 'login', entity: 'app_user', entityId: user.id });
    return this.issue(user);
  }

  /** A new token pair for a valid, unused refresh token; the old one is used up (rotation). */
  async refresh(refreshToken: string) {
    const hash = sha256(refreshToken);
    const outcome = await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT t.user_id, t.expires_at > now() AS valid, t.used_at IS NOT NULL AS used
         FROM refresh_token t WHERE t.token_hash = $1 FOR UPDATE`,
        [hash],
      );
      if (!row) return { error: 'Uw sessie is verlopen. Log opnieuw in.' };
      if (row.used) {
        // A used token offered again: someone may have copied it. End every session of this user
        // (committed here, before the refusal).
        await m.query('DELETE FROM refresh_token WHERE user_id = $1', [row.user_id]);
        await this.audit.record(m, {
          actor: 'system',
          action: 'refresh_token_reuse',
          entity: 'app_user',
          entityId: row.user_id,
        });
        return { error: 'Uw sessie is beëindigd. Log opnieuw in.' };
      }
      if (!row.valid) return { error: 'Uw sessie is verlopen. Log opnieuw in.' };
      await m.query('UPDATE refresh_token SET used_at = now() WHERE token_hash = $1', [hash]);
      const [user] = await m.query(
        'SELECT id, username, role, gemeente_code AS gemeente, disabled FROM app_user WHERE id = $1',
        [row.user_id],
      );
      if (!user || user.disabled) return { error: 'Dit account kan niet meer inloggen.' };
      return { tokens: await this.issue(user, m) };
    });
    if (!outcome.tokens) throw new UnauthorizedException({ statusCode: 401, message: outcome.error });
    return outcome.tokens;
  }

  async logout(refreshToken: string) {
    await this.ds.query('DELETE FROM refresh_token WHERE token_hash = $1', [sha256(refreshToken)]);
  }

  private async issue(
    user: { id: string; username: string; role: string; gemeente: string | null },
    m = this.ds.manager,
  ) {
    const accessToken = await this.jwt.signAsync({
      sub: user.id,
      username: user.username,
      role: user.role,
      gemeente: user.gemeente,
    });
    const refreshToken = randomBytes(32).toString('base64url');
    await m.query(
      `INSERT INTO refresh_token (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [sha256(refreshToken), user.id, this.config.refreshTtlSeconds],
    );
    return {
      accessToken,
      refreshToken,
      expiresIn: this.config.tokenTtlSeconds,
      role: user.role,
      ...(user.gemeente ? { gemeente: user.gemeente } : {}),
    };
  }
}
