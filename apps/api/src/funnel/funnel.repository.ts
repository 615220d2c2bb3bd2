import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { FUNNEL_MILESTONES, PHASE_AFTER_MILESTONE, type FunnelMilestone } from '@living-lab/domain';
import type { FunnelCount } from './funnel-rules';

export interface FunnelFlowRow {
  quarter: string;
  gemeente: string;
  milestone: FunnelMilestone;
  reason: string | null;
  n: number;
}

/** Uitval per quarter × gemeente × the phase in which it happened × reason (participant-level data). */
export interface UitvalPhaseFlowRow {
  quarter: string;
  gemeente: string;
  phase: string;
  reason: string;
  n: number;
}

/** Participants of an entry cohort per gemeente × days × cause (reports/cohort-ratios.ts CohortRow). */
export interface CohortFlowRow {
  gemeente: string;
  time: number;
  cause: number;
  n: number;
}

export interface StoredFunnelCount extends FunnelCount {
  gemeente: string;
  quarter: string;
  submittedAt: string;
}

@Injectable()
export class FunnelRepository {
  constructor(private readonly ds: DataSource) {}

  async counts(m: EntityManager, gemeente: string, quarter: string, lock = false): Promise<FunnelCount[]> {
    return await m.query(
      `SELECT step, reason, value::float8 AS value, tag, note FROM funnel_count WHERE gemeente_code = $1 AND quarter = $2 ORDER BY step, reason${lock ? ' FOR UPDATE' : ''}`,
      [gemeente, quarter],
    );
  }

  /** Replaces a gemeente's counts of one quarter (a new submission supersedes the old one whole). */
  async replace(
    m: EntityManager,
    gemeente: string,
    quarter: string,
    counts: FunnelCount[],
    userId: string | null,
  ): Promise<void> {
    await m.query('DELETE FROM funnel_count WHERE gemeente_code = $1 AND quarter = $2', [gemeente, quarter]);
    if (!counts.length) return;
    await m.query(
      `INSERT INTO funnel_count (gemeente_code, quarter, step, reason, value, tag, note, submitted_by)
       SELECT $1, $2, x.step, x.reason, x.value, x.tag, x.note, $3
       FROM jsonb_to_recordset($4::jsonb) AS x(step text, reason text, value numeric, tag text, note text)`,
      [gemeente, quarter, userId, JSON.stringify(counts)],
    );
  }

  async list(
    filter: { gemeente?: string; quarter?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: StoredFunnelCount[]; total: number }> {
    const where = 'WHERE ($1::text IS NULL OR gemeente_code = $1) AND ($2::text IS NULL OR quarter = $2)';
    const args = [filter.gemeente ?? null, filter.quarter ?? null];
    const items = await this.ds.query(
      `SELECT gemeente_code AS gemeente, quarter, step, reason, value::float8 AS value, tag, note, submitted_at AS "submittedAt"
       FROM funnel_count ${where} ORDER BY quarter DESC, gemeente_code, step, reason LIMIT $3 OFFSET $4`,
      [...args, limit, offset],
    );
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM funnel_count ${where}`, args);
    return { items, total };
  }

  /** All submitted counts of a quarter, every gemeente. */
  async quarterCounts(quarter: string): Promise<(FunnelCount & { gemeente: string })[]> {
    return this.ds.query(
      `SELECT gemeente_code AS gemeente, step, reason, value::float8 AS value, tag FROM funnel_count WHERE quarter = $1 ORDER BY gemeente_code, step, reason`,
      [quarter],
    );
  }

  /**
   * The funnel from participant-level data: per quarter × gemeente × funnel milestone (× uitval
   * reason) the participants with that milestone dated in the quarter, for the quarters from
   * `from` to `to` (one scan of the date range). The sector funnel of submissions and the
   * report's funnel both read this.
   */
  flows(from: string, to: string): Promise<FunnelFlowRow[]> {
    return this.ds.query(
      `SELECT to_char(e.occurred_on, 'YYYY-"Q"Q') AS quarter, p.gemeente_code AS gemeente, e.milestone,
              CASE WHEN e.milestone = 'uitval' THEN e.reason END AS reason, count(DISTINCT e.participant_id)::int AS n
       FROM current_milestone_event e JOIN participant p ON p.id = e.participant_id
       WHERE e.occurred_on BETWEEN $1::date AND $2::date AND e.milestone = ANY ($3::text[])
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [from, to, [...FUNNEL_MILESTONES]],
    );
  }

