import { Injectable } from '@nestjs/common';
import type { FactSource, KlantprofielEntry } from '@living-lab/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface EventView {
  id: string;
  milestone: string;
  occurredOn: string;
  reason: string | null;
  supersedes: string | null;
  correctionReason: string | null;
  current: boolean;
  recordedAt: string;
  /** The account that recorded it (a correction: who corrected); null when the account is gone or an import left it out. */
  recordedBy: string | null;
  /** Where the fact came from: hand (API, web app), import (CSV/XLSX) or ddas (a DDAS delivery). */
  source: string;
}

const EVENT_VIEW = `e.id::text AS id, e.milestone, to_char(e.occurred_on, 'YYYY-MM-DD') AS "occurredOn", e.reason,
  e.supersedes_id::text AS supersedes, e.correction_reason AS "correctionReason",
  (NOT e.retracted AND NOT EXISTS (SELECT 1 FROM milestone_event s WHERE s.supersedes_id = e.id)) AS current,
  e.recorded_at AS "recordedAt", (SELECT u.username FROM app_user u WHERE u.id = e.recorded_by) AS "recordedBy", e.source`;

const PROFILE_VIEW = `h.id::text AS id, h.klantprofiel, to_char(h.valid_from, 'YYYY-MM-DD') AS "validFrom", h.source,
  h.recorded_at AS "recordedAt", (SELECT u.username FROM app_user u WHERE u.id = h.recorded_by) AS "recordedBy"`;

