import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PrefetchedAllocation } from '../allocation/allocation.service';
import type { FactSource } from '@living-lab/domain';
import { AUDIT_COLUMNS, auditValues, type AuditInput } from '../audit/audit.repository';
import type { ParticipantKey } from '../audit/participant-seal';
import type { AssignmentPlan } from '../experiments/experiments.repository';

export interface EnrolmentView {
  participantRef: string;
  gemeente: string;
  arm: string;
  enrolledOn: string;
}

/** What the first statement of an enrolment returns (`EnrolmentRepository.begin`). */
export interface EnrolmentStart {
  /** undefined: no such experiment */
  plan: AssignmentPlan | undefined;
  gemeenteExists: boolean;
  /**
   * undefined: not written, because the experiment does not run (in this gemeente). `klantprofiel`
   * is the profile on the enrolment date (klantprofiel_on), the one the allocation stratifies by.
   */
  participant: { id: string; klantprofiel: string | null; key: ParticipantKey | undefined } | undefined;
  /** the participant's enrolment in this experiment, as of the start of the statement */
  existing: EnrolmentView | undefined;
  prefetched: PrefetchedAllocation;
}

interface EnrolmentStartRow extends Omit<AssignmentPlan, 'key' | 'arms' | 'gemeenten'> {
  key: string | null;
  arms: AssignmentPlan['arms'];
  gemeenten: string[];
  gemeenteExists: boolean;
  participantId: string | null;
  klantprofiel: string | null;
  auditKey: { id: string; key: string } | null;
  existing: EnrolmentView | null;
  periods: Partial<Record<'nulmeting' | 'eenmeting', { start: string; end: string }>> | null;
  cluster: { arm: string | null; crossoverOn: string | null } | null;
}

const VIEW = `p.participant_ref AS "participantRef", p.gemeente_code AS gemeente, n.arm_key AS arm,
              to_char(n.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn"`;

/** What the enrolment list may be sorted on (issue 16: every list sortable), and its column. */
export const ENROLMENT_SORT_FIELDS = ['enrolledOn', 'participantRef', 'gemeente', 'arm'] as const;
export type EnrolmentSortField = (typeof ENROLMENT_SORT_FIELDS)[number];
const SORT_COLUMNS: Record<EnrolmentSortField, string> = {
  enrolledOn: 'n.enrolled_on',
  participantRef: 'p.participant_ref',
  gemeente: 'p.gemeente_code',
  arm: 'n.arm_key',
};

