import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExperimentDefinition, ExperimentStatus } from '@living-lab/domain';

export interface Experiment extends ExperimentDefinition {
  status: ExperimentStatus;
  source: 'api' | 'file';
  enrolled: number;
}

/** Arms and the secret seed: what assignment needs. Never sent to a client. */
export interface AssignmentPlan {
  key: string;
  status: ExperimentStatus;
  design: ExperimentDefinition['design'];
  allocation: ExperimentDefinition['allocation'];
  randomization: ExperimentDefinition['randomization'];
  start: string | null;
  end: string | null;
  seed: string;
  arms: { key: string; weight: number; control: boolean }[];
  gemeenten: string[];
}

const SELECT_EXPERIMENT = `
  SELECT e.key, e.title, e.hypothesis, e.intervention_phase AS "interventionPhase", e.design, e.allocation,
         e.randomization, e.primary_metric AS "primaryMetric", e.secondary_metrics AS "secondaryMetrics",
         e.follow_up_days AS "followUpDays", e.expected_baseline AS "expectedBaseline", e.minimum_effect AS "minimumEffect",
         e.planned_looks AS "plannedLooks", e.arm_cost AS "armCost", to_char(e.start_date, 'YYYY-MM-DD') AS start,
         to_char(e.end_date, 'YYYY-MM-DD') AS "end", e.status, e.source,
         (SELECT coalesce(json_agg(json_build_object('key', a.key, 'name', a.name, 'weight', a.weight, 'control', a.is_control) ORDER BY a.position), '[]')
            FROM experiment_arm a WHERE a.experiment_key = e.key) AS arms,
         (SELECT coalesce(array_agg(g.gemeente_code ORDER BY g.gemeente_code), '{}') FROM experiment_gemeente g WHERE g.experiment_key = e.key) AS gemeenten,
         (SELECT count(*)::int FROM enrolment n WHERE n.experiment_key = e.key) AS enrolled,
         e.design_options AS "designOptions", e.retention_months AS "retentionMonths",
         e.expected_pace_days AS "expectedPaceDays", e.delivery,
         (SELECT json_object_agg(x.g, x.p) FROM (
            SELECT gemeente_code AS g, json_object_agg(period, json_build_object('start', to_char(start_date, 'YYYY-MM-DD'), 'end', to_char(end_date, 'YYYY-MM-DD'))) AS p
            FROM experiment_period WHERE experiment_key = e.key GROUP BY gemeente_code) x) AS periods
  FROM experiment e`;

/** The optional design fields kept in experiment.design_options (issue 5). */
export const DESIGN_OPTION_FIELDS = [
  'plannedSize',
  'stratifyByKlantprofiel',
  'balanceBySize',
  'wedgeSteps',
  'icc',
] as const;

/** Drops null optional fields so the JSON matches the YAML a person wrote. */
function clean(row: Record<string, unknown>): Experiment {
  for (const k of [
    'expectedBaseline',
    'minimumEffect',
    'armCost',
    'start',
    'end',
    'periods',
    'retentionMonths',
    'expectedPaceDays',
    'delivery',
  ])
    if (row[k] === null) delete row[k];
  const options = (row.designOptions ?? {}) as Record<string, unknown>;
  delete row.designOptions;
  for (const k of DESIGN_OPTION_FIELDS) if (options[k] !== undefined && options[k] !== null) row[k] = options[k];
  return row as unknown as Experiment;
}

@Injectable()
export class ExperimentsRepository {
  constructor(private readonly ds: DataSource) {}

  async get(key: string, m: EntityManager = this.ds.manager): Promise<Experiment | undefined> {
    const rows = await m.query(`${SELECT_EXPERIMENT} WHERE e.key = $1`, [key]);
    return rows[0] ? clean(rows[0]) : undefined;
  }

