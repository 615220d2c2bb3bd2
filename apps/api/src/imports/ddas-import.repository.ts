import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A stored DDAS trajectory as the import compares it. */
export interface StoredTrajectory {
  id: string;
  participantId: string;
  startedOn: string;
  endedOn: string | null;
  debtAtStart: number | null;
  crisis: boolean;
  facts: unknown;
  debts: { kind: string; debts: number; total: number }[];
}

/** A stored milestone fact (any version) of a participant the import touches. */
export interface StoredEvent {
  id: string;
  participantId: string;
  milestone: string;
  occurredOn: string;
  reason: string | null;
  trajectoryId: string | null;
  current: boolean;
}

export interface StoredSupport {
  id: string;
  participantId: string;
  kind: string;
  startedOn: string;
  endedOn: string | null;
  source: string;
}

export interface NewEvent {
  participantId: string;
  gemeente: string;
  milestone: string;
  occurredOn: string;
  reason: string | null;
  supersedes: string | null;
  correctionReason: string | null;
  trajectoryId: string;
  /** A withdrawal of the fact it supersedes. */
  retracted: boolean;
}

export interface TrajectoryRow {
  participantId: string;
  gemeente: string;
  startedOn: string;
  endedOn: string | null;
  debtAtStart: number | null;
  crisis: boolean;
  facts: unknown;
}

/** SQL of the DDAS import (importers/ddas.importer.ts), all inside the import's transaction. */
@Injectable()
export class DdasImportRepository {
  /** The gemeenten with a CBS code: code, CBS code and stored key fingerprint. */
  async gemeentenByCbsCode(
    m: EntityManager,
  ): Promise<Map<string, { code: string; cbsCode: string; fingerprint: string | null }>> {
    const rows: { code: string; cbsCode: string; fingerprint: string | null }[] = await m.query(
      `SELECT code, cbs_code AS "cbsCode", ddas_key_fingerprint AS fingerprint FROM gemeente WHERE cbs_code IS NOT NULL`,
    );
    return new Map(rows.map((r) => [r.cbsCode, r]));
  }

  async cbsCodeOf(m: EntityManager, gemeente: string): Promise<string | null> {
    const rows: { cbsCode: string | null }[] = await m.query(
      `SELECT cbs_code AS "cbsCode" FROM gemeente WHERE code = $1`,
      [gemeente],
    );
    return rows[0]?.cbsCode ?? null;
  }

  /** The first import of a gemeente stores its key's fingerprint; a stored one is never overwritten here. */
  async storeFingerprintIfNone(m: EntityManager, gemeente: string, fingerprint: string): Promise<boolean> {
    const rows = await m.query(
      `UPDATE gemeente SET ddas_key_fingerprint = $2, updated_at = now() WHERE code = $1 AND ddas_key_fingerprint IS NULL RETURNING code`,
      [gemeente, fingerprint],
    );
    return (rows[0]?.length ?? 0) > 0;
  }

  /**
   * The participants of these (gemeente, code) pairs, created when missing (a participant is
   * created on their first fact, as in every import). Returns id and segment per pair, and how many
   * were new.
   */
  async resolveParticipants(
    m: EntityManager,
    pairs: { gemeente: string; ref: string }[],
  ): Promise<{ ids: Map<string, { id: string; segment: string | null }>; created: number }> {
    const gemeenten = pairs.map((p) => p.gemeente);
    const refs = pairs.map((p) => p.ref);
    const created: unknown[] = await m.query(
      `INSERT INTO participant (gemeente_code, participant_ref)
       SELECT g, r FROM unnest($1::text[], $2::text[]) AS x(g, r)
       ON CONFLICT (gemeente_code, participant_ref) DO NOTHING RETURNING id`,
      [gemeenten, refs],
    );
    const rows: { id: string; gemeente: string; ref: string; segment: string | null }[] = await m.query(
      `SELECT p.id::text AS id, p.gemeente_code AS gemeente, p.participant_ref AS ref, p.segment
       FROM participant p JOIN unnest($1::text[], $2::text[]) AS x(g, r) ON p.gemeente_code = x.g AND p.participant_ref = x.r`,
      [gemeenten, refs],
    );
    return {
      ids: new Map(rows.map((r) => [`${r.gemeente}\u0000${r.ref}`, { id: r.id, segment: r.segment }])),
      created: created.length,
    };
  }

