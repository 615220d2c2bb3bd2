import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExperimentStatus, ProposalKind, ProposalState } from '@living-lab/domain';

export interface ProposalComment {
  id: number;
  author: string;
  authorRole: string;
  text: string;
  createdAt: string;
}

/** A gemeente's proposal or join request with its answer, as the API shows it. */
export interface Proposal {
  id: number;
  kind: ProposalKind;
  experiment: string;
  title: string;
  experimentStatus: ExperimentStatus;
  gemeente: string;
  proposedBy: string;
  fromDate: string | null;
  motivation: string | null;
  template: string | null;
  state: ProposalState;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  planVersion: number | null;
  createdAt: string;
  comments: ProposalComment[];
}

const SELECT_PROPOSAL = `
  SELECT p.id::int AS id, p.kind, p.experiment_key AS experiment, e.title, e.status AS "experimentStatus",
         p.gemeente_code AS gemeente, p.proposed_by AS "proposedBy", to_char(p.from_date, 'YYYY-MM-DD') AS "fromDate",
         p.motivation, p.template, p.state, p.decided_by AS "decidedBy", p.decided_at AS "decidedAt",
         p.decision_reason AS reason, p.plan_version AS "planVersion", p.created_at AS "createdAt",
         (SELECT coalesce(json_agg(json_build_object('id', c.id, 'author', c.author, 'authorRole', c.author_role,
                   'text', c.body, 'createdAt', c.created_at) ORDER BY c.id), '[]')
            FROM proposal_comment c WHERE c.proposal_id = p.id) AS comments
  FROM proposal p JOIN experiment e ON e.key = p.experiment_key`;

/** Proposals and join requests of gemeenten, with their comments (row-level security: a gemeente sees its own). */
@Injectable()
export class ProposalsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    m: EntityManager,
    p: {
      kind: ProposalKind;
      experiment: string;
      gemeente: string;
      proposedBy: string;
      fromDate?: string;
      motivation?: string;
      template?: string;
    },
  ): Promise<number> {
    const [{ id }] = await m.query(
      `INSERT INTO proposal (kind, experiment_key, gemeente_code, proposed_by, from_date, motivation, template)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::int AS id`,
      [p.kind, p.experiment, p.gemeente, p.proposedBy, p.fromDate ?? null, p.motivation ?? null, p.template ?? null],
    );
    return id;
  }

  async get(id: number, m: EntityManager = this.ds.manager, lock = false): Promise<Proposal | undefined> {
    if (lock) await m.query('SELECT 1 FROM proposal WHERE id = $1 FOR UPDATE', [id]);
    const rows = await m.query(`${SELECT_PROPOSAL} WHERE p.id = $1`, [id]);
    return rows[0];
  }

  /** The proposal of an experiment a gemeente proposed (undefined for other experiments). */
  async forExperiment(m: EntityManager, key: string): Promise<Proposal | undefined> {
    const rows = await m.query(`${SELECT_PROPOSAL} WHERE p.experiment_key = $1 AND p.kind = 'experiment'`, [key]);
    return rows[0];
  }

  async openJoin(m: EntityManager, key: string, gemeente: string): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM proposal WHERE experiment_key = $1 AND gemeente_code = $2 AND kind = 'join' AND state = 'open'`,
      [key, gemeente],
    );
    return rows.length > 0;
  }

  async list(
    filter: { gemeente?: string; state?: string; kind?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: Proposal[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR p.gemeente_code = $1) AND ($2::text IS NULL OR p.state = $2)
                     AND ($3::text IS NULL OR p.kind = $3)`;
    const params = [filter.gemeente ?? null, filter.state ?? null, filter.kind ?? null];
    const items = await this.ds.query(`${SELECT_PROPOSAL} ${where} ORDER BY p.id DESC LIMIT $4 OFFSET $5`, [
      ...params,
      limit,
      offset,
    ]);
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM proposal p ${where}`, params);
    return { items, total };
  }

  async decide(
    m: EntityManager,
    id: number,
    d: { state: 'approved' | 'declined'; by: string; reason: string | null; planVersion?: number },
  ): Promise<void> {
    await m.query(
      `UPDATE proposal SET state = $2, decided_by = $3, decided_at = now(), decision_reason = $4, plan_version = $5
       WHERE id = $1`,
      [id, d.state, d.by, d.reason, d.planVersion ?? null],
    );
  }

  async addComment(
    m: EntityManager,
    c: { proposal: number; gemeente: string; author: string; role: string; text: string },
  ): Promise<void> {
    await m.query(
      'INSERT INTO proposal_comment (proposal_id, gemeente_code, author, author_role, body) VALUES ($1, $2, $3, $4, $5)',
      [c.proposal, c.gemeente, c.author, c.role, c.text],
    );
  }

  /** Running or paused experiments a gemeente does not take part in: what it may ask to join. */
  async joinable(gemeente: string, statuses: readonly string[]) {
    return this.ds.query(
      `SELECT e.key, e.title, e.hypothesis, e.intervention_phase AS "interventionPhase", e.design,
              to_char(e.start_date, 'YYYY-MM-DD') AS start, to_char(e.end_date, 'YYYY-MM-DD') AS "end"
       FROM experiment e
       WHERE e.status = ANY($2::text[])
         AND NOT EXISTS (SELECT 1 FROM experiment_gemeente g WHERE g.experiment_key = e.key AND g.gemeente_code = $1)
       ORDER BY e.title`,
      [gemeente, statuses],
    );
  }
}
