import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReflectionComment, ReflectionDecision, ReflectionRecord } from '@living-lab/domain';

export interface ReflectionInput {
  quarter: string;
  experimentKey: string | null;
  conclusions: string;
  decisions: { decision: ReflectionDecision; reason: string }[];
  proposals: { text: string; owner: string; targetQuarter: string }[];
}

export type ItemKind = 'decision' | 'proposal';

const ITEM_TABLE: Record<ItemKind, string> = { decision: 'reflection_decision', proposal: 'reflection_proposal' };

const OUTCOME = `CASE WHEN x.outcome IS NULL THEN NULL ELSE json_build_object('text', x.outcome, 'quarter', x.outcome_quarter,
  'writtenAt', to_char(x.outcome_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END`;

/** Every reflection of the quarters given, with decisions, proposals (and their outcomes) and comments. */
const SELECT_RECORDS = `
  SELECT r.id::text AS id, r.quarter, r.experiment_key AS "experimentKey", e.title AS "experimentTitle",
         r.conclusions, r.written_by AS "writtenBy",
         to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt",
         EXISTS (SELECT 1 FROM report_version v WHERE v.quarter = r.quarter AND v.published_at >= r.updated_at) AS published,
         coalesce((SELECT json_agg(json_build_object('id', x.id::text, 'decision', x.decision, 'reason', x.reason,
                     'outcome', ${OUTCOME}) ORDER BY x.position)
                   FROM reflection_decision x WHERE x.reflection_id = r.id), '[]') AS decisions,
         coalesce((SELECT json_agg(json_build_object('id', x.id::text, 'text', x.text, 'owner', x.owner,
                     'targetQuarter', x.target_quarter, 'outcome', ${OUTCOME}) ORDER BY x.position)
                   FROM reflection_proposal x WHERE x.reflection_id = r.id), '[]') AS proposals,
         coalesce((SELECT json_agg(json_build_object('id', c.id::text, 'author', c.author, 'text', c.text,
                     'createdAt', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) ORDER BY c.id)
                   FROM reflection_comment c WHERE c.reflection_id = r.id), '[]') AS comments
  FROM reflection r LEFT JOIN experiment e ON e.key = r.experiment_key`;

@Injectable()
export class ReflectionsRepository {
  constructor(private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** The reflections of a quarter (and what came of their decisions and proposals). */
  forQuarter(quarter: string, m: EntityManager = this.ds.manager): Promise<ReflectionRecord[]> {
    return m.query(`${SELECT_RECORDS} WHERE r.quarter = $1 ORDER BY r.id`, [quarter]);
  }

  async one(m: EntityManager, id: string): Promise<ReflectionRecord | undefined> {
    return (await m.query(`${SELECT_RECORDS} WHERE r.id = $1`, [id]))[0];
  }

  async experimentExists(key: string): Promise<boolean> {
    return (await this.ds.query('SELECT 1 FROM experiment WHERE key = $1', [key])).length > 0;
  }

  /**
   * Writes the quarter's record about its subject (one experiment, or the lab as a whole): a new
   * one, or the existing one with new conclusions and its decisions and proposals replaced. The
   * row stays locked until the transaction ends. Returns its id and whether any of the replaced
   * items already had an outcome (the caller then refuses).
   */
  async upsert(m: EntityManager, r: ReflectionInput, actor: string): Promise<{ id: string; followedUp: boolean }> {
    const [row] = await m.query(
      `INSERT INTO reflection (quarter, experiment_key, conclusions, written_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (quarter, coalesce(experiment_key, ''))
       DO UPDATE SET conclusions = excluded.conclusions, written_by = excluded.written_by, updated_at = now()
       RETURNING id::text AS id`,
      [r.quarter, r.experimentKey, r.conclusions, actor],
    );
    const [{ followed }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM reflection_decision WHERE reflection_id = $1 AND outcome IS NOT NULL)
           OR EXISTS (SELECT 1 FROM reflection_proposal WHERE reflection_id = $1 AND outcome IS NOT NULL) AS followed`,
      [row.id],
    );
    await m.query('DELETE FROM reflection_decision WHERE reflection_id = $1', [row.id]);
    await m.query('DELETE FROM reflection_proposal WHERE reflection_id = $1', [row.id]);
    await m.query(
      `INSERT INTO reflection_decision (reflection_id, position, decision, reason)
       SELECT $1, i, d, w FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS x(d, w, i)`,
      [row.id, r.decisions.map((d) => d.decision), r.decisions.map((d) => d.reason)],
    );
    await m.query(
      `INSERT INTO reflection_proposal (reflection_id, position, text, owner, target_quarter)
       SELECT $1, i, t, o, q FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS x(t, o, q, i)`,
      [
        row.id,
        r.proposals.map((p) => p.text),
        r.proposals.map((p) => p.owner),
        r.proposals.map((p) => p.targetQuarter),
      ],
    );
    return { id: row.id, followedUp: followed };
  }

  /** A decision or proposal with its reflection's quarter; locks the reflection until the transaction ends. */
  async lockItem(
    m: EntityManager,
    kind: ItemKind,
    id: string,
  ): Promise<{ reflectionId: string; quarter: string; outcome: string | null } | undefined> {
    const [row] = await m.query(
      `SELECT r.id::text AS "reflectionId", r.quarter, x.outcome FROM ${ITEM_TABLE[kind]} x
       JOIN reflection r ON r.id = x.reflection_id WHERE x.id = $1 FOR UPDATE OF r`,
      [id],
    );
    return row;
  }

  async setOutcome(m: EntityManager, kind: ItemKind, id: string, text: string, quarter: string, actor: string) {
    await m.query(
      `UPDATE ${ITEM_TABLE[kind]} SET outcome = $2, outcome_quarter = $3, outcome_by = $4, outcome_at = now() WHERE id = $1`,
      [id, text, quarter, actor],
    );
  }

  async insertComment(
    m: EntityManager,
    reflectionId: string,
    author: string,
    text: string,
  ): Promise<ReflectionComment> {
    const [row] = await m.query(
      `INSERT INTO reflection_comment (reflection_id, author, text) VALUES ($1, $2, $3)
       RETURNING id::text AS id, author, text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`,
      [reflectionId, author, text],
    );
    return row;
  }

  /** The seed of the gemeente letter codes of the quarter's latest published report, if any. */
  async publishedCodeSeed(quarter: string): Promise<string | undefined> {
    const rows = await this.ds.query(
      'SELECT code_seed FROM report_version WHERE quarter = $1 ORDER BY version DESC LIMIT 1',
      [quarter],
    );
    return rows[0]?.code_seed;
  }
}
