import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@living-lab/domain';
import { updatedRow } from '../common/sql';

export interface PublicUser {
  id: string;
  username: string;
  role: string;
  gemeente: string | null;
  disabled: boolean;
  email: string | null;
  createdAt: Date;
}

const COLUMNS = 'id, username, role, gemeente_code AS gemeente, disabled, email, created_at AS "createdAt"';

/** What a session depends on: who the account is now, and the generation of its sessions. */
export interface SessionAccount {
  id: string;
  username: string;
  role: Role;
  gemeente: string | null;
  disabled: boolean;
  sessionVersion: number;
  /** Two factors (TOTP) confirmed for this account. */
  mfa: boolean;
  /** Signs in at the organisation's OpenID provider (no local password; the provider asks the factors). */
  external: boolean;
}

const SESSION_COLUMNS =
  'id, username, role, gemeente_code AS gemeente, disabled, session_version AS "sessionVersion", ' +
  'EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = app_user.id AND t.confirmed_at IS NOT NULL) AS mfa, ' +
  'oidc_subject IS NOT NULL AS external';

@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  async findForLogin(
    username: string,
  ): Promise<(SessionAccount & { passwordHash: string; lockedUntil: Date | null }) | undefined> {
    const rows = await this.ds.query(
      `SELECT ${SESSION_COLUMNS}, password_hash AS "passwordHash", locked_until AS "lockedUntil"
       FROM app_user WHERE username = $1`,
      [username],
    );
    return rows[0];
  }

  /**
   * The account as it is now, for the AuthGuard on every request and for a refresh: one lookup by
   * primary key. undefined for an id that is no account.
   */
  async findSession(id: string, m: EntityManager = this.ds.manager): Promise<SessionAccount | undefined> {
    const rows = await m.query(`SELECT ${SESSION_COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return rows[0];
  }

  /**
   * Counts a failed login; the failure that reaches `max` locks the account for `lockMinutes` and
   * starts the count again.
   */
  async recordFailedLogin(id: string, max: number, lockMinutes: number): Promise<void> {
    await this.ds.query(
      `UPDATE app_user SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
                           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1`,
      [id, max, lockMinutes],
    );
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.ds.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
  }

  /**
   * Ends every session of an account: the session generation goes up (the AuthGuard refuses every
   * access token issued before) and its refresh tokens are removed. One statement.
   */
  async endSessions(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `WITH ended AS (DELETE FROM refresh_token WHERE user_id = $1)
       UPDATE app_user SET session_version = session_version + 1 WHERE id = $1`,
      [id],
    );
  }

  async usernameTaken(m: EntityManager, username: string): Promise<boolean> {
    const rows = await m.query('SELECT 1 FROM app_user WHERE username = $1', [username]);
    return rows.length > 0;
  }

  async list(limit: number, offset: number): Promise<{ items: PublicUser[]; total: number }> {
    const items = await this.ds.query(`SELECT ${COLUMNS} FROM app_user ORDER BY username LIMIT $1 OFFSET $2`, [
      limit,
      offset,
    ]);
    const [{ total }] = await this.ds.query('SELECT count(*)::int AS total FROM app_user');
    return { items, total };
  }

  async findById(m: EntityManager, id: string): Promise<PublicUser | undefined> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return rows[0];
  }

  async insert(
    m: EntityManager,
    u: { username: string; passwordHash: string; role: string; gemeente: string | null; email?: string | null },
  ): Promise<PublicUser> {
    const rows = await m.query(
      `INSERT INTO app_user (username, password_hash, role, gemeente_code, email) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [u.username, u.passwordHash, u.role, u.gemeente, u.email ?? null],
    );
    return rows[0];
  }

  async update(
    m: EntityManager,
    id: string,
    patch: {
      passwordHash?: string;
      role?: string;
      gemeente?: string | null;
      disabled?: boolean;
      email?: string | null;
    },
  ): Promise<PublicUser> {
    const rows = await m.query(
      `UPDATE app_user SET
         password_hash = COALESCE($2, password_hash),
         role = COALESCE($3, role),
         gemeente_code = CASE WHEN $4::boolean THEN $5 ELSE gemeente_code END,
         disabled = COALESCE($6, disabled),
         email = CASE WHEN $7::boolean THEN $8 ELSE email END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        patch.passwordHash ?? null,
        patch.role ?? null,
        patch.gemeente !== undefined,
        patch.gemeente ?? null,
        patch.disabled ?? null,
        patch.email !== undefined,
        patch.email ?? null,
      ],
    );
    return updatedRow(rows);
  }

  async count(m: EntityManager): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM app_user');
    return n;
  }
}
