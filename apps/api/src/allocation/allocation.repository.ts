import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Slot } from '@living-lab/assignment';

export interface AllocationRun {
  seed: string;
  design: string;
  method: string;
  blockSizes: number[] | null;
  byKlantprofiel: boolean;
  algorithm: string;
  generatedAt: string;
  generatedBy: string;
}

export interface StratumRow {
  id: string;
  stratum: string;
  gemeente: string;
  klantprofiel: string | null;
  nextPosition: number;
  generatedSlots: number;
  lastBlock: number;
}

export interface LogEntry {
  seq: number;
  loggedAt: string;
  enrolledBy: string;
  gemeente: string;
  participantRef: string;
  method: string;
  stratum: string | null;
  slot: number | null;
  arm: string;
  enrolledOn: string;
}

/** SQL of the allocation tables. Nothing here returns a slot that has not been taken, except to the reproduction check. */
@Injectable()
export class AllocationRepository {
  constructor(private readonly ds: DataSource) {}

  async run(m: EntityManager, key: string): Promise<AllocationRun | undefined> {
    const rows = await m.query(
      `SELECT seed, design, method, block_sizes AS "blockSizes", by_klantprofiel AS "byKlantprofiel", algorithm,
              to_char(generated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "generatedAt", generated_by AS "generatedBy"
       FROM allocation_run WHERE experiment_key = $1`,
      [key],
    );
    return rows[0];
  }

