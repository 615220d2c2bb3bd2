import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with the organisation's own account over OpenID Connect (issue 17). An account created
 * by that sign-in has no local password: it is known by its provider (`oidc_issuer`) and the
 * provider's subject (`oidc_subject`), one account per pair. Every account has one of the two.
 * `oidc_handoff`: the one-time codes the callback gives the web app, exchanged once for a session
 * within a minute (only their SHA-256 hash is stored).
 */
export class OidcAccounts1764978000000 implements MigrationInterface {
  name = 'OidcAccounts1764978000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
      ALTER TABLE app_user ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text;
      ALTER TABLE app_user ADD CONSTRAINT app_user_oidc_pair CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL));
      ALTER TABLE app_user ADD CONSTRAINT app_user_password_or_oidc CHECK (password_hash IS NOT NULL OR oidc_subject IS NOT NULL);
      CREATE UNIQUE INDEX app_user_oidc ON app_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;
      CREATE TABLE oidc_handoff (
        code_hash   text PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        expires_at  timestamptz NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE oidc_handoff;
      DROP INDEX app_user_oidc;
      ALTER TABLE app_user DROP CONSTRAINT app_user_password_or_oidc, DROP CONSTRAINT app_user_oidc_pair;
      ALTER TABLE app_user DROP COLUMN oidc_subject, DROP COLUMN oidc_issuer;
      ALTER TABLE app_user ALTER COLUMN password_hash SET NOT NULL;
    `);
  }
}
