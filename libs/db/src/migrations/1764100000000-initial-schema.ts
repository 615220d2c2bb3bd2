import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: gemeenten, users, experiments with arms, participants, enrolments,
 * append-only milestone events and beleving scores, and the audit trail.
 * Vocabulary checks mirror libs/domain so that even a direct SQL write cannot store an unknown code.
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gemeente (
        code            text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]+$'),
        naam            text NOT NULL,
        inwoners        integer CHECK (inwoners IS NULL OR inwoners >= 0),
        consent_named   boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE app_user (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username        text NOT NULL UNIQUE,
        password_hash   text NOT NULL,
        role            text NOT NULL CHECK (role IN ('projectleider', 'gemeente', 'reviewer', 'beheerder')),
        gemeente_code   text REFERENCES gemeente (code),
        disabled        boolean NOT NULL DEFAULT false,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'gemeente') = (gemeente_code IS NOT NULL))
      );

      CREATE TABLE experiment (
        key                 text PRIMARY KEY CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title               text NOT NULL,
        hypothesis          text NOT NULL,
        intervention_phase  text NOT NULL,
        design              text NOT NULL CHECK (design IN ('individual_randomized', 'cluster_randomized', 'stepped_wedge', 'historical_control', 'concurrent_control')),
        allocation          text NOT NULL CHECK (allocation IN ('platform', 'external')),
        randomization       text NOT NULL CHECK (randomization IN ('hash', 'permuted_blocks')),
        primary_metric      text NOT NULL,
        secondary_metrics   text[] NOT NULL DEFAULT '{}',
        follow_up_days      integer NOT NULL CHECK (follow_up_days > 0),
        expected_baseline   double precision,
        minimum_effect      double precision,
        planned_looks       integer NOT NULL DEFAULT 4,
        arm_cost            jsonb,
        start_date          date,
        end_date            date,
        status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'paused', 'stopped', 'completed')),
        assignment_seed     text NOT NULL,
        source              text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'file')),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now()
      );
      COMMENT ON COLUMN experiment.assignment_seed IS 'Secret: hash seed of the arm assignment. Never returned by the API.';

      CREATE TABLE experiment_arm (
        experiment_key  text NOT NULL REFERENCES experiment (key) ON DELETE CASCADE,
        key             text NOT NULL CHECK (key ~ '^[a-z0-9_]+$'),
        name            text NOT NULL,
        weight          double precision NOT NULL CHECK (weight > 0),
        is_control      boolean NOT NULL DEFAULT false,
        position        integer NOT NULL,
        PRIMARY KEY (experiment_key, key)
      );
      CREATE UNIQUE INDEX experiment_arm_one_control ON experiment_arm (experiment_key) WHERE is_control;

      CREATE TABLE experiment_gemeente (
        experiment_key  text NOT NULL REFERENCES experiment (key) ON DELETE CASCADE,
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        PRIMARY KEY (experiment_key, gemeente_code)
      );

      CREATE TABLE participant (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        participant_ref text NOT NULL CHECK (length(participant_ref) BETWEEN 1 AND 64),
        klantprofiel    text CHECK (klantprofiel IN ('onwetende', 'aanpakker', 'kwetsbare', 'benadeelde', 'struisvogel')),
        segment         text CHECK (segment IN ('enkelvoudig', 'multi', 'crisis')),
        aanmeldroute    text CHECK (aanmeldroute IN ('eigen_melding', 'vroegsignalering', 'doorverwijzing')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (gemeente_code, participant_ref)
      );

      CREATE TABLE enrolment (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        experiment_key  text NOT NULL REFERENCES experiment (key),
        participant_id  bigint NOT NULL REFERENCES participant (id),
        arm_key         text NOT NULL,
        enrolled_on     date NOT NULL,
        enrolled_by     uuid REFERENCES app_user (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (experiment_key, participant_id),
        FOREIGN KEY (experiment_key, arm_key) REFERENCES experiment_arm (experiment_key, key)
      );
      CREATE INDEX enrolment_experiment_arm ON enrolment (experiment_key, arm_key, enrolled_on);
      CREATE INDEX enrolment_participant ON enrolment (participant_id);

      CREATE TABLE milestone_event (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id  bigint NOT NULL REFERENCES participant (id),
        milestone       text NOT NULL CHECK (milestone IN ('aanmelding', 'no_show', 'intake', 'instroom_stabilisatie',
                          'overzicht_gereed', 'financieel_stabiel', 'gereed_voor_schuldregeling', 'akkoord_schuldregeling',
                          'succesvol_afgerond', 'langdurige_stabilisatie', 'informatie_advies', 'andere_oplossing',
                          'uitval', 'terugval', 'heraanmelding')),
        occurred_on     date NOT NULL,
        reason          text CHECK (reason IN ('afgewezen', 'buiten_behandeling', 'zelf_ingetrokken', 'niet_verschenen', 'niet_in_aanmerking', 'onbekend')),
        supersedes_id   bigint UNIQUE REFERENCES milestone_event (id),
        correction_reason text,
        retracted       boolean NOT NULL DEFAULT false,
        recorded_by     uuid REFERENCES app_user (id),
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((milestone = 'uitval') = (reason IS NOT NULL)),
        CHECK ((supersedes_id IS NULL) = (correction_reason IS NULL)),
        CHECK (NOT retracted OR supersedes_id IS NOT NULL)
      );
      CREATE INDEX milestone_event_participant ON milestone_event (participant_id, milestone, occurred_on);
      COMMENT ON TABLE milestone_event IS 'Append-only. A correction is a new row whose supersedes_id points at the row it replaces (retracted = the fact is withdrawn).';

      CREATE VIEW current_milestone_event AS
        SELECT e.* FROM milestone_event e
        WHERE NOT e.retracted
          AND NOT EXISTS (SELECT 1 FROM milestone_event s WHERE s.supersedes_id = e.id);

      CREATE TABLE beleving_score (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id  bigint NOT NULL REFERENCES participant (id),
        phase           text NOT NULL CHECK (phase IN ('aanmelding', 'intake', 'overzicht', 'optimalisatie', 'financiele_stabiliteit')),
        measured_on     date NOT NULL,
        rapportcijfer   smallint CHECK (rapportcijfer BETWEEN 1 AND 10),
        waardigheid     smallint CHECK (waardigheid BETWEEN 1 AND 5),
        duidelijkheid   smallint CHECK (duidelijkheid BETWEEN 1 AND 5),
        tempo           smallint CHECK (tempo BETWEEN 1 AND 5),
        foutloos        smallint CHECK (foutloos BETWEEN 1 AND 5),
        financiele_rust smallint CHECK (financiele_rust BETWEEN 1 AND 5),
        emotie          text CHECK (emotie IN ('angst', 'hoopvol', 'moedeloos', 'rust', 'frustratie')),
        source          text NOT NULL CHECK (source IN ('staff', 'client')),
        recorded_by     uuid REFERENCES app_user (id),
        recorded_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX beleving_score_participant ON beleving_score (participant_id, phase, measured_on);

      CREATE TABLE audit_entry (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        actor           text NOT NULL,
        action          text NOT NULL,
        entity          text NOT NULL,
        entity_id       text,
        before          jsonb,
        after           jsonb
      );
      CREATE INDEX audit_entry_entity ON audit_entry (entity, entity_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_entry; DROP TABLE beleving_score; DROP VIEW current_milestone_event; DROP TABLE milestone_event;
      DROP TABLE enrolment; DROP TABLE participant; DROP TABLE experiment_gemeente; DROP TABLE experiment_arm;
      DROP TABLE experiment; DROP TABLE app_user; DROP TABLE gemeente;
    `);
  }
}
