import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published quarterly reports: each publication is a new numbered version holding the full
 * report (names, unsuppressed; the reviewer view is derived on read), the hash of its input facts,
 * the engine version and the seed of its gemeente letter codes. Versions can never change: a
 * trigger refuses UPDATE and DELETE. Drafts made by the scheduled job live in report_draft.
 */
export class ReportVersions1764600000000 implements MigrationInterface {
  name = 'ReportVersions1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_version (
        quarter         text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        version         integer NOT NULL CHECK (version >= 1),
        published_at    timestamptz NOT NULL DEFAULT now(),
        published_by    text NOT NULL,
        input_hash      text NOT NULL,
        engine_version  text NOT NULL,
        code_seed       text NOT NULL,
        changes         jsonb NOT NULL DEFAULT '[]',
        content         jsonb NOT NULL,
        PRIMARY KEY (quarter, version)
      );

      CREATE FUNCTION report_version_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published report versions cannot be changed or deleted' USING ERRCODE = 'check_violation';
      END $$;
      CREATE TRIGGER report_version_frozen BEFORE UPDATE OR DELETE ON report_version
        FOR EACH ROW EXECUTE FUNCTION report_version_is_frozen();

      CREATE TABLE report_draft (
        quarter         text PRIMARY KEY CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
        drafted_at      timestamptz NOT NULL DEFAULT now(),
        drafted_by      text NOT NULL,
        input_hash      text NOT NULL,
        content         jsonb NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_draft; DROP TRIGGER report_version_frozen ON report_version;
      DROP FUNCTION report_version_is_frozen(); DROP TABLE report_version;`);
  }
}
