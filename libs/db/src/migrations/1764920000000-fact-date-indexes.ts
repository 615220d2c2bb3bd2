import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes on the date of facts: the quarterly report reads the facts of one quarter (sector
 * funnel, data quality's active participants), which otherwise scans every event ever recorded.
 */
export class FactDateIndexes1764920000000 implements MigrationInterface {
  name = 'FactDateIndexes1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX milestone_event_occurred_on ON milestone_event (occurred_on) INCLUDE (participant_id, milestone);
      CREATE INDEX beleving_score_measured_on ON beleving_score (measured_on) INCLUDE (participant_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX milestone_event_occurred_on; DROP INDEX beleving_score_measured_on;');
  }
}