  async list(filter: { gemeente?: string; status?: string }, limit: number, offset: number) {
    const where = `WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM experiment_gemeente g WHERE g.experiment_key = e.key AND g.gemeente_code = $1))
                     AND ($2::text IS NULL OR e.status = $2)`;
    const rows = await this.ds.query(`${SELECT_EXPERIMENT} ${where} ORDER BY e.key LIMIT $3 OFFSET $4`, [
      filter.gemeente ?? null,
      filter.status ?? null,
      limit,
      offset,
    ]);
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM experiment e ${where}`, [
      filter.gemeente ?? null,
      filter.status ?? null,
    ]);
    return { items: rows.map(clean) as Experiment[], total };
  }

  /** The plan for assignment, with a row lock when `lock` (status changes and enrolment serialize on it). */
  async assignmentPlan(
    m: EntityManager,
    key: string,
    lock: 'share' | 'update' | false = false,
  ): Promise<AssignmentPlan | undefined> {
    const rows = await m.query(
      `SELECT key, status, design, allocation, randomization, assignment_seed AS seed,
              to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end"
       FROM experiment WHERE key = $1 ${lock === 'share' ? 'FOR SHARE' : lock === 'update' ? 'FOR UPDATE' : ''}`,
      [key],
    );
    if (!rows[0]) return undefined;
    const arms = await m.query(
      'SELECT key, weight, is_control AS control FROM experiment_arm WHERE experiment_key = $1 ORDER BY position',
      [key],
    );
    const gemeenten = (
      await m.query('SELECT gemeente_code AS g FROM experiment_gemeente WHERE experiment_key = $1', [key])
    ).map((r: { g: string }) => r.g);
    return { ...rows[0], arms, gemeenten };
  }

  async enrolledCount(m: EntityManager, key: string): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM enrolment WHERE experiment_key = $1', [key]);
    return n;
  }

  /** Enrolments per gemeente of one experiment (what an amendment may no longer take away). */
  async enrolledPerGemeente(m: EntityManager, key: string): Promise<Record<string, number>> {
    const rows: { g: string; n: number }[] = await m.query(
      'SELECT p.gemeente_code AS g, count(*)::int AS n FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE n.experiment_key = $1 GROUP BY 1',
      [key],
    );
    return Object.fromEntries(rows.map((r) => [r.g, r.n]));
  }

  async unknownGemeenten(m: EntityManager, codes: string[]): Promise<string[]> {
    const rows = await m.query(
      'SELECT c FROM unnest($1::text[]) AS c WHERE NOT EXISTS (SELECT 1 FROM gemeente g WHERE g.code = c)',
      [codes],
    );
    return rows.map((r: { c: string }) => r.c);
  }

  /**
   * Inserts or replaces an experiment's plan. A new experiment gets a fresh secret assignment seed
   * (kept on update). Arms are replaced only when `replaceArms`.
   */
  async save(
    m: EntityManager,
    d: ExperimentDefinition,
    opts: { status: ExperimentStatus; source: 'api' | 'file'; replaceArms: boolean },
  ): Promise<void> {
    await m.query(
      `INSERT INTO experiment (key, title, hypothesis, intervention_phase, design, allocation, randomization, primary_metric,
          secondary_metrics, follow_up_days, expected_baseline, minimum_effect, planned_looks, arm_cost, start_date, end_date,
          status, assignment_seed, source, design_options, retention_months, expected_pace_days, delivery)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
       ON CONFLICT (key) DO UPDATE SET title = excluded.title, hypothesis = excluded.hypothesis,
          intervention_phase = excluded.intervention_phase, design = excluded.design, allocation = excluded.allocation,
          randomization = excluded.randomization, primary_metric = excluded.primary_metric,
          secondary_metrics = excluded.secondary_metrics, follow_up_days = excluded.follow_up_days,
          expected_baseline = excluded.expected_baseline, minimum_effect = excluded.minimum_effect,
          planned_looks = excluded.planned_looks, arm_cost = excluded.arm_cost, start_date = excluded.start_date,
          end_date = excluded.end_date, status = excluded.status, source = excluded.source,
          design_options = excluded.design_options, retention_months = excluded.retention_months,
          expected_pace_days = excluded.expected_pace_days, delivery = excluded.delivery, updated_at = now()`,
      [
        d.key,
        d.title,
        d.hypothesis,
        d.interventionPhase,
        d.design,
        d.allocation,
        d.randomization,
        d.primaryMetric,
        d.secondaryMetrics,
        d.followUpDays,
        d.expectedBaseline ?? null,
        d.minimumEffect ?? null,
        d.plannedLooks,
        d.armCost ? JSON.stringify(d.armCost) : null,
        d.start ?? null,
        d.end ?? null,
        opts.status,
        randomBytes(24).toString('hex'),
        opts.source,
        designOptions(d),
        d.retentionMonths ?? null,
        d.expectedPaceDays ?? null,
        d.delivery ? JSON.stringify(d.delivery) : null,
      ],
    );
    if (opts.replaceArms) {
      await m.query('DELETE FROM experiment_arm WHERE experiment_key = $1', [d.key]);
      for (const [i, a] of d.arms.entries()) {
        await m.query(
          'INSERT INTO experiment_arm (experiment_key, key, name, weight, is_control, position) VALUES ($1, $2, $3, $4, $5, $6)',
          [d.key, a.key, a.name, a.weight, a.control === true, i],
        );
      }
    } else {
      for (const a of d.arms)
        await m.query('UPDATE experiment_arm SET name = $3 WHERE experiment_key = $1 AND key = $2', [
          d.key,
          a.key,
          a.name,
        ]);
    }
    await m.query('DELETE FROM experiment_gemeente WHERE experiment_key = $1', [d.key]);
    await m.query('INSERT INTO experiment_gemeente (experiment_key, gemeente_code) SELECT $1, unnest($2::text[])', [
      d.key,
      d.gemeenten,
    ]);
    await m.query('DELETE FROM experiment_period WHERE experiment_key = $1', [d.key]);
    for (const [g, p] of Object.entries(d.periods ?? {})) {
      for (const period of ['nulmeting', 'eenmeting'] as const) {
        await m.query(
          'INSERT INTO experiment_period (experiment_key, gemeente_code, period, start_date, end_date) VALUES ($1, $2, $3, $4, $5)',
          [d.key, g, period, p[period].start, p[period].end],
        );
      }
    }
  }

  /** Appends arms after the existing ones (an amendment after start may add, never remove). */
  async addArms(m: EntityManager, key: string, arms: ExperimentDefinition['arms']): Promise<void> {
    const [{ n }] = await m.query(
      'SELECT coalesce(max(position) + 1, 0)::int AS n FROM experiment_arm WHERE experiment_key = $1',
      [key],
    );
    for (const [i, a] of arms.entries()) {
      await m.query(
        'INSERT INTO experiment_arm (experiment_key, key, name, weight, is_control, position) VALUES ($1, $2, $3, $4, $5, $6)',
        [key, a.key, a.name, a.weight, a.control === true, n + i],
      );
    }
  }

  async setStatus(m: EntityManager, key: string, status: ExperimentStatus): Promise<void> {
    await m.query('UPDATE experiment SET status = $2, updated_at = now() WHERE key = $1', [key, status]);
  }
}

function designOptions(d: ExperimentDefinition): string | null {
  const o: Record<string, unknown> = {};
  for (const k of DESIGN_OPTION_FIELDS) if (d[k] !== undefined) o[k] = d[k];
  return Object.keys(o).length ? JSON.stringify(o) : null;
}