@Injectable()
export class EnrolmentRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The first statement of an enrolment: reads the experiment's assignment plan (the experiment
   * row share-locked, so a status change cannot slip between the checks and the insert), whether
   * the gemeente exists, the participant's stored enrolment, and for the enrolment's gemeente its
   * periods (historical control) and cluster row (cluster, stepped wedge); and, while the
   * experiment runs in this gemeente, finds or creates the pseudonymous participant (optional
   * attributes fill in, never erase; a klantprofiel that differs from the one on the enrolment date
   * adds a history entry valid from that date, with its audit entry), with its audit key (`candidateKey` when it has none yet:
   * participant-seal.ts). The upsert locks the participant row, so simultaneous
   * enrolments of one participant queue there. One round trip; a refusal after it rolls the
   * transaction (or the import's savepoint) back.
   */
  async begin(
    m: EntityManager,
    key: string,
    p: {
      gemeente: string;
      participantRef: string;
      enrolledOn: string;
      klantprofiel?: string;
      segment?: string;
      aanmeldroute?: string;
    },
    candidateKey: ParticipantKey,
    by: { id: string | null; username: string; source: FactSource },
  ): Promise<EnrolmentStart> {
    const [row] = await m.query(
      `WITH e AS (
         SELECT key, status, design, allocation, randomization, assignment_seed AS seed,
                to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end"
         FROM experiment WHERE key = $1 FOR SHARE
       ), p AS (
         INSERT INTO participant (gemeente_code, participant_ref, segment, aanmeldroute)
         SELECT $2, $3, $5, $6 FROM e
         WHERE e.status = 'running'
           AND EXISTS (SELECT 1 FROM experiment_gemeente g WHERE g.experiment_key = e.key AND g.gemeente_code = $2)
         ON CONFLICT (gemeente_code, participant_ref) DO UPDATE SET
           segment = COALESCE(excluded.segment, participant.segment),
           aanmeldroute = COALESCE(excluded.aanmeldroute, participant.aanmeldroute)
         RETURNING id::text
       ), h AS (
         INSERT INTO participant_klantprofiel (participant_id, gemeente_code, klantprofiel, valid_from, source, recorded_by)
         SELECT p.id::bigint, $2, $4::text, $9::date, $10::text, $11::uuid FROM p
         WHERE $4::text IS NOT NULL AND klantprofiel_on(p.id::bigint, $9::date) IS DISTINCT FROM $4::text
         RETURNING id, klantprofiel, valid_from, source
       ), ha AS (
         INSERT INTO audit_entry (${AUDIT_COLUMNS})
         SELECT $12::text, 'record_klantprofiel', 'participant_klantprofiel', h.id::text, NULL::jsonb,
                jsonb_build_object('id', h.id::text, 'klantprofiel', h.klantprofiel, 'validFrom', to_char(h.valid_from, 'YYYY-MM-DD'), 'source', h.source)
         FROM h
       ), k AS (
         INSERT INTO participant_key (participant_id, gemeente_code, key_id, key)
         SELECT p.id::bigint, $2, $7::uuid, $8::bytea FROM p
         ON CONFLICT (participant_id) DO NOTHING RETURNING key_id::text AS id, encode(key, 'base64') AS key
       )
       SELECT e.key, e.status, e.design, e.allocation, e.randomization, e.seed, e.start, e."end",
         (SELECT coalesce(json_agg(json_build_object('key', a.key, 'weight', a.weight, 'control', a.is_control)
                                   ORDER BY a.position), '[]')
            FROM experiment_arm a WHERE a.experiment_key = $1) AS arms,
         (SELECT coalesce(array_agg(g.gemeente_code), '{}') FROM experiment_gemeente g WHERE g.experiment_key = $1) AS gemeenten,
         EXISTS (SELECT 1 FROM gemeente WHERE code = $2) AS "gemeenteExists",
         (SELECT id FROM p) AS "participantId",
         coalesce($4::text, (SELECT klantprofiel_on(id::bigint, $9::date) FROM p)) AS klantprofiel,
         coalesce((SELECT row_to_json(k) FROM k),
                  (SELECT json_build_object('id', x.key_id::text, 'key', encode(x.key, 'base64'))
                     FROM participant_key x WHERE x.participant_id = (SELECT id::bigint FROM p))) AS "auditKey",
         (SELECT row_to_json(v) FROM (SELECT ${VIEW} FROM enrolment n JOIN participant p ON p.id = n.participant_id
            WHERE n.experiment_key = $1 AND p.gemeente_code = $2 AND p.participant_ref = $3) v) AS existing,
         (SELECT json_object_agg(period, json_build_object('start', to_char(start_date, 'YYYY-MM-DD'), 'end', to_char(end_date, 'YYYY-MM-DD')))
            FROM experiment_period WHERE experiment_key = $1 AND gemeente_code = $2) AS periods,
         (SELECT json_build_object('arm', arm_key, 'crossoverOn', to_char(crossover_on, 'YYYY-MM-DD'))
            FROM allocation_cluster WHERE experiment_key = $1 AND gemeente_code = $2) AS cluster
       FROM (SELECT 1) one LEFT JOIN e ON true`,
      [
        key,
        p.gemeente,
        p.participantRef,
        p.klantprofiel ?? null,
        p.segment ?? null,
        p.aanmeldroute ?? null,
        candidateKey.id,
        candidateKey.key,
        p.enrolledOn,
        by.source,
        by.id,
        by.username,
      ],
    );
    const {
      arms,
      gemeenten,
      gemeenteExists,
      participantId,
      klantprofiel,
      auditKey,
      existing,
      periods,
      cluster,
      ...plan
    } = row as EnrolmentStartRow;
    const both = periods?.nulmeting && periods?.eenmeting;
    return {
      plan: plan.key === null ? undefined : { ...plan, key: plan.key, arms, gemeenten },
      gemeenteExists,
      participant:
        participantId === null
          ? undefined
          : {
              id: participantId,
              klantprofiel,
              key: auditKey ? { id: auditKey.id, key: Buffer.from(auditKey.key, 'base64') } : undefined,
            },
      existing: existing ?? undefined,
      prefetched: {
        periods: both ? { nulmeting: periods.nulmeting!, eenmeting: periods.eenmeting! } : undefined,
        cluster: cluster ?? undefined,
      },
    };
  }

  /**
   * Inserts the enrolment unless this participant is already in the experiment, and in the same
   * statement its allocation log entry, the permuted-block slot it takes (if any) and its audit
   * entry: all or nothing, one round trip. Returns whether it was created; a participant enrolled
   * meanwhile (simultaneous requests: the unique key decides) is read back with `find`.
   */
  async insertEnrolment(
    m: EntityManager,
    e: {
      experiment: string;
      participantId: string;
      arm: string;
      enrolledOn: string;
      by: { id: string | null; username: string };
      log: { gemeente: string; participantRef: string; method: string; stratum: string | null; slot: number | null };
      slot: { stratumId: string; position: number } | null;
      audit: AuditInput;
    },
  ): Promise<boolean> {
    const audit = auditValues(e.audit);
    const rows: unknown[] = await m.query(
      `WITH n AS (
         INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on, enrolled_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (experiment_key, participant_id) DO NOTHING RETURNING id
       ), slot AS (
         UPDATE allocation_slot s SET enrolment_id = n.id, taken_at = now() FROM n
         WHERE s.stratum_id = $12 AND s.position = $13
       ), log AS (
         INSERT INTO allocation_log (experiment_key, enrolment_id, gemeente_code, participant_ref, method, stratum, slot_position,
                                     arm_key, enrolled_on, enrolled_by, enrolled_by_username)
         SELECT $1, n.id, $7::text, $8::text, $9::text, $10::text, $11::int, $3, $4, $5, $6::text FROM n
       ), audit AS (
         INSERT INTO audit_entry (${AUDIT_COLUMNS}) SELECT $14::text, $15::text, $16::text, $17::text, $18::jsonb, $19::jsonb FROM n
       )
       SELECT id FROM n`,
      [
        e.experiment,
        e.participantId,
        e.arm,
        e.enrolledOn,
        e.by.id,
        e.by.username,
        e.log.gemeente,
        e.log.participantRef,
        e.log.method,
        e.log.stratum,
        e.log.slot,
        e.slot?.stratumId ?? null,
        e.slot?.position ?? null,
        ...audit,
      ],
    );
    return rows.length > 0;
  }

  /**
   * The participant's audit key, read in a statement of its own: `begin` returns none when a
   * simultaneous first enrolment of the same participant committed the key after `begin`'s snapshot.
   */
  async participantKey(m: EntityManager, participantId: string): Promise<ParticipantKey | undefined> {
    const [row] = await m.query(`SELECT key_id::text AS id, key FROM participant_key WHERE participant_id = $1`, [
      participantId,
    ]);
    return row ? { id: row.id, key: row.key } : undefined;
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

  async list(
    experiment: string,
    filter: { gemeente?: string; arm?: string; sort?: EnrolmentSortField; order?: 'ASC' | 'DESC' },
    limit: number,
    offset: number,
  ) {
    // The column comes from a fixed map, never from the request's text.
    const dir = filter.order === 'ASC' ? 'ASC' : 'DESC';
    const orderBy = `${SORT_COLUMNS[filter.sort ?? 'enrolledOn']} ${dir}, n.id ${dir}`;
    const where = `WHERE n.experiment_key = $1 AND ($2::text IS NULL OR p.gemeente_code = $2) AND ($3::text IS NULL OR n.arm_key = $3)`;
    const args = [experiment, filter.gemeente ?? null, filter.arm ?? null];
    const items: EnrolmentView[] = await this.ds.query(
      `SELECT ${VIEW} FROM enrolment n JOIN participant p ON p.id = n.participant_id ${where}
       ORDER BY ${orderBy} LIMIT $4 OFFSET $5`,
      [...args, limit, offset],
    );
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM enrolment n JOIN participant p ON p.id = n.participant_id ${where}`,
      args,
    );
    return { items, total };
  }
}
