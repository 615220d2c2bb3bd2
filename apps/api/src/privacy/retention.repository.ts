import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One experiment with a retention period, as the dry run reads it. */
export interface RetentionDueRow {
  experiment: string;
  endDate: string;
  retentionMonths: number;
  expiresOn: string;
  due: boolean;
  enrolments: number;
  /** participants a run today would erase completely (enrolled in due experiments only) */
  participants: number;
}

/** SQL of retention (AVG): which experiments are due, and the erasure through the erase functions. */
@Injectable()
export class RetentionRepository {
  /** Per experiment with a retention and an end date: when it expires, whether it is due on `today`, its counts. */
  dueRows(m: EntityManager, today: string): Promise<RetentionDueRow[]> {
    return m.query(
      `
      WITH r AS (
        SELECT key, end_date, retention_months, (end_date + make_interval(months => retention_months))::date AS expires_on
        FROM experiment WHERE retention_months IS NOT NULL AND end_date IS NOT NULL
      ), kept AS (
        SELECT DISTINCT n.participant_id FROM enrolment n
        WHERE n.experiment_key NOT IN (SELECT key FROM r WHERE expires_on <= $1::date)
      )
      SELECT r.key AS experiment, to_char(r.end_date, 'YYYY-MM-DD') AS "endDate", r.retention_months AS "retentionMonths",
             to_char(r.expires_on, 'YYYY-MM-DD') AS "expiresOn", r.expires_on <= $1::date AS due,
             count(n.id)::int AS enrolments,
             count(n.id) FILTER (WHERE r.expires_on <= $1::date AND n.participant_id NOT IN (SELECT participant_id FROM kept))::int AS participants
      FROM r LEFT JOIN enrolment n ON n.experiment_key = r.key
      GROUP BY r.key, r.end_date, r.retention_months, r.expires_on ORDER BY r.expires_on, r.key`,
      [today],
    );
  }

  /**
   * Erases what is due for `keys`: participants enrolled only in these experiments completely
   * (erase_participants), then every remaining enrolment of these experiments (erase_enrolments).
   * Returns the rows erased per table, summed over both.
   */
  async erase(m: EntityManager, keys: string[]): Promise<Record<string, number>> {
    const [{ pids }] = await m.query(
      `
      SELECT coalesce(array_agg(DISTINCT n.participant_id), '{}') AS pids FROM enrolment n
      WHERE n.experiment_key = ANY ($1)
        AND NOT EXISTS (SELECT 1 FROM enrolment o WHERE o.participant_id = n.participant_id AND NOT (o.experiment_key = ANY ($1)))`,
      [keys],
    );
    const [{ counts: byParticipant }] = await m.query('SELECT erase_participants($1::bigint[]) AS counts', [pids]);
    const [{ eids }] = await m.query(
      "SELECT coalesce(array_agg(id), '{}') AS eids FROM enrolment WHERE experiment_key = ANY ($1)",
      [keys],
    );
    const [{ counts: byEnrolment }] = await m.query('SELECT erase_enrolments($1::bigint[]) AS counts', [eids]);
    const totals: Record<string, number> = { ...byParticipant };
    for (const [k, v] of Object.entries(byEnrolment as Record<string, number>)) totals[k] = (totals[k] ?? 0) + v;
    return totals;
  }

  /** When each of these experiments last had its dry run announced (audit action retention_dry_run). */
  lastDryRuns(m: EntityManager, keys: string[]): Promise<{ experiment: string; at: Date }[]> {
    return m.query(
      `SELECT entity_id AS experiment, max(at) AS at FROM audit_entry
       WHERE action = 'retention_dry_run' AND entity = 'experiment' AND entity_id = ANY ($1) GROUP BY entity_id`,
      [keys],
    );
  }
}
