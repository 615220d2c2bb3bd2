import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MAIN_LINE,
  NVVK_INTAKE_DAYS,
  PHASE_REACHED_BY,
  REPEATABLE_MILESTONES,
  TRAJECTORY_ENDS,
} from '@living-lab/domain';
import type { DdasQuality } from '@living-lab/domain';

/**
 * The participants active in the period ($2..$3: a milestone or a klantbeleving score dated in it),
 * of one gemeente ($1) or all: the cohort every data-quality figure counts.
 */
const ACTIVE_COHORT = `WITH active AS (
        SELECT e.participant_id FROM current_milestone_event e WHERE e.occurred_on BETWEEN $2 AND $3
        UNION
        SELECT b.participant_id FROM beleving_score b WHERE b.measured_on BETWEEN $2 AND $3
      ),
      cohort AS (
        SELECT p.id, p.gemeente_code AS gemeente FROM participant p JOIN active a ON a.participant_id = p.id
        WHERE $1::text IS NULL OR p.gemeente_code = $1
      )`;

export interface QualityRow {
  participants: number;
  /** Per chain milestone: participants with it or a later one (expected) and with it (recorded). */
  [k: string]: number;
}

@Injectable()
export class DataQualityRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Figures per gemeente for the participants active in [start, end] (any current event or
   * beleving score dated then), judged on their history up to `asOf`: for every gemeente at once
   * (`gemeente` null) or for one, in one set-based query grouped by gemeente (the quarterly report
   * needs all 342 gemeenten; a query per gemeente took minutes at national scale).
   */
  async figuresByGemeente(
    gemeente: string | null,
    start: string,
    end: string,
    asOf: string,
  ): Promise<Map<string, Record<string, number>>> {
    const reached = MAIN_LINE.map(
      (m, i) =>
        `(${MAIN_LINE.slice(i)
          .map((x) => `bool_or(ev.milestone = '${x}')`)
          .join(' OR ')}) AS "exp_${m}", bool_or(ev.milestone = '${m}') AS "rec_${m}"`,
    ).join(',\n');
    const phases = Object.entries(PHASE_REACHED_BY)
      .map(
        ([phase, m]) =>
          `count(*) FILTER (WHERE "rec_${m}") AS "reached_${phase}", count(*) FILTER (WHERE "rec_${m}" AND '${phase}' = ANY(phases)) AS "measured_${phase}"`,
      )
      .join(',\n');
    const sums = MAIN_LINE.map(
      (m) => `count(*) FILTER (WHERE "exp_${m}") AS "exp_${m}", count(*) FILTER (WHERE "rec_${m}") AS "rec_${m}"`,
    ).join(',\n');
    const rows: Record<string, unknown>[] = await this.ds.query(
      `${ACTIVE_COHORT},
      ev AS (
        -- Per event: the latest terminal outcome dated strictly before it, and the latest
        -- heraanmelding dated on or before it. An event (other than heraanmelding or terugval)
        -- comes after a terminal outcome without heraanmelding exactly when that terminal date
        -- exists and no heraanmelding falls between it and the event: checking the latest
        -- terminal outcome suffices, since a heraanmelding after it lies after any earlier one.
        SELECT e.participant_id AS pid, e.milestone, e.occurred_on,
               max(e.occurred_on) FILTER (WHERE e.milestone = ANY ($6::text[])) OVER (PARTITION BY e.participant_id ORDER BY e.occurred_on
                 RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL '1 day' PRECEDING) AS terminal_before,
               max(e.occurred_on) FILTER (WHERE e.milestone = 'heraanmelding') OVER (PARTITION BY e.participant_id ORDER BY e.occurred_on
                 RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS heraanmelding_until
        FROM current_milestone_event e JOIN cohort c ON c.id = e.participant_id
        WHERE e.occurred_on <= $4
      ),
      per AS (
        SELECT c.id, c.gemeente,
          ${reached},
          min(ev.occurred_on) FILTER (WHERE ev.milestone = 'aanmelding') AS aanmelding,
          min(ev.occurred_on) FILTER (WHERE ev.milestone = 'intake') AS intake,
          min(ev.occurred_on) FILTER (WHERE ev.milestone = 'gereed_voor_schuldregeling') AS gereed,
          min(ev.occurred_on) FILTER (WHERE ev.milestone NOT IN ('aanmelding', 'heraanmelding')) AS first_other,
          bool_or(ev.milestone IN ('intake', 'no_show', 'uitval')) AS followed_up,
          (SELECT array_agg(DISTINCT b.phase) FROM beleving_score b WHERE b.participant_id = c.id AND b.measured_on <= $4) AS phases,
          coalesce(bool_or(NOT ev.milestone = ANY ($5::text[]) AND ev.terminal_before IS NOT NULL
                           AND (ev.heraanmelding_until IS NULL OR ev.heraanmelding_until < ev.terminal_before)), false) AS after_terminal
        FROM cohort c LEFT JOIN ev ON ev.pid = c.id
        GROUP BY c.id, c.gemeente
      ),
      flags AS (
        SELECT per.*, (gereed < intake) AS gereed_before_intake, (first_other < aanmelding) AS before_aanmelding,
               (aanmelding < $4::date - $7::int) AS no_show_due
        FROM per
      )
      SELECT gemeente, count(*)::int AS participants,
        ${sums},
        count(*) FILTER (WHERE gereed_before_intake) AS gereed_before_intake,
        count(*) FILTER (WHERE before_aanmelding) AS events_before_aanmelding,
        count(*) FILTER (WHERE after_terminal) AS events_after_terminal,
        count(*) FILTER (WHERE gereed_before_intake OR before_aanmelding OR after_terminal) AS impossible_participants,
        count(*) FILTER (WHERE no_show_due) AS no_show_due,
        count(*) FILTER (WHERE no_show_due AND NOT followed_up) AS unregistered_no_shows,
        ${phases}
      FROM flags GROUP BY gemeente`,
      [gemeente, start, end, asOf, [...REPEATABLE_MILESTONES], [...TRAJECTORY_ENDS], NVVK_INTAKE_DAYS],
    );
    return new Map(
      rows.map((row) => [
        String(row.gemeente),
        Object.fromEntries(
          Object.entries(row)
            .filter(([k]) => k !== 'gemeente')
            .map(([k, v]) => [k, Number(v)]),
        ),
      ]),
    );
  }

  async gemeenten(): Promise<string[]> {
    return (await this.ds.query('SELECT code FROM gemeente ORDER BY code')).map((r: { code: string }) => r.code);
  }

  /**
   * DDAS per gemeente for the participants active in [start, end] (as figuresByGemeente): how many
   * have a DDAS trajectory, and per once-only milestone how many have a DDAS date that differs from
   * the current fact entered by hand or by a CSV/XLSX import (when no current fact has the DDAS
   * date). The latest delivery per gemeente comes from ddas_delivery.
   */
  async ddasByGemeente(
    gemeente: string | null,
    start: string,
    end: string,
  ): Promise<{
    withDdas: Map<string, number>;
    disagreements: Map<string, { milestone: string; participants: number }[]>;
    lastDelivery: Map<string, NonNullable<DdasQuality['lastDelivery']>>;
  }> {
    const withDdas: { gemeente: string; n: number }[] = await this.ds.query(
      `${ACTIVE_COHORT}
      SELECT c.gemeente, count(*)::int AS n FROM cohort c
      WHERE EXISTS (SELECT 1 FROM ddas_trajectory t WHERE t.participant_id = c.id) GROUP BY c.gemeente`,
      [gemeente, start, end],
    );
    const disagreements: { gemeente: string; milestone: string; n: number }[] = await this.ds.query(
      `${ACTIVE_COHORT},
      ddas AS (
        SELECT c.id AS pid, c.gemeente, f->>'milestone' AS milestone, (f->>'occurredOn')::date AS occurred_on
        FROM cohort c JOIN ddas_trajectory t ON t.participant_id = c.id CROSS JOIN LATERAL jsonb_array_elements(t.facts) f
      )
      SELECT d.gemeente, d.milestone, count(DISTINCT d.pid)::int AS n FROM ddas d
      WHERE NOT d.milestone = ANY ($4::text[])
        AND EXISTS (SELECT 1 FROM current_milestone_event e WHERE e.participant_id = d.pid AND e.milestone = d.milestone
                      AND e.source <> 'ddas' AND e.occurred_on <> d.occurred_on)
        AND NOT EXISTS (SELECT 1 FROM current_milestone_event e WHERE e.participant_id = d.pid AND e.milestone = d.milestone
                      AND e.occurred_on = d.occurred_on)
      GROUP BY d.gemeente, d.milestone ORDER BY d.gemeente, d.milestone`,
      [gemeente, start, end, [...REPEATABLE_MILESTONES]],
    );
    const deliveries: (NonNullable<DdasQuality['lastDelivery']> & { gemeente: string })[] = await this.ds.query(
      `SELECT DISTINCT ON (gemeente_code) gemeente_code AS gemeente, to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "deliveredAt",
              to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "importedAt", supplier,
              to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd", trajectories
       FROM ddas_delivery WHERE $1::text IS NULL OR gemeente_code = $1
       ORDER BY gemeente_code, delivered_at DESC, imported_at DESC`,
      [gemeente],
    );
    const byGemeente = new Map<string, { milestone: string; participants: number }[]>();
    for (const d of disagreements) {
      const list = byGemeente.get(d.gemeente) ?? [];
      list.push({ milestone: d.milestone, participants: d.n });
      byGemeente.set(d.gemeente, list);
    }
    return {
      withDdas: new Map(withDdas.map((r) => [r.gemeente, r.n])),
      disagreements: byGemeente,
      lastDelivery: new Map(deliveries.map(({ gemeente: g, ...d }) => [g, d])),
    };
  }
}
