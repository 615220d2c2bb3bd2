import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fidelity (issue 14, item 7): what each arm actually received.
 *
 * - experiment.delivery: the definition's `delivery` (per arm: kind, label, expected), part of
 *   the plan like arm_cost.
 * - intervention_delivery: one row per delivery of an intervention to a participant in an
 *   experiment ("bon uitgereikt" on a date). It belongs to the participant's enrolment in that
 *   experiment: the foreign key (experiment_key, participant_id) → enrolment, ON DELETE CASCADE,
 *   so erase_enrolments (retention) and erase_participants (AVG) take the deliveries with the
 *   enrolment without a change to those functions. The participant's gemeente_code is the tenant
 *   key of row-level security (kept true by the foreign key to participant (id, gemeente_code), as
 *   for the fact tables since 1764940000000; filled by the same trigger when an INSERT leaves it
 *   out). Append-only like milestone_event (APPEND_ONLY_TABLES): a correction is a new row whose
 *   supersedes_id points at the row it replaces, `retracted` withdraws the fact; recorded_by is
 *   checked per statement by check_recorded_by() (1764950000000).
 * - import_job.kind gets `deliveries`. The constraint is rebuilt from the kinds it lists now, so
 *   a kind added by a migration of the same day is kept.
 */
const SEES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;

async function importKinds(q: QueryRunner): Promise<string[]> {
  const rows: { def: string }[] = await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'import_job_kind_check' AND conrelid = 'import_job'::regclass`,
  );
  return rows.length ? [...rows[0].def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]) : [];
}

async function setImportKinds(q: QueryRunner, kinds: string[]): Promise<void> {
  await q.query(`
    ALTER TABLE import_job DROP CONSTRAINT IF EXISTS import_job_kind_check;
    ALTER TABLE import_job ADD CONSTRAINT import_job_kind_check CHECK (kind IN (${kinds.map((k) => `'${k}'`).join(', ')}));
  `);
}

export class InterventionDelivery1764982000000 implements MigrationInterface {
  name = 'InterventionDelivery1764982000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE experiment ADD COLUMN delivery jsonb;
      COMMENT ON COLUMN experiment.delivery IS 'Fidelity: per arm what counts as delivered and how often ({arm: {kind, label, expected}}). NULL: not defined.';

      CREATE TABLE intervention_delivery (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id    bigint NOT NULL,
        gemeente_code     text NOT NULL,
        experiment_key    text NOT NULL,
        kind              text NOT NULL CHECK (kind ~ '^[a-z0-9_]{1,60}$'),
        delivered_on      date NOT NULL,
        source            text NOT NULL CHECK (source IN ('hand', 'api', 'import')),
        import_job_id     uuid REFERENCES import_job (id),
        supersedes_id     bigint UNIQUE REFERENCES intervention_delivery (id) ON DELETE CASCADE,
        correction_reason text,
        retracted         boolean NOT NULL DEFAULT false,
        recorded_by       uuid,
        recorded_at       timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (participant_id, gemeente_code) REFERENCES participant (id, gemeente_code) ON DELETE CASCADE,
        FOREIGN KEY (experiment_key, participant_id) REFERENCES enrolment (experiment_key, participant_id) ON DELETE CASCADE,
        CHECK ((supersedes_id IS NULL) = (correction_reason IS NULL)),
        CHECK (NOT retracted OR supersedes_id IS NOT NULL)
      );
      CREATE INDEX intervention_delivery_enrolment ON intervention_delivery (experiment_key, participant_id, kind, delivered_on);
      CREATE INDEX intervention_delivery_participant ON intervention_delivery (participant_id);
      CREATE INDEX intervention_delivery_gemeente ON intervention_delivery (gemeente_code);
      COMMENT ON TABLE intervention_delivery IS 'Fidelity: an intervention delivered to a participant in an experiment, on a date. Append-only: a correction is a new row whose supersedes_id points at the row it replaces (retracted = the fact is withdrawn).';
      COMMENT ON COLUMN intervention_delivery.gemeente_code IS 'The participant''s gemeente: the tenant key of row-level security. Set from the participant when an INSERT leaves it out.';
      COMMENT ON COLUMN intervention_delivery.source IS 'Where the fact was recorded: hand (web app), api, or import (CSV/XLSX).';
      COMMENT ON COLUMN intervention_delivery.recorded_by IS 'The user who recorded the fact (app_user.id), checked per statement by check_recorded_by() (migration 1764950000000).';

      CREATE TRIGGER intervention_delivery_gemeente BEFORE INSERT ON intervention_delivery FOR EACH ROW
        WHEN (NEW.gemeente_code IS NULL) EXECUTE FUNCTION fact_gemeente_from_participant();
      CREATE TRIGGER intervention_delivery_recorded_by AFTER INSERT ON intervention_delivery
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION check_recorded_by();

      CREATE VIEW current_intervention_delivery WITH (security_invoker = true) AS
        SELECT d.* FROM intervention_delivery d
        WHERE NOT d.retracted AND NOT EXISTS (SELECT 1 FROM intervention_delivery s WHERE s.supersedes_id = d.id);

      ALTER TABLE intervention_delivery ENABLE ROW LEVEL SECURITY;
      CREATE POLICY intervention_delivery_tenant ON intervention_delivery FOR ALL
        USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});

      CREATE OR REPLACE FUNCTION check_user_not_recorder() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM milestone_event e WHERE e.recorded_by IN (SELECT g.id FROM gone g))
           OR EXISTS (SELECT 1 FROM beleving_score b WHERE b.recorded_by IN (SELECT g.id FROM gone g))
           OR EXISTS (SELECT 1 FROM intervention_delivery d WHERE d.recorded_by IN (SELECT g.id FROM gone g)) THEN
          RAISE EXCEPTION 'update or delete on table "app_user" violates foreign key recorded_by'
            USING ERRCODE = 'foreign_key_violation', DETAIL = 'A user who recorded facts cannot be deleted; disable the account instead.', TABLE = 'app_user';
        END IF;
        RETURN NULL;
      END $$;
    `);
    const kinds = await importKinds(q);
    if (!kinds.includes('deliveries')) await setImportKinds(q, [...kinds, 'deliveries']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION check_user_not_recorder() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM milestone_event e WHERE e.recorded_by IN (SELECT g.id FROM gone g))
           OR EXISTS (SELECT 1 FROM beleving_score b WHERE b.recorded_by IN (SELECT g.id FROM gone g)) THEN
          RAISE EXCEPTION 'update or delete on table "app_user" violates foreign key recorded_by'
            USING ERRCODE = 'foreign_key_violation', DETAIL = 'A user who recorded facts cannot be deleted; disable the account instead.', TABLE = 'app_user';
        END IF;
        RETURN NULL;
      END $$;
      DROP VIEW current_intervention_delivery;
      DROP TABLE intervention_delivery;
      DELETE FROM import_job WHERE kind = 'deliveries';
      ALTER TABLE experiment DROP COLUMN delivery;
    `);
    await setImportKinds(
      q,
      (await importKinds(q)).filter((k) => k !== 'deliveries'),
    );
  }
}
