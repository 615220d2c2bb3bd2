import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  metricMilestones,
  milestonesReaching,
  NEGATIVE_CIJFER_BELOW,
  NEGATIVE_EMOTIONS,
  OUTCOME_METRICS,
  PHASE_AFTER_MILESTONE,
  PHASES,
  TRAJECTORY_ENDS,
} from '@living-lab/domain';

/**
 * The date an outcome metric in `mt.metric` was first reached: its summary column, or for a
 * composite metric the first of its milestones' columns (LEAST skips nulls). Metrics are
 * vocabulary words, never user text.
 */
export const FIRST_ON = `CASE mt.metric ${OUTCOME_METRICS.map(
  (m) =>
    `WHEN '${m}' THEN LEAST(${metricMilestones(m)
      .map((x) => `s.first_${x}`)
      .join(', ')})`,
).join(' ')} END`;

/**
 * Time to the first terminal outcome of an enrolment `s` (enrolment_summary) as of the date in
 * parameter `$2`, and its cause (1 gereed, 2 uitval, 3 other; 0 censored at asOf). Shared with
 * the analysis dataset (DatasetRepository), so both define it once.
 */
export const EVENT_TIME = `CASE WHEN s.terminal_on <= $2::date THEN s.terminal_on - s.enrolled_on ELSE $2::date - s.enrolled_on END`;
export const EVENT_CAUSE = `CASE WHEN s.terminal_on <= $2::date THEN s.terminal_cause ELSE 0 END::int`;

/**
 * The first klantbeleving score per participant and phase on or before `$2` (asOf), of the
 * participants enrolled in experiment `$1` on or before asOf (of gemeente `$3` when not null).
 * Shared with the analysis dataset.
 */
export const FIRST_SCORES = `
      WITH first AS (
        SELECT DISTINCT ON (b.participant_id, b.phase) n.arm_key AS arm, b.*
        FROM enrolment n JOIN beleving_score b ON b.participant_id = n.participant_id AND b.measured_on <= $2::date
        JOIN participant p ON p.id = n.participant_id
        WHERE n.experiment_key = $1 AND n.enrolled_on <= $2::date AND ($3::text IS NULL OR p.gemeente_code = $3)
        ORDER BY b.participant_id, b.phase, b.measured_on, b.id
      )`;

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

/** Uitval per (arm, gemeente, phase in which it happened, reason). */
export interface UitvalPhaseRow {
  arm: string;
  gemeente: string;
  phase: string;
  reason: string;
  n: number;
}

/** Participants per (arm, gemeente, days from one step to the next, reached or still waiting). */
export interface DurationRow {
  arm: string;
  gemeente: string;
  time: number;
  event: boolean;
  n: number;
}

/**
 * Participants per (arm, phase, group) of the first scores: the group is `negatief`, `overig` or
 * `onbekend` (beleving-uitval.ts), with the uitval in the window after the score.
 */
export interface BelevingUitvalCountRow {
  arm: string;
  phase: string;
  group: 'negatief' | 'overig' | 'onbekend';
  /** the uitval came on or before the score date */
  uitvalBefore: number;
  /** the others: not yet dropped out on the score date */
  scored: number;
  /** of them, score date + followUpDays ≤ asOf */
  complete: number;
  /** of them, uitval after the score date and at most followUpDays after it */
  events: number;
}

