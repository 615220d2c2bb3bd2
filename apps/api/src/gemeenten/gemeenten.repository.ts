import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updatedRow } from '../common/sql';

export interface Gemeente {
  code: string;
  naam: string;
  inwoners: number | null;
  consentNamed: boolean;
}

const COLUMNS = 'code, naam, inwoners, consent_named AS "consentNamed"';

@Injectable()
export class GemeentenRepository {
  constructor(private readonly ds: DataSource) {}

  async exists(code: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    return (await m.query('SELECT 1 FROM gemeente WHERE code = $1', [code])).length > 0;
  }

  async list(filter: { code?: string }, limit: number, offset: number): Promise<{ items: Gemeente[]; total: number }> {
    const items = await this.ds.query(
      `SELECT ${COLUMNS} FROM gemeente WHERE ($1::text IS NULL OR code = $1) ORDER BY naam LIMIT $2 OFFSET $3`,
      [filter.code ?? null, limit, offset],
    );
    const [{ total }] = await this.ds.query(
      'SELECT count(*)::int AS total FROM gemeente WHERE ($1::text IS NULL OR code = $1)',
      [filter.code ?? null],
    );
    return { items, total };
  }

  async get(m: EntityManager, code: string, lock = false): Promise<Gemeente | undefined> {
    return (await m.query(`SELECT ${COLUMNS} FROM gemeente WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]))[0];
  }

  async insert(m: EntityManager, g: Gemeente): Promise<Gemeente> {
    const rows = await m.query(
      `INSERT INTO gemeente (code, naam, inwoners, consent_named) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [g.code, g.naam, g.inwoners, g.consentNamed],
    );
    return rows[0];
  }

  async update(m: EntityManager, code: string, g: Partial<Omit<Gemeente, 'code'>>): Promise<Gemeente> {
    const rows = await m.query(
      `UPDATE gemeente SET naam = COALESCE($2, naam), inwoners = CASE WHEN $3::boolean THEN $4 ELSE inwoners END,
         consent_named = COALESCE($5, consent_named), updated_at = now()
       WHERE code = $1 RETURNING ${COLUMNS}`,
      [code, g.naam ?? null, g.inwoners !== undefined, g.inwoners ?? null, g.consentNamed ?? null],
    );
    return updatedRow(rows);
  }
}
