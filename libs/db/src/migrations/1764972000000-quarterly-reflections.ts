import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarterly reflection (issue 15): per quarter one record per experiment and one for the lab as
 * a whole (experiment_key NULL), with its decisions and verbetervoorstellen as rows, what came of
 * each (written in the next quarter), and reviewers' comments on the draft. The published report
 * copies them into report_version.content, so a publication keeps them as they were. The decision
 * CHECK mirrors REFLECTION_DECISIONS of libs/domain (test/db/vocabulary-mirror.spec.ts). No
 * participant data: texts pass the privacy guard before they are stored.
 */
export class QuarterlyReflections1764972000000 implements MigrationInterface {
  name = 'QuarterlyReflections1764972000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reflection (
        id              bigserial PRIMARY KEY,
        quarter         text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        experiment_key  text REFERENCES experiment (key),
        conclusions     text NOT NULL CHECK (length(conclusions) BETWEEN 1 AND 5000),
        written_by      text NOT NULL,
        written_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
      -- one record per quarter and experiment, and one for the lab as a whole
      CREATE UNIQUE INDEX reflection_subject ON reflection (quarter, coalesce(experiment_key, ''));

      CREATE TABLE reflection_decision (
        id              bigserial PRIMARY KEY,
        reflection_id   bigint NOT NULL REFERENCES reflection (id) ON DELETE CASCADE,
        position        integer NOT NULL,
        decision        text NOT NULL CHECK (decision IN ('continue', 'adjust', 'stop', 'scale_up')),
        reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        outcome         text CHECK (length(outcome) BETWEEN 1 AND 2000),
        outcome_quarter text CHECK (outcome_quarter ~ '^[0-9]{4}-Q[1-4]$'),
        outcome_by      text,
        outcome_at      timestamptz,
        UNIQUE (reflection_id, position)
      );

      CREATE TABLE reflection_proposal (
        id              bigserial PRIMARY KEY,
        reflection_id   bigint NOT NULL REFERENCES reflection (id) ON DELETE CASCADE,
        position        integer NOT NULL,
        text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        owner           text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
        target_quarter  text NOT NULL CHECK (target_quarter ~ '^[0-9]{4}-Q[1-4]$'),
        outcome         text CHECK (length(outcome) BETWEEN 1 AND 2000),
        outcome_quarter text CHECK (outcome_quarter ~ '^[0-9]{4}-Q[1-4]$'),
        outcome_by      text,
        outcome_at      timestamptz,
        UNIQUE (reflection_id, position)
      );

      CREATE TABLE reflection_comment (
        id              bigserial PRIMARY KEY,
        reflection_id   bigint NOT NULL REFERENCES reflection (id) ON DELETE CASCADE,
        author          text NOT NULL,
        text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reflection_comment_reflection ON reflection_comment (reflection_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reflection_comment, reflection_proposal, reflection_decision, reflection;');
  }
}
