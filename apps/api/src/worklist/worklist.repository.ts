import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Milestone, Phase, WorklistReason } from '@living-lab/domain';

/** The rules of the worklist, from libs/domain (worklist.ts); the SQL holds none of them. */
export interface WorklistRules {
  /** Today, YYYY-MM-DD (the Netherlands). */
  today: string;
  timeZone: string;
  defaultPaceDays: number;
  linkAnswerDays: number;
  intakeDays: number;
  pacedStatuses: readonly string[];
  ends: readonly string[];
  reopening: string;
  paceStops: readonly string[];
  intakeClockStarts: readonly string[];
  intakeAnswers: readonly string[];
  phases: readonly { phase: string; milestone: string }[];
}

export interface WorklistFact {
  gemeente: string;
  participantRef: string;
  reason: WorklistReason;
  since: string;
  limitDays: number;
  experiment: string | null;
  phase: Phase | null;
  lastMilestone: Milestone | null;
}

@Injectable()
export class WorklistRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The participants that need something, one row per participant and reason, oldest first: for
   * one gemeente, or for every gemeente the caller's row-level security lets it see (`gemeente`
   * null). Only open trajectories count: none ended, or reopened on or after its last end.
   * - geen_voortgang: enrolled in an experiment of a paced status, no end that stops the pace,
   *   and the later of the enrolment and the last milestone lies more than the experiment's pace
   *   (the strictest of its experiments) before today;
   * - klantbeleving_ontbreekt: the latest phase reached (by its opening milestone) has no score and
   *   no client link waiting for it;
   * - klantlink_onbeantwoord: the newest link for a phase is unanswered, made more than the answer
   *   days ago, and no score for that phase was recorded since it was made;
   * - geen_intake: the latest aanmelding (or heraanmelding) more than the NVVK days ago without an
   *   intake or no-show on or after it.
   */
  async facts(gemeente: string | null, r: WorklistRules): Promise<WorklistFact[]> {
    return this.ds.query(
      `
      WITH p AS (
        SELECT id, gemeente_code, participant_ref FROM participant WHERE $1::text IS NULL OR gemeente_code = $1
      ),
      ev AS (
        SELECT e.participant_id AS pid, e.milestone, e.occurred_on
        FROM current_milestone_event e JOIN p ON p.id = e.participant_id
      ),
      facts AS (
        SELECT p.id, p.gemeente_code, p.participant_ref,
          max(ev.occurred_on) AS last_on,
          (array_agg(ev.milestone ORDER BY ev.occurred_on DESC, ev.milestone))[1] AS last_milestone,
          max(ev.occurred_on) FILTER (WHERE ev.milestone = ANY ($7::text[])) AS end_on,
          max(ev.occurred_on) FILTER (WHERE ev.milestone = $8) AS reopen_on,
          max(ev.occurred_on) FILTER (WHERE ev.milestone = ANY ($9::text[])) AS stop_on,
          max(ev.occurred_on) FILTER (WHERE ev.milestone = ANY ($10::text[])) AS clock_on
        FROM p LEFT JOIN ev ON ev.pid = p.id
        GROUP BY p.id, p.gemeente_code, p.participant_ref
      ),
      open AS (
        SELECT * FROM facts WHERE end_on IS NULL OR reopen_on >= end_on
      ),
      pace AS (
        SELECT DISTINCT ON (o.id) o.id, o.gemeente_code, o.participant_ref, x.key AS experiment,
               coalesce(x.expected_pace_days, $3) AS limit_days, greatest(n.enrolled_on, o.last_on) AS since,
               CASE WHEN o.last_on >= n.enrolled_on THEN o.last_milestone END AS last_milestone
        FROM open o
        JOIN enrolment n ON n.participant_id = o.id
        JOIN experiment x ON x.key = n.experiment_key
        WHERE x.status = ANY ($6::text[])
          AND (o.stop_on IS NULL OR o.reopen_on > o.stop_on)
          AND greatest(n.enrolled_on, o.last_on) + coalesce(x.expected_pace_days, $3) < $2::date
        ORDER BY o.id, greatest(n.enrolled_on, o.last_on) + coalesce(x.expected_pace_days, $3), x.key
      ),
      phase_map AS (
        SELECT * FROM unnest($12::text[], $13::text[]) WITH ORDINALITY AS m(phase, milestone, ord)
      ),
      reached AS (
        SELECT DISTINCT ON (o.id) o.id, o.gemeente_code, o.participant_ref, m.phase, ev.occurred_on AS since
        FROM open o JOIN ev ON ev.pid = o.id JOIN phase_map m ON m.milestone = ev.milestone
        ORDER BY o.id, ev.occurred_on DESC, m.ord DESC
      ),
      missing_score AS (
        SELECT r.* FROM reached r
        WHERE NOT EXISTS (SELECT 1 FROM beleving_score b WHERE b.participant_id = r.id AND b.phase = r.phase)
          AND NOT EXISTS (SELECT 1 FROM client_form_link l WHERE l.participant_id = r.id AND l.phase = r.phase AND l.used_at IS NULL)
      ),
      newest_link AS (
        SELECT DISTINCT ON (l.participant_id, l.phase) l.participant_id, l.phase, l.used_at,
               (l.created_at AT TIME ZONE $14)::date AS made_on
        FROM client_form_link l JOIN open o ON o.id = l.participant_id
        ORDER BY l.participant_id, l.phase, l.created_at DESC, l.id DESC
      ),
      links AS (
        SELECT o.id, o.gemeente_code, o.participant_ref, nl.phase, nl.made_on AS since
        FROM newest_link nl JOIN open o ON o.id = nl.participant_id
        WHERE nl.used_at IS NULL AND nl.made_on < $2::date - $4::int
          AND NOT EXISTS (SELECT 1 FROM beleving_score b WHERE b.participant_id = o.id AND b.phase = nl.phase
                                                          AND b.measured_on >= nl.made_on)
      ),
      intake AS (
        SELECT o.id, o.gemeente_code, o.participant_ref, o.clock_on AS since FROM open o
        WHERE o.clock_on < $2::date - $5::int
          AND NOT EXISTS (SELECT 1 FROM ev WHERE ev.pid = o.id AND ev.milestone = ANY ($11::text[]) AND ev.occurred_on >= o.clock_on)
      )
      SELECT gemeente, "participantRef", reason, to_char(since, 'YYYY-MM-DD') AS since, "limitDays", experiment, phase,
             "lastMilestone"
      FROM (
        SELECT gemeente_code AS gemeente, participant_ref AS "participantRef", 'geen_voortgang' AS reason, since,
               limit_days AS "limitDays", experiment, NULL::text AS phase, last_milestone AS "lastMilestone" FROM pace
        UNION ALL
        SELECT gemeente_code, participant_ref, 'klantbeleving_ontbreekt', since, 0, NULL, phase, NULL FROM missing_score
        UNION ALL
        SELECT gemeente_code, participant_ref, 'klantlink_onbeantwoord', since, $4, NULL, phase, NULL FROM links
        UNION ALL
        SELECT gemeente_code, participant_ref, 'geen_intake', since, $5, NULL, NULL, NULL FROM intake
      ) rows
      ORDER BY since, gemeente, "participantRef", reason`,
      [
        gemeente,
        r.today,
        r.defaultPaceDays,
        r.linkAnswerDays,
        r.intakeDays,
        [...r.pacedStatuses],
        [...r.ends],
        r.reopening,
        [...r.paceStops],
        [...r.intakeClockStarts],
        [...r.intakeAnswers],
        r.phases.map((x) => x.phase),
        r.phases.map((x) => x.milestone),
        r.timeZone,
      ],
    );
  }
}