  async trajectories(m: EntityManager, participantIds: string[]): Promise<StoredTrajectory[]> {
    return m.query(
      `SELECT t.id::text AS id, t.participant_id::text AS "participantId", to_char(t.started_on, 'YYYY-MM-DD') AS "startedOn",
              to_char(t.ended_on, 'YYYY-MM-DD') AS "endedOn", t.debt_at_start::float8 AS "debtAtStart", t.crisis, t.facts,
              coalesce((SELECT json_agg(json_build_object('kind', d.kind, 'debts', d.debts, 'total', d.total::float8) ORDER BY d.kind)
                        FROM ddas_debt d WHERE d.trajectory_id = t.id), '[]') AS debts
       FROM ddas_trajectory t WHERE t.participant_id = ANY ($1::bigint[]) ORDER BY t.participant_id, t.started_on`,
      [participantIds],
    );
  }

  async events(m: EntityManager, participantIds: string[]): Promise<StoredEvent[]> {
    return m.query(
      `SELECT e.id::text AS id, e.participant_id::text AS "participantId", e.milestone, to_char(e.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
              e.reason, e.ddas_trajectory_id::text AS "trajectoryId",
              (NOT e.retracted AND NOT EXISTS (SELECT 1 FROM milestone_event s WHERE s.supersedes_id = e.id)) AS current
       FROM milestone_event e WHERE e.participant_id = ANY ($1::bigint[]) ORDER BY e.id`,
      [participantIds],
    );
  }

  async supports(m: EntityManager, participantIds: string[]): Promise<StoredSupport[]> {
    return m.query(
      `SELECT id::text AS id, participant_id::text AS "participantId", kind, to_char(started_on, 'YYYY-MM-DD') AS "startedOn",
              to_char(ended_on, 'YYYY-MM-DD') AS "endedOn", source
       FROM participant_support WHERE participant_id = ANY ($1::bigint[])`,
      [participantIds],
    );
  }

  /** Inserts new trajectories; returns their ids by participant and start. */
  async insertTrajectories(m: EntityManager, rows: TrajectoryRow[], jobId: string): Promise<Map<string, string>> {
    if (!rows.length) return new Map();
    const out: { id: string; participantId: string; startedOn: string }[] = await m.query(
      `INSERT INTO ddas_trajectory (participant_id, gemeente_code, started_on, ended_on, debt_at_start, crisis, facts, first_import_id, last_import_id)
       SELECT p, g, s, e, d, c, f, $8, $8 FROM unnest($1::bigint[], $2::text[], $3::date[], $4::date[], $5::bigint[], $6::boolean[], $7::jsonb[]) AS x(p, g, s, e, d, c, f)
       RETURNING id::text AS id, participant_id::text AS "participantId", to_char(started_on, 'YYYY-MM-DD') AS "startedOn"`,
      [
        rows.map((r) => r.participantId),
        rows.map((r) => r.gemeente),
        rows.map((r) => r.startedOn),
        rows.map((r) => r.endedOn),
        rows.map((r) => r.debtAtStart),
        rows.map((r) => r.crisis),
        rows.map((r) => JSON.stringify(r.facts)),
        jobId,
      ],
    );
    return new Map(out.map((r) => [`${r.participantId}\u0000${r.startedOn}`, r.id]));
  }

