import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Window counts of one metric for one arm within one group (a gemeente, klantprofiel or segment). */
export interface CountRow {
  metric: string;
  arm: string;
  /** which grouping this row belongs to */
  by: 'gemeente' | 'klantprofiel' | 'segment';
  /** the group's value (null = not recorded) */
  value: string | null;
  enrolled: number;
  complete: number;
  events: number;
}

/** Number of participants per (arm, time, cause): the sufficient statistics of competing risks. */
export interface TimeRow {
  arm: string;
  gemeente: string;
  time: number;
  cause: number;
  n: number;
}

/** Number of first scores per (arm, phase, item, value). */
export interface ScoreRow {
  arm: string;
  phase: string;
  item: string;
  value: number;
  n: number;
}

export interface EmotionRow {
  arm: string;
  phase: string;
  emotie: string;
  n: number;
}

/**
 * The report queries. PostgreSQL returns only sufficient statistics: counts per arm × group ×
 * outcome, participants per (arm, time, cause), scores per (arm, phase, item, value). They read
 * the per-enrolment outcome summary (enrolment_milestone, enrolment_outcome; migration
 * 1764400000000), never the raw events, and see only facts dated on or before `asOf`.
 */
@Injectable()
export class ResultsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Per metric × arm × (gemeente | klantprofiel | segment): enrolled (on or before asOf), complete
   * (enrolled at least followUpDays before asOf) and events (complete and the first occurrence of
   * the metric at most followUpDays after enrolment; it is then also on or before asOf).
   */
  async windowCounts(experiment: string, asOf: string, followUpDays: number, metrics: string[], gemeente: string | null = null): Promise<CountRow[]> {
    return this.ds.query(
      `WITH e AS (
         SELECT n.id, n.arm_key AS arm, p.gemeente_code AS gemeente, p.klantprofiel, p.segment, n.enrolled_on,
                n.enrolled_on <= $2::date - $3::int AS complete
         FROM enrolment n JOIN participant p ON p.id = n.participant_id
         WHERE n.experiment_key = $1 AND n.enrolled_on <= $2::date AND ($5::text IS NULL OR p.gemeente_code = $5)
       )
       SELECT mt.metric, e.arm,
              CASE WHEN GROUPING(e.gemeente) = 0 THEN 'gemeente' WHEN GROUPING(e.klantprofiel) = 0 THEN 'klantprofiel' ELSE 'segment' END AS by,
              COALESCE(CASE WHEN GROUPING(e.gemeente) = 0 THEN e.gemeente END,
                       CASE WHEN GROUPING(e.klantprofiel) = 0 THEN e.klantprofiel END,
                       CASE WHEN GROUPING(e.segment) = 0 THEN e.segment END) AS value,
              count(*)::int AS enrolled,
              count(*) FILTER (WHERE e.complete)::int AS complete,
              count(m.enrolment_id) FILTER (WHERE e.complete AND m.first_on <= e.enrolled_on + $3::int)::int AS events
       FROM e CROSS JOIN unnest($4::text[]) AS mt(metric)
       LEFT JOIN enrolment_milestone m ON m.enrolment_id = e.id AND m.milestone = mt.metric
       GROUP BY mt.metric, e.arm, GROUPING SETS ((e.gemeente), (e.klantprofiel), (e.segment))
       ORDER BY 1, 2, 3, 4`,
      [experiment, asOf, followUpDays, metrics, gemeente],
    );
  }

  /**
   * Time to the first terminal outcome (cause 1 gereed, 2 uitval, 3 other) or censoring at asOf
   * (cause 0), counted per arm, gemeente, time and cause.
   */
  async timeToEvent(experiment: string, asOf: string, gemeente: string | null = null): Promise<TimeRow[]> {
    return this.ds.query(
      `SELECT n.arm_key AS arm, p.gemeente_code AS gemeente,
              CASE WHEN o.terminal_on <= $2::date THEN o.terminal_on - n.enrolled_on ELSE $2::date - n.enrolled_on END AS time,
              CASE WHEN o.terminal_on <= $2::date THEN o.terminal_cause ELSE 0 END::int AS cause,
              count(*)::int AS n
       FROM enrolment n
       JOIN participant p ON p.id = n.participant_id
       LEFT JOIN enrolment_outcome o ON o.enrolment_id = n.id
       WHERE n.experiment_key = $1 AND n.enrolled_on <= $2::date AND ($3::text IS NULL OR p.gemeente_code = $3)
       GROUP BY 1, 2, 3, 4`,
      [experiment, asOf, gemeente],
    );
  }

  /** The first score per participant and phase (on or before asOf), as counts per value. */
  async scores(experiment: string, asOf: string, gemeente: string | null = null): Promise<{ scores: ScoreRow[]; emotions: EmotionRow[] }> {
    const first = `
      WITH first AS (
        SELECT DISTINCT ON (b.participant_id, b.phase) n.arm_key AS arm, b.*
        FROM enrolment n JOIN beleving_score b ON b.participant_id = n.participant_id AND b.measured_on <= $2::date
        JOIN participant p ON p.id = n.participant_id
        WHERE n.experiment_key = $1 AND n.enrolled_on <= $2::date AND ($3::text IS NULL OR p.gemeente_code = $3)
        ORDER BY b.participant_id, b.phase, b.measured_on, b.id
      )`;
    const scores: ScoreRow[] = await this.ds.query(
      `${first}
       SELECT f.arm, f.phase, i.item, i.value::int AS value, count(*)::int AS n
       FROM first f CROSS JOIN LATERAL (VALUES ('rapportcijfer', f.rapportcijfer), ('waardigheid', f.waardigheid),
         ('duidelijkheid', f.duidelijkheid), ('tempo', f.tempo), ('foutloos', f.foutloos), ('financiele_rust', f.financiele_rust)) AS i(item, value)
       WHERE i.value IS NOT NULL
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [experiment, asOf, gemeente],
    );
    const emotions: EmotionRow[] = await this.ds.query(
      `${first} SELECT f.arm, f.phase, f.emotie, count(*)::int AS n FROM first f WHERE f.emotie IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [experiment, asOf, gemeente],
    );
    return { scores, emotions };
  }
}
