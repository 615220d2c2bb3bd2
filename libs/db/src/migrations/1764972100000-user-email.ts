import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account may have an e-mail address (staff, never a participant), for mail about quarterly
 * reports (issue 15): projectleiders hear when a draft is ready, gemeente users and reviewers when
 * a report is published. Optional: an account without one gets no mail.
 */
export class UserEmail1764972100000 implements MigrationInterface {
  name = 'UserEmail1764972100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN email text
        CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE app_user DROP COLUMN email;');
  }
}
