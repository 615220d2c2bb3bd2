import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * current_milestone_event was created as `SELECT e.*`, which PostgreSQL expands when the view is
 * made: columns added to milestone_event later (gemeente_code, source, ddas_trajectory_id) were
 * not in it. The view now lists them after the original columns (CREATE OR REPLACE may only
 * append), and stays security_invoker (row-level security of the reader applies).
 */
const WHERE = `WHERE NOT e.retracted AND NOT EXISTS (SELECT 1 FROM milestone_event s WHERE s.supersedes_id = e.id)`;
const ORIGINAL = `e.id, e.participant_id, e.milestone, e.occurred_on, e.reason, e.supersedes_id, e.correction_reason, e.retracted, e.recorded_by, e.recorded_at`;

export class CurrentEventSource1764971000001 implements MigrationInterface {
  name = 'CurrentEventSource1764971000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW current_milestone_event WITH (security_invoker = true) AS
        SELECT ${ORIGINAL}, e.gemeente_code, e.source, e.ddas_trajectory_id FROM milestone_event e ${WHERE};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW current_milestone_event;
      CREATE VIEW current_milestone_event WITH (security_invoker = true) AS SELECT ${ORIGINAL} FROM milestone_event e ${WHERE};
    `);
  }
}
