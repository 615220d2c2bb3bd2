import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DDAS (issue 13): the lab reads the file gemeenten already deliver to CBS
 * (docs/formats.md, ../shared/docs/ddas-mapping.md).
 *
 * - gemeente.cbs_code: the CBS code (`GM` + 4 digits) a DDAS trajectory names its gemeente by;
 *   NULL for gemeenten registered before it was asked. gemeente.ddas_key_fingerprint: the
 *   fingerprint of the key the gemeente pseudonymises with (never the key).
 * - milestone_event.source: where a fact came from (FACT_SOURCES of libs/domain: hand, import,
 *   ddas); milestone_event.ddas_trajectory_id: the DDAS trajectory a fact was read from, so a later
 *   delivery finds the fact it extends or corrects.
 * - ddas_trajectory: one per participant and trajectory start (§4: the identity of a trajectory),
 *   with the debt at the start, the facts the last delivery gave (for data quality's comparison
 *   with hand-entered facts) and the first and last import that delivered it.
 * - ddas_debt: the debts at the start per kind (count and total, whole euros).
 * - participant_support: the participant's support (begeleiding) with its dates and source.
 * - ddas_delivery: one row per delivery (gemeente, supplier, period, moment of delivery).
 *
 * Every new table carries the participant's gemeente_code as its tenant key (kept true by a
 * foreign key to participant (id, gemeente_code), as for the fact tables since 1764940000000) with
 * the same row-level security policy. Rows go with their participant (ON DELETE CASCADE), so
 * erase_participants needs no change.
 */
const SEES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;

const NEW_TABLES = ['ddas_trajectory', 'ddas_debt', 'participant_support', 'ddas_delivery'];

export class DdasFacts1764971000000 implements MigrationInterface {
  name = 'DdasFacts1764971000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gemeente
        ADD COLUMN cbs_code text CONSTRAINT gemeente_cbs_code_key UNIQUE CONSTRAINT gemeente_cbs_code_check CHECK (cbs_code ~ '^GM[0-9]{4}$'),
        ADD COLUMN ddas_key_fingerprint text CONSTRAINT gemeente_ddas_key_fingerprint_check CHECK (ddas_key_fingerprint ~ '^SHA256:[0-9a-f]{16}$');
      COMMENT ON COLUMN gemeente.cbs_code IS 'CBS gemeentecode (GM + 4 digits) as DDAS deliveries name the gemeente. NULL for gemeenten registered before.';
      COMMENT ON COLUMN gemeente.ddas_key_fingerprint IS 'Fingerprint of the key the gemeente pseudonymises DDAS files with. The key itself stays with the gemeente.';

      ALTER TABLE import_job DROP CONSTRAINT import_job_kind_check;
      ALTER TABLE import_job ADD CONSTRAINT import_job_kind_check CHECK (kind IN ('enrolments', 'events', 'beleving', 'funnel', 'ddas'));

      CREATE TABLE ddas_trajectory (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id  bigint NOT NULL,
        gemeente_code   text NOT NULL,
        started_on      date NOT NULL,
        ended_on        date,
        debt_at_start   bigint CHECK (debt_at_start >= 0),
        crisis          boolean NOT NULL DEFAULT false,
        facts           jsonb NOT NULL DEFAULT '[]',
        first_import_id uuid REFERENCES import_job (id),
        last_import_id  uuid REFERENCES import_job (id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (participant_id, gemeente_code) REFERENCES participant (id, gemeente_code) ON DELETE CASCADE,
        UNIQUE (participant_id, started_on),
        UNIQUE (id, gemeente_code)
      );
      CREATE INDEX ddas_trajectory_gemeente ON ddas_trajectory (gemeente_code);
      COMMENT ON TABLE ddas_trajectory IS 'A DDAS schuldhulptraject: identified by participant and start (aanmelding.startdatum, else startdatum).';
      COMMENT ON COLUMN ddas_trajectory.facts IS 'The milestones the last delivery of this trajectory gave ([{milestone, occurredOn, reason}]), also those not stored because another fact was there.';

      CREATE TABLE ddas_debt (
        trajectory_id   bigint NOT NULL,
        gemeente_code   text NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('zorg', 'publiek', 'nuts', 'overig')),
        debts           integer NOT NULL CHECK (debts >= 0),
        total           bigint NOT NULL CHECK (total >= 0),
        PRIMARY KEY (trajectory_id, kind),
        FOREIGN KEY (trajectory_id, gemeente_code) REFERENCES ddas_trajectory (id, gemeente_code) ON DELETE CASCADE
      );
      COMMENT ON TABLE ddas_debt IS 'Debts at the start of a DDAS trajectory per kind: how many and their total in whole euros. No creditor.';

