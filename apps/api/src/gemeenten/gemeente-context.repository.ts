import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { GemeenteContext, GemeenteContextInput } from '@living-lab/domain';

const COLUMNS = `gemeente_code AS gemeente, year, werkwijze, regisseur, uitbesteed,
  caseload_per_fte::float8 AS "caseloadPerFte", recorded_by AS "recordedBy",
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"`;

/** The gemeente_context table (migration 1764983000000); row-level security scopes every statement. */
@Injectable()
export class GemeenteContextRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every recorded year of one gemeente, newest first. */
  list(code: string, m: EntityManager = this.ds.manager): Promise<GemeenteContext[]> {
    return m.query(`SELECT ${COLUMNS} FROM gemeente_context WHERE gemeente_code = $1 ORDER BY year DESC`, [code]);
  }

  async get(m: EntityManager, code: string, year: number, lock = false): Promise<GemeenteContext | undefined> {
    const rows = await m.query(
      `SELECT ${COLUMNS} FROM gemeente_context WHERE gemeente_code = $1 AND year = $2${lock ? ' FOR UPDATE' : ''}`,
      [code, year],
    );
    return rows[0];
  }

  /** Records (or replaces) the year's context; answers the stored row. */
  async upsert(
    m: EntityManager,
    code: string,
    year: number,
    c: GemeenteContextInput,
    recordedBy: string,
  ): Promise<GemeenteContext> {
    const rows = await m.query(
      `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, uitbesteed, caseload_per_fte, recorded_by)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7)
       ON CONFLICT (gemeente_code, year) DO UPDATE SET werkwijze = EXCLUDED.werkwijze, regisseur = EXCLUDED.regisseur,
         uitbesteed = EXCLUDED.uitbesteed, caseload_per_fte = EXCLUDED.caseload_per_fte,
         recorded_by = EXCLUDED.recorded_by, recorded_at = now()
       RETURNING ${COLUMNS}`,
      [code, year, c.werkwijze, c.regisseur, c.uitbesteed, c.caseloadPerFte, recordedBy],
    );
    return rows[0];
  }

  /** Every gemeente's context of one year (the report, as the system). */
  forYear(year: number, m: EntityManager = this.ds.manager): Promise<GemeenteContext[]> {
    return m.query(`SELECT ${COLUMNS} FROM gemeente_context WHERE year = $1 ORDER BY gemeente_code`, [year]);
  }
}
