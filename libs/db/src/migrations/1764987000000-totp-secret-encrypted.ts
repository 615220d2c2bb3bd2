import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP secrets encrypted at rest. The key (LAB_MFA_KEY, or the key file beside the embedded
 * database) is known to the app only, never to a migration, so this migration cannot encrypt the
 * secrets already stored. It marks the column's format instead: `v1:<base64url>` is AES-256-GCM
 * (apps/api/src/auth/mfa-secret.ts); a plain base32 secret is a legacy one, which the app encrypts
 * at its first use and at every start. The check allows only these two forms.
 */
export class TotpSecretEncrypted1764987000000 implements MigrationInterface {
  name = 'TotpSecretEncrypted1764987000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_format
        CHECK (secret ~ '^v1:[A-Za-z0-9_-]+$' OR secret ~ '^[A-Z2-7]+=*$');
      COMMENT ON COLUMN user_totp.secret IS
        'v1:<base64url of iv|ciphertext|tag>: AES-256-GCM under the app''s MFA key, the account id as additional data. Plain base32: legacy, encrypted by the app at first use.';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Encrypted secrets stay encrypted: only the app has the key.
    await q.query(`
      COMMENT ON COLUMN user_totp.secret IS NULL;
      ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_format;
    `);
  }
}