      CREATE TABLE participant_support (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id  bigint NOT NULL,
        gemeente_code   text NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('budgetcoaching', 'budgetbeheer', 'beschermingsbewind', 'lange_termijn_begeleiding', 'budgetbegeleiding')),
        started_on      date NOT NULL,
        ended_on        date,
        source          text NOT NULL CHECK (source IN ('hand', 'import', 'ddas')),
        ddas_trajectory_id bigint REFERENCES ddas_trajectory (id) ON DELETE CASCADE,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (participant_id, gemeente_code) REFERENCES participant (id, gemeente_code) ON DELETE CASCADE,
        UNIQUE (participant_id, kind, started_on),
        CHECK (ended_on IS NULL OR ended_on >= started_on)
      );
      COMMENT ON TABLE participant_support IS 'The participant''s support (begeleiding: budgetcoaching, budgetbeheer, bewind …) with its dates and where it came from.';

      CREATE TABLE ddas_delivery (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        gemeente_code   text NOT NULL REFERENCES gemeente (code),
        supplier        text NOT NULL,
        period_start    date NOT NULL,
        period_end      date NOT NULL,
        delivered_at    timestamptz NOT NULL,
        trajectories    integer NOT NULL CHECK (trajectories >= 0),
        import_job_id   uuid REFERENCES import_job (id),
        imported_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (gemeente_code, supplier, period_start, period_end, delivered_at)
      );
      COMMENT ON TABLE ddas_delivery IS 'One row per DDAS delivery of a gemeente (the same delivery imported again adds nothing).';

      ALTER TABLE milestone_event
        ADD COLUMN source text NOT NULL DEFAULT 'hand' CONSTRAINT milestone_event_source_check CHECK (source IN ('hand', 'import', 'ddas')),
        ADD COLUMN ddas_trajectory_id bigint REFERENCES ddas_trajectory (id);
      CREATE INDEX milestone_event_ddas_trajectory ON milestone_event (ddas_trajectory_id) WHERE ddas_trajectory_id IS NOT NULL;
      COMMENT ON COLUMN milestone_event.source IS 'Where the fact came from: hand (API, web app), import (CSV/XLSX) or ddas (a DDAS delivery).';
    `);
    for (const t of NEW_TABLES)
      await q.query(`
        ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
        CREATE POLICY ${t}_tenant ON ${t} FOR ALL USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX milestone_event_ddas_trajectory;
      ALTER TABLE milestone_event DROP COLUMN ddas_trajectory_id, DROP COLUMN source;
      DROP TABLE ddas_delivery; DROP TABLE participant_support; DROP TABLE ddas_debt; DROP TABLE ddas_trajectory;
      DELETE FROM import_job WHERE kind = 'ddas';
      ALTER TABLE import_job DROP CONSTRAINT import_job_kind_check;
      ALTER TABLE import_job ADD CONSTRAINT import_job_kind_check CHECK (kind IN ('enrolments', 'events', 'beleving', 'funnel'));
      ALTER TABLE gemeente DROP COLUMN ddas_key_fingerprint, DROP COLUMN cbs_code;
    `);
  }
}
