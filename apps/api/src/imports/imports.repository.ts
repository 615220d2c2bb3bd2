import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type EntityManager } from 'typeorm';
import { REPEATABLE_MILESTONES, UITVAL_REASON_LABELS } from '@living-lab/domain';
import type { ImportProblem } from './import-format';
import { MAX_PROBLEMS } from './import-format';
import type { ImportKind } from './import-kinds';

export type ImportStatus = 'running' | 'applied' | 'refused' | 'checked' | 'failed';

export interface ImportJobView {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileBytes: number;
  dryRun: boolean;
  status: ImportStatus | 'interrupted';
  phase: string | null;
  progress: number;
  bytesRead: number;
  rows: number;
  created: number;
  unchanged: number;
  errorCount: number;
  message: string | null;
  gemeente: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/** A job whose heartbeat stopped this long ago was interrupted (a crash): its transaction rolled back. */
const STALE = `interval '2 minutes'`;

const VIEW = `j.id, j.kind, j.file_name AS "fileName", j.file_bytes::float8 AS "fileBytes", j.dry_run AS "dryRun",
  CASE WHEN j.status = 'running' AND j.heartbeat_at < now() - ${STALE} THEN 'interrupted' ELSE j.status END AS status,
  j.phase, j.bytes_read::float8 AS "bytesRead",
  CASE WHEN j.status <> 'running' THEN 1 WHEN j.file_bytes = 0 THEN 0 ELSE round(least(1, j.bytes_read::numeric / j.file_bytes) * 0.8, 3)::float8 END AS progress,
  j.rows_read AS rows, j.rows_created AS created, j.rows_unchanged AS unchanged, j.error_count AS "errorCount", j.message,
  j.gemeente_code AS gemeente, j.created_by_name AS "createdBy", j.created_at AS "createdAt", j.finished_at AS "finishedAt"`;

/** SQL of imports: the job rows (always outside the import's transaction) and the set-based steps. */
@Injectable()
export class ImportsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The server's statement budget for the rest of the import's transaction (statement_timeout, ms). */
  async statementBudget(m: EntityManager, ms: number): Promise<void> {
    await m.query(`SELECT set_config('statement_timeout', $1, true)`, [String(ms)]);
  }

  /** A COPY into the staging table `import_stage` (made by createEventStage/createBelevingStage) on the import's connection. */
  copyIntoStage(client: PoolClient) {
    return client.query(copyFrom('COPY import_stage FROM STDIN'));
  }

  async createJob(j: {
    kind: ImportKind;
    fileName: string;
    bytes: number;
    dryRun: boolean;
    gemeente: string | null;
    userId: string | null;
    username: string;
  }): Promise<string> {
    const [{ id }] = await this.ds.query(
      `INSERT INTO import_job (kind, file_name, file_bytes, dry_run, status, phase, gemeente_code, created_by, created_by_name)
       VALUES ($1, $2, $3, $4, 'running', 'lezen', $5, $6, $7) RETURNING id`,
      [j.kind, j.fileName.slice(0, 255), j.bytes, j.dryRun, j.gemeente, j.userId, j.username],
    );
    return id;
  }

  async progress(id: string, p: { phase?: string; bytesRead?: number; rows?: number }): Promise<void> {
    await this.ds.query(
      `UPDATE import_job SET phase = COALESCE($2, phase), bytes_read = COALESCE($3, bytes_read), rows_read = COALESCE($4, rows_read), heartbeat_at = now() WHERE id = $1`,
      [id, p.phase ?? null, p.bytesRead ?? null, p.rows ?? null],
    );
  }

  async finish(
    id: string,
    r: {
      sha256: string | null;
      status: ImportStatus;
      rows: number;
      created: number;
      unchanged: number;
      errorCount: number;
      errors: ImportProblem[];
      message: string;
    },
  ): Promise<void> {
    await this.ds.query(
      `UPDATE import_job SET status = $2, phase = NULL, rows_read = $3, rows_created = $4, rows_unchanged = $5, error_count = $6, errors = $7,
         message = $8, file_sha256 = $9, heartbeat_at = now(), finished_at = now(), bytes_read = file_bytes WHERE id = $1`,
      [
        id,
        r.status,
        r.rows,
        r.created,
        r.unchanged,
        r.errorCount,
        JSON.stringify(r.errors.slice(0, MAX_PROBLEMS)),
        r.message,
        r.sha256,
      ],
    );
  }

