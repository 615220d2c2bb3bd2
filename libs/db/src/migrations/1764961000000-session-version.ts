import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `app_user.session_version`: the generation of an account's sessions. Every access token carries
 * the value it was issued with (claim `sv`), and the API's guard compares it with the row on every
 * request (one lookup by primary key). The application raises it when an account loses or changes
 * its rights (disabled, another role or gemeente, a new password) and when a used refresh token
 * comes back (possible theft): every token issued before is refused from the next request on,
 * instead of working until it expires (penetration test, issue 18 finding 2).
 *
 * app_user is not append-only: the application role keeps its UPDATE right (libs/db/src/app-role.ts).
 */
export class SessionVersion1764961000000 implements MigrationInterface {
  name = 'SessionVersion1764961000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN session_version integer NOT NULL DEFAULT 0;
      COMMENT ON COLUMN app_user.session_version IS 'Generation of the account''s sessions: an access token whose claim sv differs is refused (migration 1764961000000).';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE app_user DROP COLUMN session_version;');
  }
}
