import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@living-lab/domain';

/** Accounts of the organisation's OpenID provider and the one-time codes that hand a sign-in to the web app. */
@Injectable()
export class OidcRepository {
  constructor(private readonly ds: DataSource) {}

  async gemeenteExists(code: string): Promise<boolean> {
    const rows = await this.ds.query('SELECT 1 FROM gemeente WHERE code = $1', [code]);
    return rows.length > 0;
  }

  /** The account of this provider's subject, locked for the rest of the transaction. */
  async lockByOidc(
    m: EntityManager,
    issuer: string,
    subject: string,
  ): Promise<{ id: string; role: Role; gemeente: string | null; disabled: boolean } | undefined> {
    const rows = await m.query(
      `SELECT id, role, gemeente_code AS gemeente, disabled FROM app_user
       WHERE oidc_issuer = $1 AND oidc_subject = $2 FOR UPDATE`,
      [issuer, subject],
    );
    return rows[0];
  }

  /** A new account without a local password; `username` is taken as is, or with a short suffix when taken. */
  async insert(
    m: EntityManager,
    a: { username: string; issuer: string; subject: string; role: Role; gemeente: string | null; suffix: string },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO app_user (username, password_hash, role, gemeente_code, oidc_issuer, oidc_subject)
       SELECT CASE WHEN EXISTS (SELECT 1 FROM app_user WHERE username = $1) THEN $1 || '-' || $6 ELSE $1 END,
              NULL, $2, $3, $4, $5
       RETURNING id`,
      [a.username, a.role, a.gemeente, a.issuer, a.subject, a.suffix],
    );
    return rows[0].id;
  }

  /** Role and gemeente as the provider now gives them; the account's sessions end (they carried the old rights). */
  async updateRights(m: EntityManager, id: string, role: Role, gemeente: string | null): Promise<void> {
    await m.query(
      `WITH ended AS (DELETE FROM refresh_token WHERE user_id = $1)
       UPDATE app_user SET role = $2, gemeente_code = $3, session_version = session_version + 1 WHERE id = $1`,
      [id, role, gemeente],
    );
  }

  async insertHandoff(m: EntityManager, codeHash: string, userId: string, ttlSeconds: number): Promise<void> {
    await m.query(
      `INSERT INTO oidc_handoff (code_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [codeHash, userId, ttlSeconds],
    );
  }

  /** Uses up a one-time code: its account while it was valid, else undefined (expired, used or unknown). */
  async takeHandoff(m: EntityManager, codeHash: string): Promise<string | undefined> {
    const rows = await m.query(
      `WITH gone AS (DELETE FROM oidc_handoff WHERE code_hash = $1 OR expires_at < now() RETURNING code_hash, user_id, expires_at)
       SELECT user_id AS "userId" FROM gone WHERE code_hash = $1 AND expires_at > now()`,
      [codeHash],
    );
    return rows[0]?.userId;
  }
}
