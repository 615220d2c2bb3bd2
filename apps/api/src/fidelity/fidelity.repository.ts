import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** One delivery as the timeline and the API show it. */
export interface DeliveryView {
  id: string;
  experiment: string;
  kind: string;
  deliveredOn: string;
  /** hand (web app), api or import */
  source: string;
  supersedes: string | null;
  correctionReason: string | null;
  retracted: boolean;
  current: boolean;
  recordedAt: string;
  /** The account that recorded it; null when the account is gone. */
  recordedBy: string | null;
}

/**
 * Per enrolment of an experiment (enrolled on or before asOf): the deliveries of its own arm's
 * kind and of other arms' kinds, on or before asOf (current facts only). For the analysis dataset
 * (issue 14, item 12) and the fidelity results.
 */
export interface EnrolmentDeliveryCount {
  enrolmentId: string;
  gemeente: string;
  participantRef: string;
  arm: string;
  enrolledOn: string;
  /** the arm's delivery kind from the definition; null when the arm has none */
  kind: string | null;
  /** how often the plan expects it; null when the arm has no kind */
  expected: number | null;
  /** deliveries of the arm's own kind (0 when none, or when the arm has no kind) */
  delivered: number;
  /** deliveries of a kind that belongs to another arm of the experiment (contamination) */
  otherArmDelivered: number;
}

/** Fidelity's sufficient statistics: per arm, how many enrolments received a number of deliveries of their arm's kind. */
export interface FidelityCountRow {
  arm: string;
  /** number of deliveries of the arm's own kind (0 included) */
  delivered: number;
  /** these enrolments received another arm's kind at least once */
  contaminated: boolean;
  /** enrolments with that number */
  n: number;
}

/** Per arm and other arm's kind: how many enrolments received at least one delivery of that kind. */
export interface ContaminationRow {
  arm: string;
  kind: string;
  n: number;
}

const VIEW = `d.id::text AS id, d.experiment_key AS experiment, d.kind, to_char(d.delivered_on, 'YYYY-MM-DD') AS "deliveredOn",
  d.source, d.supersedes_id::text AS supersedes, d.correction_reason AS "correctionReason", d.retracted,
  (NOT d.retracted AND NOT EXISTS (SELECT 1 FROM intervention_delivery s WHERE s.supersedes_id = d.id)) AS current,
  d.recorded_at AS "recordedAt", (SELECT u.username FROM app_user u WHERE u.id = d.recorded_by) AS "recordedBy"`;

/**
 * Per enrolment (enrolled on or before $2, of gemeente $3 when given): its arm's kind and the
 * current deliveries on or before $2 of its own kind and of the other arms' kinds.
 */
const PER_ENROLMENT = `
  WITH kinds AS (
    SELECT k.key AS arm, k.value ->> 'kind' AS kind, (k.value ->> 'expected')::int AS expected
    FROM experiment e, jsonb_each(coalesce(e.delivery, '{}'::jsonb)) k WHERE e.key = $1
  ),
  enr AS (
    SELECT n.id, n.participant_id, n.arm_key, n.enrolled_on, p.gemeente_code, p.participant_ref
    FROM enrolment n JOIN participant p ON p.id = n.participant_id
    WHERE n.experiment_key = $1 AND n.enrolled_on <= $2::date AND ($3::text IS NULL OR p.gemeente_code = $3)
  ),
  per AS (
    SELECT d.participant_id, d.kind, count(*)::int AS n
    FROM current_intervention_delivery d
    WHERE d.experiment_key = $1 AND d.delivered_on <= $2::date AND ($3::text IS NULL OR d.gemeente_code = $3)
    GROUP BY 1, 2
  ),
  agg AS (
    SELECT enr.id, sum(per.n) FILTER (WHERE k.arm = enr.arm_key)::int AS own, sum(per.n) FILTER (WHERE k.arm <> enr.arm_key)::int AS other
    FROM enr JOIN per ON per.participant_id = enr.participant_id JOIN kinds k ON k.kind = per.kind
    GROUP BY enr.id
  )
  SELECT enr.id::text AS "enrolmentId", enr.gemeente_code AS gemeente, enr.participant_ref AS "participantRef",
         enr.arm_key AS arm, to_char(enr.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", own.kind, own.expected,
         coalesce(agg.own, 0) AS delivered, coalesce(agg.other, 0) AS "otherArmDelivered"
  FROM enr LEFT JOIN kinds own ON own.arm = enr.arm_key LEFT JOIN agg ON agg.id = enr.id`;