  async insertRun(m: EntityManager, key: string, r: Omit<AllocationRun, 'generatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO allocation_run (experiment_key, seed, design, method, block_sizes, by_klantprofiel, algorithm, generated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [key, r.seed, r.design, r.method, r.blockSizes, r.byKlantprofiel, r.algorithm, r.generatedBy],
    );
  }

  async insertStratum(
    m: EntityManager,
    key: string,
    s: { stratum: string; gemeente: string; klantprofiel: string | null },
  ): Promise<void> {
    await m.query(
      `INSERT INTO allocation_stratum (experiment_key, stratum, gemeente_code, klantprofiel) VALUES ($1, $2, $3, $4)
       ON CONFLICT (experiment_key, stratum) DO NOTHING`,
      [key, s.stratum, s.gemeente, s.klantprofiel],
    );
  }

  /** The stratum row, locked FOR UPDATE: every enrolment in this stratum waits here, so slots go out one at a time, in order. */
  async lockStratum(m: EntityManager, key: string, stratum: string): Promise<StratumRow | undefined> {
    const rows = await m.query(
      `SELECT id::text, stratum, gemeente_code AS gemeente, klantprofiel, next_position AS "nextPosition",
              generated_slots AS "generatedSlots", last_block AS "lastBlock"
       FROM allocation_stratum WHERE experiment_key = $1 AND stratum = $2 FOR UPDATE`,
      [key, stratum],
    );
    return rows[0];
  }

  async strata(m: EntityManager, key: string): Promise<StratumRow[]> {
    return m.query(
      `SELECT id::text, stratum, gemeente_code AS gemeente, klantprofiel, next_position AS "nextPosition",
              generated_slots AS "generatedSlots", last_block AS "lastBlock"
       FROM allocation_stratum WHERE experiment_key = $1 ORDER BY stratum`,
      [key],
    );
  }

  /** Appends generated slots to a stratum and records how far it is generated. */
  async appendSlots(m: EntityManager, stratumId: string, slots: Slot[]): Promise<void> {
    if (!slots.length) return;
    await m.query(
      `INSERT INTO allocation_slot (stratum_id, position, block_index, block_size, arm_key)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::text[])`,
      [
        stratumId,
        slots.map((s) => s.position),
        slots.map((s) => s.blockIndex),
        slots.map((s) => s.blockSize),
        slots.map((s) => s.arm),
      ],
    );
    const last = slots[slots.length - 1];
    await m.query('UPDATE allocation_stratum SET generated_slots = $2, last_block = $3 WHERE id = $1', [
      stratumId,
      last.position,
      last.blockIndex,
    ]);
  }

  /** Takes the stratum's next slot (the stratum row must be locked by this transaction). */
  async takeSlot(m: EntityManager, s: StratumRow): Promise<{ position: number; arm: string }> {
    const rows = await m.query(
      'SELECT position, arm_key AS arm FROM allocation_slot WHERE stratum_id = $1 AND position = $2 AND enrolment_id IS NULL FOR UPDATE',
      [s.id, s.nextPosition],
    );
    if (!rows[0]) throw new Error(`Slot ${s.nextPosition} of stratum ${s.stratum} is missing or taken.`);
    await m.query('UPDATE allocation_stratum SET next_position = next_position + 1 WHERE id = $1', [s.id]);
    return rows[0];
  }

  /** All generated slots of a stratum, FUTURE ONES INCLUDED: only for the beheerder's reproduction check, never returned as such. */
  async allSlotsForAudit(
    m: EntityManager,
    stratumId: string,
  ): Promise<{ position: number; blockIndex: number; blockSize: number; arm: string }[]> {
    return m.query(
      'SELECT position, block_index AS "blockIndex", block_size AS "blockSize", arm_key AS arm FROM allocation_slot WHERE stratum_id = $1 ORDER BY position',
      [stratumId],
    );
  }

  async insertClusters(
    m: EntityManager,
    key: string,
    rows: {
      gemeente: string;
      arm: string | null;
      group: number | null;
      step: number | null;
      crossoverOn: string | null;
      size: number | null;
    }[],
  ): Promise<void> {
    for (const r of rows) {
      await m.query(
        'INSERT INTO allocation_cluster (experiment_key, gemeente_code, arm_key, group_no, step, crossover_on, size) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [key, r.gemeente, r.arm, r.group, r.step, r.crossoverOn, r.size],
      );
    }
  }

  async cluster(
    m: EntityManager,
    key: string,
    gemeente: string,
  ): Promise<{ arm: string | null; crossoverOn: string | null } | undefined> {
    const rows = await m.query(
      `SELECT arm_key AS arm, to_char(crossover_on, 'YYYY-MM-DD') AS "crossoverOn" FROM allocation_cluster WHERE experiment_key = $1 AND gemeente_code = $2`,
      [key, gemeente],
    );
    return rows[0];
  }

  async clusters(
    m: EntityManager,
    key: string,
  ): Promise<
    {
      gemeente: string;
      arm: string | null;
      group: number | null;
      step: number | null;
      crossoverOn: string | null;
      size: number | null;
    }[]
  > {
    return m.query(
      `SELECT gemeente_code AS gemeente, arm_key AS arm, group_no AS "group", step, to_char(crossover_on, 'YYYY-MM-DD') AS "crossoverOn", size
       FROM allocation_cluster WHERE experiment_key = $1 ORDER BY gemeente_code`,
      [key],
    );
  }

  async period(m: EntityManager, key: string, gemeente: string) {
    const rows: { period: 'nulmeting' | 'eenmeting'; start: string; end: string }[] = await m.query(
      `SELECT period, to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end" FROM experiment_period WHERE experiment_key = $1 AND gemeente_code = $2`,
      [key, gemeente],
    );
    const n = rows.find((r) => r.period === 'nulmeting');
    const e = rows.find((r) => r.period === 'eenmeting');
    return n && e
      ? { nulmeting: { start: n.start, end: n.end }, eenmeting: { start: e.start, end: e.end } }
      : undefined;
  }

  async gemeenteSizes(m: EntityManager, codes: string[]): Promise<Map<string, number | null>> {
    const rows = await m.query('SELECT code, inwoners FROM gemeente WHERE code = ANY($1::text[])', [codes]);
    return new Map(rows.map((r: { code: string; inwoners: number | null }) => [r.code, r.inwoners]));
  }

  async logEntries(key: string): Promise<LogEntry[]> {
    return this.ds.query(
      `SELECT id::int AS seq, to_char(logged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "loggedAt", enrolled_by_username AS "enrolledBy",
              gemeente_code AS gemeente, participant_ref AS "participantRef", method, stratum, slot_position AS slot, arm_key AS arm,
              to_char(enrolled_on, 'YYYY-MM-DD') AS "enrolledOn"
       FROM allocation_log WHERE experiment_key = $1 ORDER BY id`,
      [key],
    );
  }

  async hashLogged(
    m: EntityManager,
    key: string,
  ): Promise<{ gemeente: string; participantRef: string; arm: string }[]> {
    return m.query(
      `SELECT gemeente_code AS gemeente, participant_ref AS "participantRef", arm_key AS arm FROM allocation_log WHERE experiment_key = $1 AND method = 'hash'`,
      [key],
    );
  }

  /** Enrolments per stratum, gemeente and arm (monitoring); with `gemeente`, only that gemeente's. */
  armCountsByStratum(
    m: EntityManager,
    key: string,
    gemeente?: string,
  ): Promise<{ stratum: string; gemeente: string; arm: string; n: number }[]> {
    return m.query(
      `SELECT coalesce(l.stratum, p.gemeente_code) AS stratum, p.gemeente_code AS gemeente, n.arm_key AS arm, count(*)::int AS n
       FROM enrolment n JOIN participant p ON p.id = n.participant_id LEFT JOIN allocation_log l ON l.enrolment_id = n.id
       WHERE n.experiment_key = $1 AND ($2::text IS NULL OR p.gemeente_code = $2)
       GROUP BY 1, 2, 3 ORDER BY 1, 3`,
      [key, gemeente ?? null],
    );
  }
}
