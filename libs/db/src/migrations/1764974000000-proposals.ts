import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gemeenten propose, projectleiders decide (issue 16). An experiment proposed by a gemeente has
 * the status `proposed` until a projectleider approves it (`draft`) or declines it (`declined`).
 * `proposal` records each proposal and each request of a gemeente to join a running experiment
 * from a date, with the answer; `proposal_comment` the conversation about it. The CHECKs mirror
 * EXPERIMENT_STATUSES, PROPOSAL_KINDS and PROPOSAL_STATES of libs/domain
 * (test/db/vocabulary-mirror.spec.ts). A gemeente user sees only their own gemeente's proposals
 * (row-level security, as the participant tables).
 */
const SEES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;

export class Proposals1764974000000 implements MigrationInterface {
  name = 'Proposals1764974000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE experiment DROP CONSTRAINT experiment_status_check;
      ALTER TABLE experiment ADD CONSTRAINT experiment_status_check
        CHECK (status IN ('proposed', 'declined', 'draft', 'running', 'paused', 'stopped', 'completed'));

      CREATE TABLE proposal (
        id               bigserial PRIMARY KEY,
        kind             text NOT NULL CHECK (kind IN ('experiment', 'join')),
        experiment_key   text NOT NULL REFERENCES experiment (key) ON DELETE CASCADE,
        gemeente_code    text NOT NULL REFERENCES gemeente (code),
        proposed_by      text NOT NULL,
        from_date        date,
        motivation       text,
        template         text,
        state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'declined')),
        decided_by       text,
        decided_at       timestamptz,
        decision_reason  text,
        plan_version     integer,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'join') = (from_date IS NOT NULL)),
        CHECK ((state = 'open') = (decided_at IS NULL))
      );
      CREATE UNIQUE INDEX proposal_one_per_experiment ON proposal (experiment_key) WHERE kind = 'experiment';
      CREATE UNIQUE INDEX proposal_one_open_join ON proposal (experiment_key, gemeente_code) WHERE kind = 'join' AND state = 'open';
      CREATE INDEX proposal_gemeente ON proposal (gemeente_code, created_at);

      CREATE TABLE proposal_comment (
        id           bigserial PRIMARY KEY,
        proposal_id  bigint NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
        gemeente_code text NOT NULL,
        author       text NOT NULL,
        author_role  text NOT NULL,
        body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at   timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX proposal_comment_proposal ON proposal_comment (proposal_id, id);

      ALTER TABLE proposal ENABLE ROW LEVEL SECURITY;
      CREATE POLICY proposal_tenant ON proposal USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});
      ALTER TABLE proposal_comment ENABLE ROW LEVEL SECURITY;
      CREATE POLICY proposal_comment_tenant ON proposal_comment USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE proposal_comment;
      DROP TABLE proposal;
      UPDATE experiment SET status = 'draft' WHERE status = 'proposed';
      DELETE FROM experiment WHERE status = 'declined';
      ALTER TABLE experiment DROP CONSTRAINT experiment_status_check;
      ALTER TABLE experiment ADD CONSTRAINT experiment_status_check
        CHECK (status IN ('draft', 'running', 'paused', 'stopped', 'completed'));
    `);
  }
}
