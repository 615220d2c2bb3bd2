import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updatedRow } from '../common/sql';

/** An account's TOTP secret (never leaves the server after confirmation) and its state. */
export interface TotpRow {
  /** As stored: `v1:…` (encrypted, mfa-secret.ts) or a legacy plain base32 secret. */
  secret: string;
  confirmed: boolean;
}

/** TOTP secrets and recovery codes (migration 1764976000000). */
@Injectable()
export class MfaRepository {
  constructor(private readonly ds: DataSource) {}

  async find(userId: string, m: EntityManager = this.ds.manager): Promise<TotpRow | undefined> {
    const rows = await m.query(
      'SELECT secret, confirmed_at IS NOT NULL AS confirmed FROM user_totp WHERE user_id = $1',
      [userId],
    );
    return rows[0];
  }

  /** Secrets still stored plain (from before encryption at rest, migration 1764987000000). */
  async plainSecrets(): Promise<{ userId: string; secret: string }[]> {
    return this.ds.query(`SELECT user_id::text AS "userId", secret FROM user_totp WHERE secret NOT LIKE 'v1:%'`);
  }

  /** One encrypted secret (any), to check at start that the key opens them. */
  async oneEncryptedSecret(): Promise<{ userId: string; secret: string } | undefined> {
    const rows = await this.ds.query(
      `SELECT user_id::text AS "userId", secret FROM user_totp WHERE secret LIKE 'v1:%' LIMIT 1`,
    );
    return rows[0];
  }

  /** Replaces a plain secret by its encrypted form; false when the row changed in between (a new setup). */
  async encryptPlainSecret(userId: string, plain: string, encrypted: string): Promise<boolean> {
    const rows = await this.ds.query(
      'UPDATE user_totp SET secret = $3 WHERE user_id = $1 AND secret = $2 RETURNING user_id',
      [userId, plain, encrypted],
    );
    return updatedRow<{ user_id: string }>(rows) !== undefined;
  }

  /** A new, unconfirmed secret; replaces an earlier unconfirmed one, never a confirmed one (false then). */
  async startSetup(userId: string, secret: string): Promise<boolean> {
    const rows = await this.ds.query(
      `INSERT INTO user_totp (user_id, secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, last_step = NULL, created_at = now()
         WHERE user_totp.confirmed_at IS NULL
       RETURNING 1`,
      [userId, secret],
    );
    return rows.length === 1;
  }

  /** The unconfirmed secret, locked until the end of the transaction. */
  async lockPending(m: EntityManager, userId: string): Promise<string | undefined> {
    const rows = await m.query('SELECT secret FROM user_totp WHERE user_id = $1 AND confirmed_at IS NULL FOR UPDATE', [
      userId,
    ]);
    return rows[0]?.secret;
  }

  /** Confirms the secret and replaces all recovery codes with these (lookup, hash) pairs (one statement). */
  async confirm(
    m: EntityManager,
    userId: string,
    step: number,
    codes: { lookup: string; hash: string }[],
  ): Promise<void> {
    await m.query(
      `WITH done AS (UPDATE user_totp SET confirmed_at = now(), last_step = $2 WHERE user_id = $1),
            old AS (DELETE FROM user_recovery_code WHERE user_id = $1)
       INSERT INTO user_recovery_code (user_id, lookup, code_hash) SELECT $1, unnest($3::text[]), unnest($4::text[])`,
      [userId, step, codes.map((c) => c.lookup), codes.map((c) => c.hash)],
    );
  }

  /**
   * Accepts time step `step` once: true when it is newer than every step accepted before (so the
   * same code, or an older one, is refused even by two requests at the same moment).
   */
  async acceptStep(userId: string, step: number): Promise<boolean> {
    const rows = await this.ds.query(
      `UPDATE user_totp SET last_step = $2
       WHERE user_id = $1 AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $2) RETURNING user_id`,
      [userId, step],
    );
    return updatedRow<{ user_id: string }>(rows) !== undefined;
  }

  /** The unused recovery code with this first group, if any. */
  async unusedRecoveryCode(userId: string, lookup: string): Promise<{ id: string; hash: string } | undefined> {
    const rows = await this.ds.query(
      `SELECT id::text, code_hash AS hash FROM user_recovery_code
       WHERE user_id = $1 AND lookup = $2 AND used_at IS NULL`,
      [userId, lookup],
    );
    return rows[0];
  }

  /** Uses a recovery code up; false when another request used it first. */
  async useRecoveryCode(id: string): Promise<boolean> {
    const rows = await this.ds.query(
      'UPDATE user_recovery_code SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id',
      [id],
    );
    return updatedRow<{ id: string }>(rows) !== undefined;
  }
}