  /**
   * Where the uitval dated from `from` to `to` happened: per quarter × gemeente × phase × reason,
   * the phase after the last milestone before the uitval (PHASE_AFTER_MILESTONE; on one date the
   * later in journey order), `onbekend` when none came before.
   */
  uitvalPhases(from: string, to: string): Promise<UitvalPhaseFlowRow[]> {
    return this.ds.query(
      `SELECT to_char(u.occurred_on, 'YYYY-"Q"Q') AS quarter, p.gemeente_code AS gemeente,
              COALESCE(ph.phase, 'onbekend') AS phase, COALESCE(u.reason, 'onbekend') AS reason, count(*)::int AS n
       FROM current_milestone_event u JOIN participant p ON p.id = u.participant_id
       LEFT JOIN LATERAL (
         SELECT m.phase FROM current_milestone_event b
         JOIN unnest($3::text[], $4::text[]) WITH ORDINALITY AS m(milestone, phase, pos) ON m.milestone = b.milestone
         WHERE b.participant_id = u.participant_id AND b.occurred_on <= u.occurred_on
         ORDER BY b.occurred_on DESC, m.pos DESC LIMIT 1) ph ON true
       WHERE u.milestone = 'uitval' AND u.occurred_on BETWEEN $1::date AND $2::date
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [from, to, PHASE_AFTER_MILESTONE.map(([m]) => m), PHASE_AFTER_MILESTONE.map(([, phase]) => phase)],
    );
  }

  /**
   * An entry cohort (libs/domain cohort.ts): every participant whose first `from` lies from `start`
   * to `end`, with the days from it to the first `to` on or after it (cause 1), or to the first of
   * `ends` on or after it when that came first (cause 2 uitval, 3 another end; `to` wins a tie,
   * uitval wins a tie of ends), or to `asOf` when neither came (0, still waiting). Facts after
   * `asOf` are not seen. Counted per gemeente × days × cause.
   */
  cohort(
    from: string,
    to: string,
    ends: readonly string[],
    start: string,
    end: string,
    asOf: string,
  ): Promise<CohortFlowRow[]> {
    return this.ds.query(
      `WITH entry AS (
         SELECT e.participant_id, min(e.occurred_on) AS from_on
         FROM current_milestone_event e WHERE e.milestone = $1 AND e.occurred_on <= $6::date
         GROUP BY 1 HAVING min(e.occurred_on) BETWEEN $4::date AND $5::date
       ), outcome AS (
         SELECT f.participant_id, f.from_on, t.to_on, t.end_on, t.end_milestone
         FROM entry f CROSS JOIN LATERAL (
           SELECT min(e.occurred_on) FILTER (WHERE e.milestone = $2) AS to_on,
                  min(e.occurred_on) FILTER (WHERE e.milestone = ANY ($3::text[])) AS end_on,
                  (array_agg(e.milestone ORDER BY e.occurred_on, e.milestone <> 'uitval')
                    FILTER (WHERE e.milestone = ANY ($3::text[])))[1] AS end_milestone
           FROM current_milestone_event e
           WHERE e.participant_id = f.participant_id AND e.occurred_on >= f.from_on AND e.occurred_on <= $6::date) t
       )
       SELECT p.gemeente_code AS gemeente,
              CASE WHEN o.to_on IS NOT NULL AND (o.end_on IS NULL OR o.to_on <= o.end_on) THEN o.to_on
                   ELSE COALESCE(o.end_on, $6::date) END - o.from_on AS time,
              CASE WHEN o.to_on IS NOT NULL AND (o.end_on IS NULL OR o.to_on <= o.end_on) THEN 1
                   WHEN o.end_milestone = 'uitval' THEN 2 WHEN o.end_on IS NOT NULL THEN 3 ELSE 0 END AS cause,
              count(*)::int AS n
       FROM outcome o JOIN participant p ON p.id = o.participant_id
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [from, to, [...ends], start, end, asOf],
    );
  }

  /** Gemeenten with an aggregate submission (funnel_count) in a quarter from `fromQuarter` to `toQuarter`. */
  async aggregateGemeenten(fromQuarter: string, toQuarter: string): Promise<string[]> {
    const rows: { gemeente: string }[] = await this.ds.query(
      `SELECT DISTINCT gemeente_code AS gemeente FROM funnel_count WHERE quarter BETWEEN $1 AND $2 ORDER BY 1`,
      [fromQuarter, toQuarter],
    );
    return rows.map((r) => r.gemeente);
  }
}