@Injectable()
export class FidelityRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Per enrolment of `experiment` enrolled on or before `asOf`: the number of current deliveries
   * of its arm's kind (and of other arms' kinds) on or before `asOf`. Row-level security applies:
   * a gemeente user gets its own gemeente's enrolments only; `gemeente` narrows further.
   * Ordered by gemeente and participant reference.
   */
  async countsPerEnrolment(
    experiment: string,
    asOf: string,
    opts: { gemeente?: string | null; m?: EntityManager } = {},
  ): Promise<EnrolmentDeliveryCount[]> {
    return (opts.m ?? this.ds.manager).query(`${PER_ENROLMENT} ORDER BY enr.gemeente_code, enr.participant_ref`, [
      experiment,
      asOf,
      opts.gemeente ?? null,
    ]);
  }

  /** Per arm: how many enrolments received 0, 1, 2 … deliveries of their arm's kind (the fidelity results). */
  async fidelityCounts(experiment: string, asOf: string, gemeente: string | null): Promise<FidelityCountRow[]> {
    return this.ds.query(
      `SELECT x.arm, x.delivered, x."otherArmDelivered" > 0 AS contaminated, count(*)::int AS n
       FROM (${PER_ENROLMENT}) x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [experiment, asOf, gemeente],
    );
  }

  /** Per arm and kind of another arm: how many enrolments received it at least once (contamination). */
  async contamination(experiment: string, asOf: string, gemeente: string | null): Promise<ContaminationRow[]> {
    return this.ds.query(
      `WITH kinds AS (
         SELECT k.key AS arm, k.value ->> 'kind' AS kind
         FROM experiment e, jsonb_each(coalesce(e.delivery, '{}'::jsonb)) k WHERE e.key = $1
       )
       SELECT n.arm_key AS arm, o.kind, count(DISTINCT n.id)::int AS n
       FROM enrolment n
       JOIN participant p ON p.id = n.participant_id
       JOIN current_intervention_delivery d ON d.experiment_key = n.experiment_key AND d.participant_id = n.participant_id
       JOIN kinds o ON o.kind = d.kind AND o.arm <> n.arm_key
       WHERE n.experiment_key = $1 AND n.enrolled_on <= $2::date AND d.delivered_on <= $2::date
         AND ($3::text IS NULL OR p.gemeente_code = $3)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [experiment, asOf, gemeente],
    );
  }

  /** Every delivery of a participant (current and corrected), in date order. */
  async deliveries(m: EntityManager, participantId: string): Promise<DeliveryView[]> {
    return m.query(
      `SELECT ${VIEW} FROM intervention_delivery d WHERE d.participant_id = $1 ORDER BY d.delivered_on, d.id`,
      [participantId],
    );
  }

  /** The participant's enrolment in an experiment with the experiment's delivery definition, or undefined. */
  async enrolment(
    m: EntityManager,
    participantId: string,
    experiment: string,
  ): Promise<
    | {
        arm: string;
        enrolledOn: string;
        delivery: Record<string, { kind: string; label: string; expected: number }> | null;
      }
    | undefined
  > {
    return (
      await m.query(
        `SELECT n.arm_key AS arm, to_char(n.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", e.delivery
         FROM enrolment n JOIN experiment e ON e.key = n.experiment_key
         WHERE n.participant_id = $1 AND n.experiment_key = $2`,
        [participantId, experiment],
      )
    )[0];
  }

  /** Per enrolment of the participant: its arm and the experiment's delivery definition (for the timeline). */
  async kinds(
    m: EntityManager,
    participantId: string,
  ): Promise<
    {
      experiment: string;
      arm: string;
      delivery: Record<string, { kind: string; label: string; expected: number }> | null;
    }[]
  > {
    return m.query(
      `SELECT n.experiment_key AS experiment, n.arm_key AS arm, e.delivery
       FROM enrolment n JOIN experiment e ON e.key = n.experiment_key WHERE n.participant_id = $1 ORDER BY n.enrolled_on, n.id`,
      [participantId],
    );
  }

  /**
   * For each row of an import (in order): the participant, its enrolment date in the experiment
   * and the experiment's delivery definition (nulls when not found), and whether the same current
   * delivery (experiment, kind, date) is already recorded. Row-level security applies.
   */
  async importTargets(
    m: EntityManager,
    rows: readonly { gemeente: string; ref: string; experiment: string; kind: string; deliveredOn: string }[],
  ): Promise<
    {
      participantId: string | null;
      enrolledOn: string | null;
      delivery: Record<string, { kind: string; label: string; expected: number }> | null;
      exists: boolean;
    }[]
  > {
    if (!rows.length) return [];
    return m.query(
      `SELECT p.id::text AS "participantId", to_char(n.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", e.delivery,
              EXISTS (SELECT 1 FROM current_intervention_delivery d WHERE d.participant_id = p.id
                        AND d.experiment_key = x.exp AND d.kind = x.kind AND d.delivered_on = x.d) AS exists
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[]) WITH ORDINALITY AS x(g, ref, exp, kind, d, i)
       LEFT JOIN participant p ON p.gemeente_code = x.g AND p.participant_ref = x.ref
       LEFT JOIN enrolment n ON n.participant_id = p.id AND n.experiment_key = x.exp
       LEFT JOIN experiment e ON e.key = n.experiment_key
       ORDER BY x.i`,
      [
        rows.map((r) => r.gemeente),
        rows.map((r) => r.ref),
        rows.map((r) => r.experiment),
        rows.map((r) => r.kind),
        rows.map((r) => r.deliveredOn),
      ],
    );
  }

  /** Writes imported deliveries (source `import`, with the import job) in one statement. */
  async insertImported(
    m: EntityManager,
    rows: readonly { participantId: string; experiment: string; kind: string; deliveredOn: string }[],
    by: string,
    jobId: string,
  ): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO intervention_delivery (participant_id, experiment_key, kind, delivered_on, source, import_job_id, recorded_by)
       SELECT x.p, x.exp, x.kind, x.d, 'import', $5, $6
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[]) AS x(p, exp, kind, d)`,
      [
        rows.map((r) => r.participantId),
        rows.map((r) => r.experiment),
        rows.map((r) => r.kind),
        rows.map((r) => r.deliveredOn),
        jobId,
        by,
      ],
    );
  }

  async insert(
    m: EntityManager,
    d: {
      participantId: string;
      experiment: string;
      kind: string;
      deliveredOn: string;
      source: string;
      supersedes?: string;
      correctionReason?: string;
      retracted?: boolean;
      by: string;
    },
  ): Promise<DeliveryView> {
    const [{ id }] = await m.query(
      `INSERT INTO intervention_delivery (participant_id, experiment_key, kind, delivered_on, source, supersedes_id,
         correction_reason, retracted, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        d.participantId,
        d.experiment,
        d.kind,
        d.deliveredOn,
        d.source,
        d.supersedes ?? null,
        d.correctionReason ?? null,
        d.retracted === true,
        d.by,
      ],
    );
    return (await m.query(`SELECT ${VIEW} FROM intervention_delivery d WHERE d.id = $1`, [id]))[0];
  }
}
