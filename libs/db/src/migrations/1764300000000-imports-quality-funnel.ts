import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * File imports (contracts.md §2), with their status and progress for polling, and the aggregate
 * funnel counts of gemeenten that cannot deliver participant-level data (issue 7).
 *
 * `import_job` is written outside the import's own transaction, so that its progress can be read
 * while the import runs and its outcome stays even when the import is rolled back.
 * `funnel_count` holds the study's framework per gemeente and quarter, each count tagged as the
 * study labelled its data (bron, samengesteld, schatting). It feeds the sector funnel only, never
 * experiment comparisons.
 */
export class ImportsQualityFunnel1764300000000 implements MigrationInterface {
  name = 'ImportsQualityFunnel1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_job (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind            text NOT NULL CHECK (kind IN ('enrolments', 'events', 'beleving', 'funnel')),
        file_name       text NOT NULL,
        file_sha256     text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        file_bytes      bigint NOT NULL CHECK (file_bytes >= 0),
        dry_run         boolean NOT NULL,
        status          text NOT NULL CHECK (status IN ('running', 'applied', 'refused', 'checked', 'failed')),
        phase           text,
        bytes_read      bigint NOT NULL DEFAULT 0,
        rows_read       integer NOT NULL DEFAULT 0,
        rows_created    integer NOT NULL DEFAULT 0,
        rows_unchanged  integer NOT NULL DEFAULT 0,
        error_count     integer NOT NULL DEFAULT 0,
        errors          jsonb NOT NULL DEFAULT '[]',
        message         text,
        gemeente_code   text REFERENCES gemeente (code),
        created_by      uuid REFERENCES app_user (id),
        created_by_name text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        heartbeat_at    timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz
      );
      CREATE INDEX import_job_created ON import_job (created_at DESC);
      CREATE INDEX import_job_gemeente ON import_job (gemeente_code, created_at DESC);
      CREATE INDEX import_job_file ON import_job (file_sha256, kind) WHERE status = 'applied';
      COMMENT ON COLUMN import_job.gemeente_code IS 'Set when a gemeente user imported: the file was scoped to this gemeente.';

      CREATE TABLE funnel_count (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        quarter         text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        step            text NOT NULL CHECK (step IN ('aanmeldingen', 'intakes', 'instroom_stabilisatie', 'gereed', 'akkoord',
                          'langdurige_stabilisatie', 'informatie_advies', 'uitval', 'no_shows', 'caseload_fte')),
        reason          text NOT NULL DEFAULT '' CHECK (reason IN ('', 'afgewezen', 'buiten_behandeling', 'zelf_ingetrokken',
                          'niet_verschenen', 'niet_in_aanmerking', 'onbekend')),
        value           numeric(12, 2) NOT NULL CHECK (value >= 0),
        tag             text NOT NULL CHECK (tag IN ('bron', 'samengesteld', 'schatting')),
        note            text,
        submitted_by    uuid REFERENCES app_user (id),
        submitted_at    timestamptz NOT NULL DEFAULT now(),
        CHECK (reason = '' OR step = 'uitval'),
        CHECK (step = 'caseload_fte' OR value = trunc(value)),
        UNIQUE (gemeente_code, quarter, step, reason)
      );
      COMMENT ON TABLE funnel_count IS 'Aggregate quarterly funnel counts per gemeente (issue 7). Sector funnel only; never used in experiment comparisons.';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE funnel_count; DROP TABLE import_job;`);
  }
}
