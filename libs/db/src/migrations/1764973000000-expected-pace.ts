import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An experiment's expected pace (issue 16): the most days a participant should go without a new
 * milestone (`expectedPaceDays` in the definition). NULL means the default of libs/domain
 * (DEFAULT_EXPECTED_PACE_DAYS), which the worklist passes as a parameter. The worklist's queries
 * read client links per participant and phase and milestones per participant; the existing
 * indexes cover both.
 */
export class ExpectedPace1764973000000 implements MigrationInterface {
  name = 'ExpectedPace1764973000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE experiment ADD COLUMN expected_pace_days integer
        CHECK (expected_pace_days IS NULL OR expected_pace_days BETWEEN 1 AND 1095);
      COMMENT ON COLUMN experiment.expected_pace_days IS 'Most days without a new milestone before a participant is on the worklist (NULL: the default of libs/domain).';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE experiment DROP COLUMN expected_pace_days');
  }
}