/** Per (arm, klantbeleving phase): enrolled, and of them with uitval before reaching the phase. */
export interface SurvivorshipRow {
  arm: string;
  phase: string;
  enrolled: number;
  uitvalBefore: number;
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
 * the per-enrolment outcome summary (enrolment_summary; migration 1764400000000), never the raw
 * events, and see only facts dated on or before `asOf`.
 */
@Injectable()
export class ResultsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Per metric × arm × (gemeente | klantprofiel | segment): enrolled (on or before asOf), complete
   * (enrolled at least followUpDays before asOf) and events (complete and the first occurrence of
   * the metric at most followUpDays after enrolment; it is then also on or before asOf).
   */
  async windowCounts(
    experiment: string,
    asOf: string,
    followUpDays: number,
    metrics: string[],
    gemeente: string | null = null,
  ): Promise<CountRow[]> {
    return this.ds.query(
      `SELECT mt.metric, s.arm_key AS arm,
              CASE WHEN GROUPING(s.gemeente_code) = 0 THEN 'gemeente' WHEN GROUPING(s.klantprofiel) = 0 THEN 'klantprofiel' ELSE 'segment' END AS by,
              COALESCE(CASE WHEN GROUPING(s.gemeente_code) = 0 THEN s.gemeente_code END,
                       CASE WHEN GROUPING(s.klantprofiel) = 0 THEN s.klantprofiel END,
                       CASE WHEN GROUPING(s.segment) = 0 THEN s.segment END) AS value,
              count(*)::int AS enrolled,
              count(*) FILTER (WHERE s.enrolled_on <= $2::date - $3::int)::int AS complete,
              count(*) FILTER (WHERE s.enrolled_on <= $2::date - $3::int AND ${FIRST_ON} <= s.enrolled_on + $3::int)::int AS events
       FROM enrolment_summary s CROSS JOIN unnest($4::text[]) AS mt(metric)
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date AND ($5::text IS NULL OR s.gemeente_code = $5)
       GROUP BY mt.metric, s.arm_key, GROUPING SETS ((s.gemeente_code), (s.klantprofiel), (s.segment))
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
      `SELECT s.arm_key AS arm, s.gemeente_code AS gemeente, ${EVENT_TIME} AS time, ${EVENT_CAUSE} AS cause,
              count(*)::int AS n
       FROM enrolment_summary s
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date AND ($3::text IS NULL OR s.gemeente_code = $3)
       GROUP BY 1, 2, 3, 4`,
      [experiment, asOf, gemeente],
    );
  }

  /**
   * Where uitval happened: per arm × gemeente × phase × reason, the enrolled participants (on or
   * before asOf) whose first uitval on or after enrolment is dated on or before asOf. The phase is
   * the one after the last milestone before the uitval (PHASE_AFTER_MILESTONE, on one date the
   * later in journey order); `onbekend` when none came before.
   */
  async uitvalPhases(experiment: string, asOf: string, gemeente: string | null = null): Promise<UitvalPhaseRow[]> {
    return this.ds.query(
      `SELECT s.arm_key AS arm, s.gemeente_code AS gemeente, COALESCE(ph.phase, 'onbekend') AS phase,
              COALESCE(u.reason, 'onbekend') AS reason, count(*)::int AS n
       FROM enrolment_summary s
       JOIN enrolment n ON n.id = s.enrolment_id
       JOIN current_milestone_event u
         ON u.participant_id = n.participant_id AND u.milestone = 'uitval' AND u.occurred_on = s.first_uitval
       LEFT JOIN LATERAL (
         SELECT m.phase FROM current_milestone_event b
         JOIN unnest($4::text[], $5::text[]) WITH ORDINALITY AS m(milestone, phase, pos) ON m.milestone = b.milestone
         WHERE b.participant_id = n.participant_id AND b.occurred_on <= u.occurred_on
         ORDER BY b.occurred_on DESC, m.pos DESC LIMIT 1) ph ON true
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date AND s.first_uitval <= $2::date
         AND ($3::text IS NULL OR s.gemeente_code = $3)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [
        experiment,
        asOf,
        gemeente,
        PHASE_AFTER_MILESTONE.map(([m]) => m),
        PHASE_AFTER_MILESTONE.map(([, phase]) => phase),
      ],
    );
  }

