import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two factors for local accounts (issue 17, BIO): a TOTP secret per account (RFC 6238) and its
 * one-time recovery codes. Kept apart from app_user so no account listing can ever select the
 * secret. `confirmed_at` NULL: set up but not yet confirmed (login does not ask for it yet).
 * `last_step`: the newest time step accepted, so the same code is never accepted twice.
 * Recovery codes are stored as argon2id hashes, like passwords; `used_at` marks the one use. A
 * code's first group (`lookup`, not secret) finds its row, so a login verifies one hash, not ten.
 */
export class Totp1764976000000 implements MigrationInterface {
  name = 'Totp1764976000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_totp (
        user_id       uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
        secret        text NOT NULL,
        confirmed_at  timestamptz,
        last_step     bigint,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE user_recovery_code (
        id         bigserial PRIMARY KEY,
        user_id    uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        lookup     text NOT NULL,
        code_hash  text NOT NULL,
        used_at    timestamptz,
        UNIQUE (user_id, lookup)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE user_recovery_code; DROP TABLE user_totp;');
  }
}
