import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updatedRow } from '../common/sql';

export interface Gemeente {
  code: string;
  naam: string;
  inwoners: number | null;
  consentNamed: boolean;
  /** CBS gemeentecode (GM + 4 digits), as DDAS deliveries name the gemeente. */
  cbsCode: string | null;
  /** Fingerprint of the gemeente's DDAS key (never the key). */
  ddasKeyFingerprint: string | null;
}

const COLUMNS =
  'code, naam, inwoners, consent_named AS "consentNamed", cbs_code AS "cbsCode", ddas_key_fingerprint AS "ddasKeyFingerprint"';

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

  /** Whether another gemeente than `except` has this CBS code. */
  async cbsCodeTaken(m: EntityManager, cbsCode: string, except: string | null): Promise<boolean> {
    const rows = await m.query('SELECT 1 FROM gemeente WHERE cbs_code = $1 AND code IS DISTINCT FROM $2', [
      cbsCode,
      except,
    ]);
    return rows.length > 0;
  }

  async insert(m: EntityManager, g: Omit<Gemeente, 'ddasKeyFingerprint'>): Promise<Gemeente> {
    const rows = await m.query(
      `INSERT INTO gemeente (code, naam, inwoners, consent_named, cbs_code) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [g.code, g.naam, g.inwoners, g.consentNamed, g.cbsCode],
    );
    return rows[0];
  }

  async update(
    m: EntityManager,
    code: string,
    g: Partial<Omit<Gemeente, 'code' | 'ddasKeyFingerprint'>>,
  ): Promise<Gemeente> {
    const rows = await m.query(
      `UPDATE gemeente SET naam = COALESCE($2, naam), inwoners = CASE WHEN $3::boolean THEN $4 ELSE inwoners END,
         consent_named = COALESCE($5, consent_named), cbs_code = CASE WHEN $6::boolean THEN $7 ELSE cbs_code END, updated_at = now()
       WHERE code = $1 RETURNING ${COLUMNS}`,
      [
        code,
        g.naam ?? null,
        g.inwoners !== undefined,
        g.inwoners ?? null,
        g.consentNamed ?? null,
        g.cbsCode !== undefined,
        g.cbsCode ?? null,
      ],
    );
    return updatedRow(rows);
  }

  async setDdasKeyFingerprint(m: EntityManager, code: string, fingerprint: string): Promise<Gemeente> {
    const rows = await m.query(
      `UPDATE gemeente SET ddas_key_fingerprint = $2, updated_at = now() WHERE code = $1 RETURNING ${COLUMNS}`,
      [code, fingerprint],
    );
    return updatedRow(rows);
  }

  /** The gemeente with this CBS code. */
  async byCbsCode(m: EntityManager, cbsCode: string): Promise<Gemeente | undefined> {
    return (await m.query(`SELECT ${COLUMNS} FROM gemeente WHERE cbs_code = $1`, [cbsCode]))[0];
  }
}