  /**
   * Doorlooptijd from step `from` to step `to` of the enrolled participants (on or before asOf)
   * who reached `from` on or before asOf: days to the first `to` on or after it when that is on
   * or before asOf (event), otherwise still waiting — censored at asOf, or at the end of the
   * trajectory (TRAJECTORY_ENDS) when one came first. Counted per arm, gemeente, days and event.
   */
  async durations(
    experiment: string,
    asOf: string,
    from: string,
    to: string,
    gemeente: string | null = null,
  ): Promise<DurationRow[]> {
    return this.ds.query(
      `SELECT s.arm_key AS arm, s.gemeente_code AS gemeente,
              CASE WHEN t.to_on <= $2::date THEN t.to_on ELSE LEAST($2::date, t.end_on) END - f.from_on AS time,
              COALESCE(t.to_on <= $2::date, false) AS event, count(*)::int AS n
       FROM enrolment_summary s
       JOIN enrolment n ON n.id = s.enrolment_id
       CROSS JOIN LATERAL (
         SELECT min(e.occurred_on) AS from_on FROM current_milestone_event e
         WHERE e.participant_id = n.participant_id AND e.milestone = $4 AND e.occurred_on <= $2::date) f
       CROSS JOIN LATERAL (
         SELECT min(e.occurred_on) FILTER (WHERE e.milestone = $5) AS to_on,
                min(e.occurred_on) FILTER (WHERE e.milestone = ANY ($6::text[])) AS end_on
         FROM current_milestone_event e
         WHERE e.participant_id = n.participant_id AND e.occurred_on >= f.from_on) t
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date AND f.from_on IS NOT NULL
         AND ($3::text IS NULL OR s.gemeente_code = $3)
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [experiment, asOf, gemeente, from, to, [...TRAJECTORY_ENDS]],
    );
  }

  /** The first score per participant and phase (on or before asOf), as counts per value. */
  async scores(
    experiment: string,
    asOf: string,
    gemeente: string | null = null,
  ): Promise<{ scores: ScoreRow[]; emotions: EmotionRow[] }> {
    const first = FIRST_SCORES;
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

  /**
   * Klantbeleving and later uitval (issue 14, item 4; beleving-uitval.ts): the first score per
   * participant and phase (as `scores`), its group (a negative emotion or a rapportcijfer below 6:
   * `negatief`; another emotion or cijfer: `overig`; neither: `onbekend`), and the participant's
   * uitval (on or before asOf). Dropped out on or before the score date: `uitvalBefore`; the others
   * are `scored`, `complete` when the score date + followUpDays ≤ asOf, an event when the uitval
   * is after the score date and at most followUpDays after it.
   */
  async belevingUitval(
    experiment: string,
    asOf: string,
    followUpDays: number,
    gemeente: string | null = null,
  ): Promise<BelevingUitvalCountRow[]> {
    return this.ds.query(
      `${FIRST_SCORES}
       SELECT f.arm, f.phase,
              CASE WHEN f.emotie = ANY ($5::text[]) OR f.rapportcijfer < $6 THEN 'negatief'
                   WHEN f.emotie IS NOT NULL OR f.rapportcijfer IS NOT NULL THEN 'overig' ELSE 'onbekend' END AS "group",
              count(*) FILTER (WHERE u.uitval_on <= f.measured_on)::int AS "uitvalBefore",
              count(*) FILTER (WHERE u.uitval_on IS NULL OR u.uitval_on > f.measured_on)::int AS scored,
              count(*) FILTER (WHERE (u.uitval_on IS NULL OR u.uitval_on > f.measured_on)
                                 AND f.measured_on + $4::int <= $2::date)::int AS complete,
              count(*) FILTER (WHERE u.uitval_on > f.measured_on AND u.uitval_on <= f.measured_on + $4::int
                                 AND f.measured_on + $4::int <= $2::date)::int AS events
       FROM first f
       CROSS JOIN LATERAL (
         SELECT min(e.occurred_on) AS uitval_on FROM current_milestone_event e
         WHERE e.participant_id = f.participant_id AND e.milestone = 'uitval' AND e.occurred_on <= $2::date) u
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [experiment, asOf, gemeente, followUpDays, [...NEGATIVE_EMOTIONS], NEGATIVE_CIJFER_BELOW],
    );
  }

  /**
   * Survivorship (issue 14, item 5): per arm and klantbeleving phase, the enrolled participants
   * (on or before asOf) and of them those whose first uitval (on or after enrolment, on or before
   * asOf) came before they reached the phase: no milestone that reaches it (milestonesReaching)
   * dated on or before the uitval.
   */
  async survivorship(experiment: string, asOf: string, gemeente: string | null = null): Promise<SurvivorshipRow[]> {
    return this.ds.query(
      `SELECT s.arm_key AS arm, ph.phase, count(*)::int AS enrolled,
              count(*) FILTER (WHERE s.first_uitval <= $2::date AND NOT EXISTS (
                SELECT 1 FROM current_milestone_event e
                WHERE e.participant_id = n.participant_id AND e.occurred_on <= s.first_uitval
                  AND e.milestone = ANY (string_to_array(ph.reaching, ','))))::int AS "uitvalBefore"
       FROM enrolment_summary s
       JOIN enrolment n ON n.id = s.enrolment_id
       CROSS JOIN unnest($4::text[], $5::text[]) AS ph(phase, reaching)
       WHERE s.experiment_key = $1 AND s.enrolled_on <= $2::date AND ($3::text IS NULL OR s.gemeente_code = $3)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [experiment, asOf, gemeente, [...PHASES], PHASES.map((p) => milestonesReaching(p).join(','))],
    );
  }
}
