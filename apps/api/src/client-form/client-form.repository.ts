import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface LinkView {
  id: string;
  phase: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  status: 'open' | 'gebruikt' | 'verlopen';
}

const LINK_VIEW = `l.id::text AS id, l.phase, l.created_at AS "createdAt", l.expires_at AS "expiresAt", l.used_at AS "usedAt",
  CASE WHEN l.used_at IS NOT NULL THEN 'gebruikt' WHEN l.expires_at <= now() THEN 'verlopen' ELSE 'open' END AS status`;

/** Every SQL statement of the client form. Tokens are looked up by their SHA-256 hash only. */
@Injectable()
export class ClientFormRepository {
  constructor(private readonly ds: DataSource) {}

  async participantId(m: EntityManager, gemeente: string, ref: string): Promise<string | undefined> {
    const rows = await m.query(
      'SELECT id::text AS id FROM participant WHERE gemeente_code = $1 AND participant_ref = $2',
      [gemeente, ref],
    );
    return rows[0]?.id;
  }

  async insert(
    m: EntityManager,
    l: { tokenHash: string; participantId: string; phase: string; createdBy: string; days: number },
  ): Promise<LinkView> {
    const rows = await m.query(
      `INSERT INTO client_form_link (token_hash, participant_id, phase, created_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING id`,
      [l.tokenHash, l.participantId, l.phase, l.createdBy, l.days],
    );
    return (await m.query(`SELECT ${LINK_VIEW} FROM client_form_link l WHERE l.id = $1`, [rows[0].id]))[0];
  }

  async list(participantId: string, limit: number, offset: number) {
    const items: LinkView[] = await this.ds.query(
      `SELECT ${LINK_VIEW} FROM client_form_link l WHERE l.participant_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $2 OFFSET $3`,
      [participantId, limit, offset],
    );
    const [{ total }] = await this.ds.query(
      'SELECT count(*)::int AS total FROM client_form_link WHERE participant_id = $1',
      [participantId],
    );
    return { items, total };
  }

  /** The link of a token hash with its state, locked when `lock` (answering is one at a time). */
  async byHash(m: EntityManager, tokenHash: string, lock = false) {
    const rows = await m.query(
      `SELECT l.id::text AS id, l.phase, l.participant_id::text AS "participantId", l.used_at IS NOT NULL AS used,
              l.expires_at <= now() AS expired, l.expires_at AS "expiresAt"
       FROM client_form_link l WHERE l.token_hash = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [tokenHash],
    );
    return rows[0] as
      | { id: string; phase: string; participantId: string; used: boolean; expired: boolean; expiresAt: string }
      | undefined;
  }

  async insertClientScore(
    m: EntityManager,
    participantId: string,
    phase: string,
    measuredOn: string,
    a: Record<string, unknown>,
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO beleving_score (participant_id, phase, measured_on, rapportcijfer, waardigheid, duidelijkheid, tempo, foutloos,
         financiele_rust, emotie, source, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'client', NULL) RETURNING id::text AS id`,
      [
        participantId,
        phase,
        measuredOn,
        a.rapportcijfer ?? null,
        a.waardigheid ?? null,
        a.duidelijkheid ?? null,
        a.tempo ?? null,
        a.foutloos ?? null,
        a.financiele_rust ?? null,
        a.emotie ?? null,
      ],
    );
    return rows[0].id;
  }

  async markUsed(m: EntityManager, linkId: string, scoreId: string): Promise<void> {
    await m.query('UPDATE client_form_link SET used_at = now(), beleving_score_id = $2 WHERE id = $1', [
      linkId,
      scoreId,
    ]);
  }
}
