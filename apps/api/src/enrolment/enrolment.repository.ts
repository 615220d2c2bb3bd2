import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface EnrolmentView {
  participantRef: string;
  gemeente: string;
  arm: string;
  enrolledOn: string;
}

const VIEW = `p.participant_ref AS "participantRef", p.gemeente_code AS gemeente, n.arm_key AS arm,
              to_char(n.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn"`;

@Injectable()
export class EnrolmentRepository {
  constructor(private readonly ds: DataSource) {}

  /** Finds or creates the pseudonymous participant; optional attributes fill in, never erase. */
  async upsertParticipant(
    m: EntityManager,
    p: { gemeente: string; participantRef: string; klantprofiel?: string; segment?: string; aanmeldroute?: string },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO participant (gemeente_code, participant_ref, klantprofiel, segment, aanmeldroute)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (gemeente_code, participant_ref) DO UPDATE SET
         klantprofiel = COALESCE(excluded.klantprofiel, participant.klantprofiel),
         segment = COALESCE(excluded.segment, participant.segment),
         aanmeldroute = COALESCE(excluded.aanmeldroute, participant.aanmeldroute)
       RETURNING id`,
      [p.gemeente, p.participantRef, p.klantprofiel ?? null, p.segment ?? null, p.aanmeldroute ?? null],
    );
    return rows[0].id;
  }

  /**
   * Inserts the enrolment unless this participant is already in the experiment. Returns the stored
   * enrolment and whether this call created it. Two simultaneous calls produce one row: the unique
   * key decides, the loser reads the winner's row.
   */
  async insertOnce(
    m: EntityManager,
    e: { experiment: string; participantId: string; arm: string; enrolledOn: string; by: string | null },
  ): Promise<{ created: boolean; enrolment: EnrolmentView }> {
    const inserted = await m.query(
      `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on, enrolled_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (experiment_key, participant_id) DO NOTHING RETURNING id`,
      [e.experiment, e.participantId, e.arm, e.enrolledOn, e.by],
    );
    const rows = await m.query(
      `SELECT ${VIEW} FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE n.experiment_key = $1 AND n.participant_id = $2`,
      [e.experiment, e.participantId],
    );
    return { created: inserted.length > 0, enrolment: rows[0] };
  }

  /** The stored enrolment of a participant in an experiment, if any. */
  async find(m: EntityManager, experiment: string, participantId: string): Promise<EnrolmentView | undefined> {
    const rows = await m.query(
      `SELECT ${VIEW} FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE n.experiment_key = $1 AND n.participant_id = $2`,
      [experiment, participantId],
    );
    return rows[0];
  }

  async findByRef(
    m: EntityManager,
    experiment: string,
    gemeente: string,
    participantRef: string,
  ): Promise<EnrolmentView | undefined> {
    const rows = await m.query(
      `SELECT ${VIEW} FROM enrolment n JOIN participant p ON p.id = n.participant_id
       WHERE n.experiment_key = $1 AND p.gemeente_code = $2 AND p.participant_ref = $3`,
      [experiment, gemeente, participantRef],
    );
    return rows[0];
  }

  async list(experiment: string, filter: { gemeente?: string; arm?: string }, limit: number, offset: number) {
    const where = `WHERE n.experiment_key = $1 AND ($2::text IS NULL OR p.gemeente_code = $2) AND ($3::text IS NULL OR n.arm_key = $3)`;
    const args = [experiment, filter.gemeente ?? null, filter.arm ?? null];
    const items: EnrolmentView[] = await this.ds.query(
      `SELECT ${VIEW} FROM enrolment n JOIN participant p ON p.id = n.participant_id ${where}
       ORDER BY n.enrolled_on DESC, n.id DESC LIMIT $4 OFFSET $5`,
      [...args, limit, offset],
    );
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM enrolment n JOIN participant p ON p.id = n.participant_id ${where}`,
      args,
    );
    return { items, total };
  }
}
