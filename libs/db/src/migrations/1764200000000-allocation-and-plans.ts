import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocation designs and pre-registration (issue 5): the secret seed of each started experiment,
 * concealed permuted-block sequences per stratum (slots taken under a row lock, in order), cluster
 * and stepped-wedge allocations per gemeente, 0-/1-meting periods for historical controls, frozen
 * plan versions with their hash, and an append-only allocation log.
 */
export class AllocationAndPlans1764200000000 implements MigrationInterface {
  name = 'AllocationAndPlans1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE experiment ADD COLUMN design_options jsonb;
      COMMENT ON COLUMN experiment.design_options IS 'Optional design fields of the definition: plannedSize, stratifyByKlantprofiel, balanceBySize, wedgeSteps.';

      CREATE TABLE experiment_period (
        experiment_key  text NOT NULL REFERENCES experiment (key) ON DELETE CASCADE,
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        period          text NOT NULL CHECK (period IN ('nulmeting', 'eenmeting')),
        start_date      date NOT NULL,
        end_date        date NOT NULL CHECK (end_date >= start_date),
        PRIMARY KEY (experiment_key, gemeente_code, period)
      );
      COMMENT ON TABLE experiment_period IS 'historical_control: per gemeente the 0-meting (control) and 1-meting (intervention) period.';

      CREATE TABLE allocation_run (
        experiment_key  text PRIMARY KEY REFERENCES experiment (key),
        seed            text NOT NULL CHECK (length(seed) >= 32),
        design          text NOT NULL,
        method          text NOT NULL CHECK (method IN ('hash', 'permuted_blocks', 'cluster', 'stepped_wedge', 'historical_control', 'external', 'none')),
        block_sizes     integer[],
        by_klantprofiel boolean NOT NULL DEFAULT false,
        algorithm       text NOT NULL,
        generated_at    timestamptz NOT NULL DEFAULT now(),
        generated_by    text NOT NULL
      );
      COMMENT ON COLUMN allocation_run.seed IS 'Secret: seed of the allocation generated at start. Revealed to a beheerder only, for audit and reproduction.';

      CREATE TABLE allocation_stratum (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        experiment_key  text NOT NULL REFERENCES experiment (key),
        stratum         text NOT NULL,
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        klantprofiel    text,
        next_position   integer NOT NULL DEFAULT 1 CHECK (next_position >= 1),
        generated_slots integer NOT NULL DEFAULT 0 CHECK (generated_slots >= 0),
        last_block      integer NOT NULL DEFAULT -1,
        UNIQUE (experiment_key, stratum),
        CHECK (next_position <= generated_slots + 1)
      );

      CREATE TABLE allocation_slot (
        stratum_id      bigint NOT NULL REFERENCES allocation_stratum (id),
        position        integer NOT NULL CHECK (position >= 1),
        block_index     integer NOT NULL CHECK (block_index >= 0),
        block_size      integer NOT NULL CHECK (block_size >= 2),
        arm_key         text NOT NULL,
        enrolment_id    bigint UNIQUE REFERENCES enrolment (id),
        taken_at        timestamptz,
        PRIMARY KEY (stratum_id, position),
        CHECK ((enrolment_id IS NULL) = (taken_at IS NULL))
      );
      COMMENT ON TABLE allocation_slot IS 'Concealed: a slot without enrolment is a future allocation and is never returned by the API.';

      CREATE TABLE allocation_cluster (
        experiment_key  text NOT NULL REFERENCES experiment (key),
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        arm_key         text,
        group_no        integer,
        step            integer CHECK (step IS NULL OR step >= 1),
        crossover_on    date,
        size            integer,
        PRIMARY KEY (experiment_key, gemeente_code),
        CHECK ((arm_key IS NULL) <> (crossover_on IS NULL))
      );
      COMMENT ON TABLE allocation_cluster IS 'cluster_randomized: the arm of each gemeente; stepped_wedge: its step and crossover date.';

      CREATE TABLE plan_version (
        experiment_key  text NOT NULL REFERENCES experiment (key),
        version         integer NOT NULL CHECK (version >= 1),
        plan            jsonb NOT NULL,
        hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        reason          text,
        changes         jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        created_by      text NOT NULL,
        PRIMARY KEY (experiment_key, version),
        CHECK ((version = 1) = (reason IS NULL))
      );
      COMMENT ON TABLE plan_version IS 'Append-only. Version 1 is the plan frozen at start; each later version is an amendment with its reason.';

      CREATE TABLE allocation_log (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        experiment_key  text NOT NULL REFERENCES experiment (key),
        enrolment_id    bigint NOT NULL UNIQUE REFERENCES enrolment (id),
        gemeente_code   text NOT NULL,
        participant_ref text NOT NULL,
        method          text NOT NULL,
        stratum         text,
        slot_position   integer,
        arm_key         text NOT NULL,
        enrolled_on     date NOT NULL,
        enrolled_by     uuid,
        enrolled_by_username text NOT NULL,
        logged_at       timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX allocation_log_experiment ON allocation_log (experiment_key, id);
      COMMENT ON TABLE allocation_log IS 'Append-only: who enrolled whom, when, by which method and slot.';

      CREATE FUNCTION living_lab_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$;
      CREATE TRIGGER plan_version_append_only BEFORE UPDATE OR DELETE ON plan_version FOR EACH ROW EXECUTE FUNCTION living_lab_append_only();
      CREATE TRIGGER allocation_log_append_only BEFORE UPDATE OR DELETE ON allocation_log FOR EACH ROW EXECUTE FUNCTION living_lab_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE allocation_log; DROP TABLE plan_version; DROP FUNCTION living_lab_append_only();
      DROP TABLE allocation_cluster; DROP TABLE allocation_slot; DROP TABLE allocation_stratum; DROP TABLE allocation_run;
      DROP TABLE experiment_period; ALTER TABLE experiment DROP COLUMN design_options;
    `);
  }
}