  async get(id: string): Promise<(ImportJobView & { errors: ImportProblem[] }) | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    return (await this.ds.query(`SELECT ${VIEW}, j.errors FROM import_job j WHERE j.id = $1`, [id]))[0];
  }

  async list(
    filter: { gemeente?: string; kind?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: ImportJobView[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR j.gemeente_code = $1) AND ($2::text IS NULL OR j.kind = $2)`;
    const args = [filter.gemeente ?? null, filter.kind ?? null];
    const items = await this.ds.query(
      `SELECT ${VIEW} FROM import_job j ${where} ORDER BY j.created_at DESC, j.id LIMIT $3 OFFSET $4`,
      [...args, limit, offset],
    );
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM import_job j ${where}`, args);
    return { items, total };
  }

  /** An earlier applied import of exactly this file (same bytes, same kind), for "this file was imported before". */
  async sameFileApplied(
    sha256: string,
    kind: ImportKind,
    exceptId: string,
  ): Promise<{ id: string; createdAt: string } | undefined> {
    return (
      await this.ds.query(
        `SELECT id, to_char(created_at, 'YYYY-MM-DD HH24:MI') AS "createdAt" FROM import_job
       WHERE file_sha256 = $1 AND kind = $2 AND status = 'applied' AND NOT dry_run AND id <> $3 ORDER BY created_at LIMIT 1`,
        [sha256, kind, exceptId],
      )
    )[0];
  }

  // ---- jobs cut off by a stop (import-sweep.ts) -------------------------------------------

  /**
   * Jobs left `running` by a process that died, locked for the sweep (in the caller's system
   * transaction), with whether their import committed (its audit entry `import` exists, written
   * in the same transaction as the rows) and that entry's counts. A job whose import may still run
   * elsewhere (a transaction begun after the job was created) is not returned.
   */
  async orphanedJobs(m: EntityManager): Promise<
    {
      id: string;
      committed: boolean;
      after: { rows?: number; created?: number; unchanged?: number } | null;
    }[]
  > {
    return m.query(`
      SELECT j.id, a.id IS NOT NULL AS committed, a.after
      FROM import_job j
      LEFT JOIN LATERAL (SELECT id, after FROM audit_entry WHERE entity = 'import_job' AND entity_id = j.id::text AND action = 'import' LIMIT 1) a ON true
      WHERE j.status = 'running'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.datname = current_database() AND s.pid <> pg_backend_pid()
                          AND s.xact_start IS NOT NULL AND s.xact_start >= j.created_at)
      FOR UPDATE OF j SKIP LOCKED`);
  }

  /** An orphaned job whose import committed: applied, with the counts of its audit entry. */
  async endOrphanApplied(
    m: EntityManager,
    id: string,
    c: { rows: number; created: number; unchanged: number; message: string },
  ): Promise<void> {
    await m.query(
      `UPDATE import_job SET status = 'applied', phase = NULL, rows_read = $2, rows_created = $3, rows_unchanged = $4,
       message = $5, finished_at = heartbeat_at, bytes_read = file_bytes WHERE id = $1 AND status = 'running'`,
      [id, c.rows, c.created, c.unchanged, c.message],
    );
  }

  /** An orphaned job whose import rolled back: shown as `interrupted` from now on. */
  async endOrphanInterrupted(m: EntityManager, id: string, message: string): Promise<void> {
    await m.query(
      `UPDATE import_job SET heartbeat_at = '-infinity', finished_at = now(), message = $2 WHERE id = $1 AND status = 'running'`,
      [id, message],
    );
  }

  // ---- set-based steps inside the import transaction -------------------------------------

  /** Runs one step in a savepoint of the import's transaction: when it throws, only that step is undone. */
  async inSavepoint<T>(m: EntityManager, step: () => Promise<T>): Promise<T> {
    await m.query('SAVEPOINT import_row');
    try {
      const out = await step();
      await m.query('RELEASE SAVEPOINT import_row');
      return out;
    } catch (e) {
      await m.query('ROLLBACK TO SAVEPOINT import_row');
      throw e;
    }
  }

  /**
   * The staging table of the events (a temp table: unlogged, private, dropped at the end of the
   * transaction). More memory for the set-based steps: hashing and sorting a million rows stays
   * in memory instead of spilling to disk.
   */
  async createEventStage(m: EntityManager): Promise<void> {
    await m.query(`SET LOCAL work_mem = '128MB'`);
    await m.query('SET LOCAL jit = off'); // its compile time (0.25 s on PostgreSQL 15) outweighs what it saves here
    await m.query(`CREATE TEMP TABLE import_stage (rn integer NOT NULL, gemeente text NOT NULL, ref text NOT NULL,
      milestone text NOT NULL, occurred_on date NOT NULL, reason text) ON COMMIT DROP`);
  }

  async createBelevingStage(m: EntityManager): Promise<void> {
    await m.query(`SET LOCAL work_mem = '128MB'`);
    await m.query('SET LOCAL jit = off'); // its compile time (0.25 s on PostgreSQL 15) outweighs what it saves here
    await m.query(`CREATE TEMP TABLE import_stage (rn integer NOT NULL, gemeente text NOT NULL, ref text NOT NULL,
      phase text NOT NULL, measured_on date NOT NULL, rapportcijfer smallint, waardigheid smallint, duidelijkheid smallint,
      tempo smallint, foutloos smallint, financiele_rust smallint, emotie text) ON COMMIT DROP`);
  }

  /** The distinct gemeenten of the staged rows (when the file names too many to collect while reading). */
  async stagedGemeenten(m: EntityManager): Promise<string[]> {
    return (await m.query(`SELECT DISTINCT gemeente FROM import_stage`)).map((r: { gemeente: string }) => r.gemeente);
  }

  /** Which of these gemeente codes (the distinct codes of the file, collected while reading) exist. */
  async knownGemeenten(m: EntityManager, codes: string[]): Promise<Set<string>> {
    const rows: { code: string }[] = await m.query(`SELECT code FROM gemeente WHERE code = ANY($1)`, [codes]);
    return new Set(rows.map((r) => r.code));
  }

  async rowsOfGemeenten(m: EntityManager, codes: string[], limit: number): Promise<{ rn: number; gemeente: string }[]> {
    return m.query(`SELECT rn, gemeente FROM import_stage WHERE gemeente = ANY($1) ORDER BY rn LIMIT $2`, [
      codes,
      limit,
    ]);
  }

  /**
   * Creates the participants the file names (a participant is created on their first fact) and
   * keeps their ids in `import_new_participant`: a participant created by this import has no
   * stored facts, so the checks against the database skip their rows (most of a first upload).
   */
  async resolveParticipants(m: EntityManager): Promise<void> {
    await m.query(`CREATE TEMP TABLE import_new_participant (id bigint NOT NULL) ON COMMIT DROP`);
    // A plain INSERT of the ones not there yet (ON CONFLICT's speculative insertion costs 40% more
    // for a first upload of 200,000 participants). Should another transaction create one of them
    // meanwhile, the unique key refuses it: then the same again with ON CONFLICT DO NOTHING.
    const insert = (onConflict: string) => `WITH created AS (
        INSERT INTO participant (gemeente_code, participant_ref)
        SELECT w.gemeente, w.ref FROM (SELECT DISTINCT gemeente, ref FROM import_stage) w
        WHERE NOT EXISTS (SELECT 1 FROM participant p WHERE p.gemeente_code = w.gemeente AND p.participant_ref = w.ref)
        ${onConflict} RETURNING id)
      INSERT INTO import_new_participant SELECT id FROM created`;
    await m.query('SAVEPOINT import_participants');
    try {
      await m.query(insert(''));
      await m.query('RELEASE SAVEPOINT import_participants');
    } catch (e) {
      if (
        (e as { driverError?: { code?: string }; code?: string }).driverError?.code !== '23505' &&
        (e as { code?: string }).code !== '23505'
      )
        throw e;
      await m.query('ROLLBACK TO SAVEPOINT import_participants');
      await m.query(insert('ON CONFLICT (gemeente_code, participant_ref) DO NOTHING'));
    }
  }

  /**
   * Events: one row per distinct fact of the file (first row number kept; participant ids by one
   * hash join; `present` when the same participant, milestone and date is stored already, in any
   * version: such a fact is left alone), then every conflict: in the file (the same milestone on
   * two dates, or the same milestone and date with two reasons) and with the current events in the
   * database (the same milestone already on another date; repeatable milestones excepted).
   * Returns the problems, at most `limit`.
   */
  async eventConflicts(m: EntityManager, limit: number): Promise<ImportProblem[]> {
    // `fresh`: the participant was created by this import (nothing stored to compare with).
    await m.query(`CREATE TEMP TABLE import_fact ON COMMIT DROP AS
      SELECT f.*, n.id IS NOT NULL AS fresh,
             CASE WHEN n.id IS NULL THEN EXISTS (SELECT 1 FROM milestone_event e WHERE e.participant_id = f.pid AND e.milestone = f.milestone AND e.occurred_on = f.occurred_on)
                  ELSE false END AS present
      FROM (SELECT min(s.rn) AS rn, p.id AS pid, p.gemeente_code AS gemeente, s.milestone, s.occurred_on, s.reason
            FROM import_stage s JOIN participant p ON p.gemeente_code = s.gemeente AND p.participant_ref = s.ref
            GROUP BY p.id, s.milestone, s.occurred_on, s.reason) f
      LEFT JOIN import_new_participant n ON n.id = f.pid`);
    await m.query('ANALYZE import_fact');
    // Facts are distinct on (participant, milestone, date, reason), so a second fact in a window
    // partition differs in date (a once-only milestone) or in reason (same date): both conflicts.
    const rows: { rn: number; column: string; value: string; message: string }[] = await m.query(
      `
      WITH infile AS (
        SELECT f.rn, f.milestone, f.occurred_on, f.reason,
               first_value(f.rn) OVER w AS first_rn, first_value(f.occurred_on) OVER w AS first_on, first_value(f.reason) OVER w AS first_reason
        FROM import_fact f
        WINDOW w AS (PARTITION BY f.pid, f.milestone, CASE WHEN f.milestone = ANY ($2::text[]) THEN f.occurred_on END ORDER BY f.rn)
      )
      SELECT rn, CASE WHEN occurred_on <> first_on THEN 'occurred_on' ELSE 'reason' END AS column,
             CASE WHEN occurred_on <> first_on THEN to_char(occurred_on, 'YYYY-MM-DD') ELSE reason END AS value,
             CASE WHEN occurred_on <> first_on
                  THEN 'Deze mijlpaal staat voor deze deelnemer ook in rij ' || first_rn || ' met een andere datum (' || to_char(first_on, 'YYYY-MM-DD') || '). Een mijlpaal komt één keer voor; laat één rij staan.'
                  ELSE 'Deze uitval staat voor deze deelnemer ook in rij ' || first_rn || ' met een andere reden (' || lower(coalesce((SELECT l FROM unnest($3::text[], $4::text[]) u(c, l) WHERE c = first_reason), first_reason)) || '). Laat één rij staan.' END AS message
      FROM infile WHERE rn <> first_rn
      UNION ALL
      SELECT f.rn, CASE WHEN e.occurred_on <> f.occurred_on THEN 'occurred_on' ELSE 'reason' END,
             CASE WHEN e.occurred_on <> f.occurred_on THEN to_char(f.occurred_on, 'YYYY-MM-DD') ELSE f.reason END,
             CASE WHEN e.occurred_on <> f.occurred_on
                  THEN 'Deze mijlpaal staat al geregistreerd op ' || to_char(e.occurred_on, 'YYYY-MM-DD') || '. Klopt die datum niet? Verbeter die registratie (nummer ' || e.id || ') op de tijdlijn van de deelnemer.'
                  ELSE 'Deze uitval staat al geregistreerd met reden ' || lower(coalesce((SELECT l FROM unnest($3::text[], $4::text[]) u(c, l) WHERE c = e.reason), e.reason)) || '. Klopt die reden niet? Verbeter die registratie (nummer ' || e.id || ') op de tijdlijn van de deelnemer.' END
      FROM import_fact f JOIN current_milestone_event e ON e.participant_id = f.pid AND e.milestone = f.milestone
      WHERE NOT f.fresh AND ((NOT f.milestone = ANY ($2::text[]) AND e.occurred_on <> f.occurred_on)
         OR (e.occurred_on = f.occurred_on AND e.reason IS DISTINCT FROM f.reason))
      ORDER BY 1 LIMIT $1`,
      [limit, [...REPEATABLE_MILESTONES], Object.keys(UITVAL_REASON_LABELS), Object.values(UITVAL_REASON_LABELS)],
    );
    return rows.map((r) => ({ row: r.rn, column: r.column, value: r.value, message: r.message }));
  }

  /**
   * Inserts the facts that are not there yet (one INSERT … SELECT); returns how many were new.
   * Runs only after eventConflicts found nothing, so a fact with the same date already stored
   * (current, or corrected or withdrawn before: `present`) is left alone: re-importing an old
   * export never revives it. `present` was decided before this statement, so the insert never
   * reads the table it writes (no plan can rescan milestone_event per row while it grows).
   */
  async insertEvents(m: EntityManager, userId: string | null): Promise<number> {
    return affected(
      m,
      `INSERT INTO milestone_event (participant_id, gemeente_code, milestone, occurred_on, reason, recorded_by, source)
      SELECT f.pid, f.gemeente, f.milestone, f.occurred_on, f.reason, $1, 'import' FROM import_fact f WHERE NOT f.present
      ORDER BY f.pid, f.milestone, f.occurred_on`,
      [userId],
    );
  }

  /**
   * Beleving: a measurement is the same when participant, phase and date match and every score is
   * equal; the same participant, phase and date with other scores is a conflict (in the file or
   * with the database).
   */
  async belevingConflicts(m: EntityManager, limit: number): Promise<ImportProblem[]> {
    // `fresh`: the participant was created by this import (nothing stored to compare with).
    await m.query(`CREATE TEMP TABLE import_fact ON COMMIT DROP AS
      SELECT f.*, n.id IS NOT NULL AS fresh
      FROM (SELECT min(s.rn) AS rn, p.id AS pid, p.gemeente_code AS gemeente, s.phase, s.measured_on, s.rapportcijfer, s.waardigheid, s.duidelijkheid, s.tempo,
                   s.foutloos, s.financiele_rust, s.emotie
            FROM import_stage s JOIN participant p ON p.gemeente_code = s.gemeente AND p.participant_ref = s.ref
            GROUP BY p.id, s.phase, s.measured_on, s.rapportcijfer, s.waardigheid, s.duidelijkheid, s.tempo, s.foutloos, s.financiele_rust, s.emotie) f
      LEFT JOIN import_new_participant n ON n.id = f.pid`);
    await m.query('ANALYZE import_fact');
    const rows: { rn: number; message: string; value: string }[] = await m.query(
      `
      WITH infile AS (SELECT f.rn, f.measured_on, first_value(f.rn) OVER (PARTITION BY f.pid, f.phase, f.measured_on ORDER BY f.rn) AS first_rn FROM import_fact f)
      SELECT rn, to_char(measured_on, 'YYYY-MM-DD') AS value,
             'Voor deze deelnemer, fase en datum staat in rij ' || first_rn || ' een meting met andere scores. Laat één rij staan.' AS message
      FROM infile WHERE rn <> first_rn
      UNION ALL
      SELECT f.rn, to_char(f.measured_on, 'YYYY-MM-DD'),
             'Voor deze deelnemer, fase en datum staat al een meting met andere scores in het platform.'
      FROM import_fact f JOIN beleving_score b ON b.participant_id = f.pid AND b.phase = f.phase AND b.measured_on = f.measured_on
      WHERE NOT f.fresh AND (b.rapportcijfer, b.waardigheid, b.duidelijkheid, b.tempo, b.foutloos, b.financiele_rust, b.emotie)
            IS DISTINCT FROM (f.rapportcijfer, f.waardigheid, f.duidelijkheid, f.tempo, f.foutloos, f.financiele_rust, f.emotie)
      ORDER BY 1 LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ row: r.rn, column: 'measured_on', value: r.value, message: r.message }));
  }

  /** Inserts the measurements not there yet, in participant order (as insertEvents); returns how many. */
  async insertBeleving(m: EntityManager, userId: string | null): Promise<number> {
    const [{ n }] = await m.query(
      `WITH ins AS (INSERT INTO beleving_score (participant_id, gemeente_code, phase, measured_on, rapportcijfer, waardigheid, duidelijkheid,
        tempo, foutloos, financiele_rust, emotie, source, recorded_by)
      SELECT f.pid, f.gemeente, f.phase, f.measured_on, f.rapportcijfer, f.waardigheid, f.duidelijkheid, f.tempo, f.foutloos, f.financiele_rust, f.emotie, 'staff', $1
      FROM import_fact f
      WHERE f.fresh OR NOT EXISTS (SELECT 1 FROM beleving_score b WHERE b.participant_id = f.pid AND b.phase = f.phase AND b.measured_on = f.measured_on)
      ORDER BY f.pid, f.phase, f.measured_on RETURNING 1) SELECT count(*)::int AS n FROM ins`,
      [userId],
    );
    return n;
  }
}

/** Runs a write in the manager's transaction and returns the number of rows it affected. */
async function affected(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  if (!m.queryRunner) throw new Error('imports write inside a transaction');
  const result = await m.queryRunner.query(sql, params, true);
  return result.affected ?? 0;
}