  async updateTrajectories(
    m: EntityManager,
    rows: (Omit<TrajectoryRow, 'participantId' | 'gemeente' | 'startedOn'> & { id: string })[],
    jobId: string,
  ): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `UPDATE ddas_trajectory t SET ended_on = x.e, debt_at_start = x.d, crisis = x.c, facts = x.f, last_import_id = $6, updated_at = now()
       FROM unnest($1::bigint[], $2::date[], $3::bigint[], $4::boolean[], $5::jsonb[]) AS x(id, e, d, c, f) WHERE t.id = x.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.endedOn),
        rows.map((r) => r.debtAtStart),
        rows.map((r) => r.crisis),
        rows.map((r) => JSON.stringify(r.facts)),
        jobId,
      ],
    );
  }

  /** Replaces the debts of these trajectories. */
  async replaceDebts(
    m: EntityManager,
    trajectories: { id: string; gemeente: string; debts: { kind: string; debts: number; total: number }[] }[],
  ): Promise<void> {
    if (!trajectories.length) return;
    await m.query(`DELETE FROM ddas_debt WHERE trajectory_id = ANY ($1::bigint[])`, [trajectories.map((t) => t.id)]);
    const flat = trajectories.flatMap((t) => t.debts.map((d) => ({ ...d, id: t.id, gemeente: t.gemeente })));
    if (!flat.length) return;
    await m.query(
      `INSERT INTO ddas_debt (trajectory_id, gemeente_code, kind, debts, total)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::bigint[])`,
      [
        flat.map((d) => d.id),
        flat.map((d) => d.gemeente),
        flat.map((d) => d.kind),
        flat.map((d) => d.debts),
        flat.map((d) => d.total),
      ],
    );
  }

  async insertEvents(m: EntityManager, rows: NewEvent[], userId: string | null): Promise<void> {
    if (!rows.length) return;
    // A correction supersedes a stored row only (never one of this statement).
    await m.query(
      `INSERT INTO milestone_event (participant_id, gemeente_code, milestone, occurred_on, reason, supersedes_id, correction_reason, retracted, recorded_by, source, ddas_trajectory_id)
       SELECT p, g, ms, o, r, s, cr, rt, $10, 'ddas', t
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[], $5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::boolean[]) AS x(p, g, ms, o, r, s, cr, t, rt)
       ORDER BY p, ms, o`,
      [
        rows.map((r) => r.participantId),
        rows.map((r) => r.gemeente),
        rows.map((r) => r.milestone),
        rows.map((r) => r.occurredOn),
        rows.map((r) => r.reason),
        rows.map((r) => r.supersedes),
        rows.map((r) => r.correctionReason),
        rows.map((r) => r.trajectoryId),
        rows.map((r) => r.retracted),
        userId,
      ],
    );
  }

  async insertSupport(
    m: EntityManager,
    rows: {
      participantId: string;
      gemeente: string;
      kind: string;
      startedOn: string;
      endedOn: string | null;
      trajectoryId: string;
    }[],
  ): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO participant_support (participant_id, gemeente_code, kind, started_on, ended_on, source, ddas_trajectory_id)
       SELECT p, g, k, s, e, 'ddas', t FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[], $5::date[], $6::bigint[]) AS x(p, g, k, s, e, t)`,
      [
        rows.map((r) => r.participantId),
        rows.map((r) => r.gemeente),
        rows.map((r) => r.kind),
        rows.map((r) => r.startedOn),
        rows.map((r) => r.endedOn),
        rows.map((r) => r.trajectoryId),
      ],
    );
  }

  async updateSupportEnd(m: EntityManager, rows: { id: string; endedOn: string | null }[]): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `UPDATE participant_support s SET ended_on = x.e, updated_at = now() FROM unnest($1::bigint[], $2::date[]) AS x(id, e) WHERE s.id = x.id`,
      [rows.map((r) => r.id), rows.map((r) => r.endedOn)],
    );
  }

  /** Segment crisis for participants without a segment. */
  async markCrisis(m: EntityManager, participantIds: string[]): Promise<void> {
    if (!participantIds.length) return;
    await m.query(`UPDATE participant SET segment = 'crisis' WHERE id = ANY ($1::bigint[]) AND segment IS NULL`, [
      participantIds,
    ]);
  }

  /** Records the delivery of a gemeente (the same delivery again adds nothing). Returns whether it was new. */
  async recordDelivery(
    m: EntityManager,
    d: {
      gemeente: string;
      supplier: string;
      periodStart: string;
      periodEnd: string;
      deliveredAt: string;
      trajectories: number;
      jobId: string;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO ddas_delivery (gemeente_code, supplier, period_start, period_end, delivered_at, trajectories, import_job_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (gemeente_code, supplier, period_start, period_end, delivered_at) DO NOTHING RETURNING id`,
      [d.gemeente, d.supplier, d.periodStart, d.periodEnd, d.deliveredAt, d.trajectories, d.jobId],
    );
    return rows.length > 0;
  }
}
