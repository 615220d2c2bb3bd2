import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATASET_SCORES, type DatasetRow } from '@living-lab/domain';
import { EVENT_CAUSE, EVENT_TIME, FIRST_ON, FIRST_SCORES } from '../results/results.repository';

/**
 * The analysis dataset's one query: a row per enrolment (on or before asOf) with the same
 * definitions as the results (ResultsRepository's fragments, not copies): time to the first
 * terminal outcome and its cause, the window outcome of each metric (complete follow-up as in
 * `windowCounts`), and the first klantbeleving scores per phase.
 */
@Injectable()
export class DatasetRepository {
  constructor(private readonly ds: DataSource) {}

  /** Rows in a stable order: gemeente, participant code, enrolment. */
  async rows(
    experiment: string,
    asOf: string,
    followUpDays: number,
    metrics: string[],
    gemeente: string | null = null,
  ): Promise<DatasetRow[]> {
    const scores = DATASET_SCORES.map((i) => `'${i}', f.${i}`).join(', ');
    const rows: (Omit<DatasetRow, 'windows'> & { windows: (0 | 1 | null)[] | null })[] = await this.ds.query(
      `${FIRST_SCORES},
       kb AS MATERIALIZED (
         SELECT f.participant_id, json_object_agg(f.phase, json_build_object(${scores}, 'emotie', f.emotie)) AS beleving
         FROM first f GROUP BY 1
       )
       SELECT p.participant_ref AS "participantRef", s.gemeente_code AS gemeente, s.arm_key AS arm, l.stratum,
              s.klantprofiel, s.segment, to_char(s.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn",
              ${EVENT_TIME} AS days, ${EVENT_CAUSE} AS cause,
              (SELECT array_agg(CASE WHEN s.enrolled_on <= $2::date - $4::int
                                     THEN COALESCE(${FIRST_ON} <= s.enrolled_on + $4::int, false)::int END ORDER BY mt.pos)
               FROM unnest($5::text[]) WITH ORDINALITY AS mt(metric, pos)) AS windows,
              COALESCE(kb.beleving, '{}'::json) AS beleving
       FROM enrolment_summary s
       JOIN enrolment n ON n.id = s.enrolment_id
       JOIN participant p ON p.id = n.participant_id
       LEFT JOIN allocation_log l ON l.enrolment_id = s.enrolment_id
       LEFT JOIN kb ON kb.participant_id = n.participant_id
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date AND ($3::text IS NULL OR s.gemeente_code = $3)
       ORDER BY s.gemeente_code, p.participant_ref, s.enrolment_id`,
      [experiment, asOf, gemeente, followUpDays, metrics],
    );
    return rows.map((r) => ({
      ...r,
      windows: Object.fromEntries(metrics.map((m, i) => [m, r.windows?.[i] ?? null])),
    }));
  }
}
