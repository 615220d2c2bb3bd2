import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { todayIso } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';

export interface RetentionRow {
  experiment: string;
  endDate: string;
  retentionMonths: number;
  /** the first day on which the experiment's participant-level data are due for erasure */
  expiresOn: string;
  due: boolean;
  /** enrolments the experiment holds now */
  enrolments: number;
  /** what a run today would erase for this experiment (zero when not due) */
  erase: { enrolments: number; participants: number };
}

/**
 * Retention per experiment (AVG): `retentionMonths` after its end date, an experiment's
 * participant-level data are erased. A participant is erased completely (participant, events,
 * scores, client-form links, enrolments, summaries, allocation log) when every experiment they
 * are enrolled in is due; a participant still enrolled in a running or not-yet-due experiment
 * keeps that data and loses only the enrolments in the due experiments. Published reports keep
 * their numbers (stored JSON). Each run leaves one audit entry per experiment with counts only.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The dry run: per experiment with a retention, whether it is due and what a run would erase. */
  async preview(today = todayIso(), m: EntityManager = this.ds.manager): Promise<RetentionRow[]> {
    const rows = await m.query(
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
    return rows.map((x: Omit<RetentionRow, 'erase'> & { participants: number }) => ({
      experiment: x.experiment,
      endDate: x.endDate,
      retentionMonths: x.retentionMonths,
      expiresOn: x.expiresOn,
      due: x.due,
      enrolments: x.enrolments,
      erase: { enrolments: x.due ? x.enrolments : 0, participants: x.participants },
    }));
  }

  /**
   * Erases what is due (all experiments, or only `only`), in one transaction. The caller's
   * context must be a beheerder or the system (the erase functions refuse anyone else).
   */
  async run(actor: string, opts: { today?: string; only?: string[] } = {}) {
    const today = opts.today ?? todayIso();
    return this.ds.transaction(async (m) => {
      const due = (await this.preview(today, m)).filter(
        (r) => r.due && r.enrolments > 0 && (!opts.only || opts.only.includes(r.experiment)),
      );
      if (!due.length) return { erased: [], totals: {} as Record<string, number> };
      const keys = due.map((r) => r.experiment);
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
      for (const r of due) {
        await this.audit.record(m, {
          actor,
          action: 'retention_erase',
          entity: 'experiment',
          entityId: r.experiment,
          after: {
            expiresOn: r.expiresOn,
            retentionMonths: r.retentionMonths,
            enrolments: r.erase.enrolments,
            participants: r.erase.participants,
          },
        });
      }
      return { erased: due.map((r) => ({ experiment: r.experiment, ...r.erase })), totals };
    });
  }
}