@Injectable()
export class ParticipantsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The participant's id, row-locked so that facts of one participant are written one at a time. */
  async lockOrCreate(m: EntityManager, gemeente: string, ref: string): Promise<string> {
    const rows = await m.query(
      `INSERT INTO participant (gemeente_code, participant_ref) VALUES ($1, $2)
       ON CONFLICT (gemeente_code, participant_ref) DO UPDATE SET gemeente_code = excluded.gemeente_code RETURNING id`,
      [gemeente, ref],
    );
    return rows[0].id;
  }

  async find(m: EntityManager, gemeente: string, ref: string) {
    return (
      await m.query(
        'SELECT id, klantprofiel, segment, aanmeldroute FROM participant WHERE gemeente_code = $1 AND participant_ref = $2',
        [gemeente, ref],
      )
    )[0] as
      { id: string; klantprofiel: string | null; segment: string | null; aanmeldroute: string | null } | undefined;
  }

  async events(m: EntityManager, participantId: string): Promise<EventView[]> {
    return m.query(
      `SELECT ${EVENT_VIEW} FROM milestone_event e WHERE e.participant_id = $1 ORDER BY e.occurred_on, e.id`,
      [participantId],
    );
  }

  async currentEvents(m: EntityManager, participantId: string, milestone: string): Promise<EventView[]> {
    return (await this.events(m, participantId)).filter((e) => e.current && e.milestone === milestone);
  }

  async insertEvent(
    m: EntityManager,
    e: {
      participantId: string;
      milestone: string;
      occurredOn: string;
      reason?: string;
      supersedes?: string;
      correctionReason?: string;
      by: string;
    },
  ): Promise<EventView> {
    const [{ id }] = await m.query(
      `INSERT INTO milestone_event (participant_id, milestone, occurred_on, reason, supersedes_id, correction_reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        e.participantId,
        e.milestone,
        e.occurredOn,
        e.reason ?? null,
        e.supersedes ?? null,
        e.correctionReason ?? null,
        e.by,
      ],
    );
    return (await m.query(`SELECT ${EVENT_VIEW} FROM milestone_event e WHERE e.id = $1`, [id]))[0];
  }

  /** The participant's klantprofiel history, oldest first (by valid_from, then id). */
  async klantprofielHistory(m: EntityManager, participantId: string): Promise<KlantprofielEntry[]> {
    return m.query(
      `SELECT ${PROFILE_VIEW} FROM participant_klantprofiel h WHERE h.participant_id = $1 ORDER BY h.valid_from, h.id`,
      [participantId],
    );
  }

  async insertKlantprofiel(
    m: EntityManager,
    e: { participantId: string; klantprofiel: string; validFrom: string; source: FactSource; by: string | null },
  ): Promise<KlantprofielEntry> {
    const [row] = await m.query(
      `WITH h AS (
         INSERT INTO participant_klantprofiel (participant_id, klantprofiel, valid_from, source, recorded_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING *
       ) SELECT ${PROFILE_VIEW} FROM h`,
      [e.participantId, e.klantprofiel, e.validFrom, e.source, e.by],
    );
    return row;
  }

  async enrolments(m: EntityManager, participantId: string) {
    return m.query(
      `SELECT n.experiment_key AS experiment, n.arm_key AS arm, to_char(n.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn"
       FROM enrolment n WHERE n.participant_id = $1 ORDER BY n.enrolled_on`,
      [participantId],
    );
  }

  /** The participant's support (begeleiding: budgetbeheer, bewind …) with its dates and source. */
  async support(m: EntityManager, participantId: string) {
    return m.query(
      `SELECT s.kind, to_char(s.started_on, 'YYYY-MM-DD') AS "startedOn", to_char(s.ended_on, 'YYYY-MM-DD') AS "endedOn", s.source
       FROM participant_support s WHERE s.participant_id = $1 ORDER BY s.started_on, s.kind`,
      [participantId],
    );
  }

  /** The participant's DDAS trajectories: start, end, debt at the start and debts per kind. */
  async ddasTrajectories(m: EntityManager, participantId: string) {
    return m.query(
      `SELECT to_char(t.started_on, 'YYYY-MM-DD') AS "startedOn", to_char(t.ended_on, 'YYYY-MM-DD') AS "endedOn",
              t.debt_at_start::float8 AS "debtAtStart", t.crisis,
              coalesce((SELECT json_agg(json_build_object('kind', d.kind, 'debts', d.debts, 'total', d.total::float8) ORDER BY d.kind)
                        FROM ddas_debt d WHERE d.trajectory_id = t.id), '[]') AS debts
       FROM ddas_trajectory t WHERE t.participant_id = $1 ORDER BY t.started_on`,
      [participantId],
    );
  }

  async beleving(m: EntityManager, participantId: string) {
    return m.query(
      `SELECT b.id::text AS id, b.phase, to_char(b.measured_on, 'YYYY-MM-DD') AS "measuredOn", b.rapportcijfer, b.waardigheid,
              b.duidelijkheid, b.tempo, b.foutloos, b.financiele_rust, b.emotie, b.source, b.recorded_at AS "recordedAt"
       FROM beleving_score b WHERE b.participant_id = $1 ORDER BY b.measured_on, b.id`,
      [participantId],
    );
  }

  async insertBeleving(m: EntityManager, participantId: string, b: Record<string, unknown>, by: string) {
    const [{ id }] = await m.query(
      `INSERT INTO beleving_score (participant_id, phase, measured_on, rapportcijfer, waardigheid, duidelijkheid, tempo, foutloos,
         financiele_rust, emotie, source, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        participantId,
        b.phase,
        b.measuredOn,
        b.rapportcijfer ?? null,
        b.waardigheid ?? null,
        b.duidelijkheid ?? null,
        b.tempo ?? null,
        b.foutloos ?? null,
        b.financiele_rust ?? null,
        b.emotie ?? null,
        b.source ?? 'staff',
        by,
      ],
    );
    return (await this.beleving(m, participantId)).find((r: { id: string }) => r.id === String(id));
  }

  /** Every participant-level row of one participant, for an AVG export. */
  async exportRows(m: EntityManager, participantId: string) {
    const [participant] = await m.query(
      `SELECT participant_ref AS "participantRef", gemeente_code AS gemeente, klantprofiel, segment, aanmeldroute, created_at AS "createdAt"
       FROM participant WHERE id = $1`,
      [participantId],
    );
    const enrolments = await m.query(
      `SELECT n.experiment_key AS experiment, n.arm_key AS arm, to_char(n.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn", n.created_at AS "createdAt",
              l.method AS "allocationMethod", l.stratum, l.slot_position AS "slotPosition", l.enrolled_by_username AS "enrolledBy"
       FROM enrolment n LEFT JOIN allocation_log l ON l.enrolment_id = n.id WHERE n.participant_id = $1 ORDER BY n.enrolled_on, n.id`,
      [participantId],
    );
    const clientFormLinks = await m.query(
      `SELECT phase, created_at AS "createdAt", expires_at AS "expiresAt", used_at AS "usedAt" FROM client_form_link
       WHERE participant_id = $1 ORDER BY created_at`,
      [participantId],
    );
    return {
      participant,
      enrolments,
      klantprofielHistory: await this.klantprofielHistory(m, participantId),
      events: await this.events(m, participantId),
      beleving: await this.beleving(m, participantId),
      support: await this.support(m, participantId),
      ddasTrajectories: await this.ddasTrajectories(m, participantId),
      clientFormLinks,
    };
  }

  /**
   * Erases every participant-level row of one participant through erase_participants (migration
   * 1764810000000); returns the rows erased per table.
   */
  async erase(m: EntityManager, participantId: string): Promise<Record<string, number>> {
    const [{ counts }] = await m.query('SELECT erase_participants(ARRAY[$1]::bigint[]) AS counts', [participantId]);
    return counts;
  }
}
