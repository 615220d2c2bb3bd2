import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The milestones as they are with this migration (a migration never changes). */
const MILESTONES = [
  'aanmelding',
  'no_show',
  'intake',
  'instroom_stabilisatie',
  'overzicht_gereed',
  'financieel_stabiel',
  'gereed_voor_schuldregeling',
  'akkoord_schuldregeling',
  'succesvol_afgerond',
  'langdurige_stabilisatie',
  'informatie_advies',
  'andere_oplossing',
  'andere_uitstroom',
  'uitval',
  'terugval',
  'heraanmelding',
];

/**
 * The two refresh paths of the enrolment summary (as in 1764970000000), with the summary's
 * klantprofiel taken from `profile`: an SQL expression over the enrolment `n` and participant `p`.
 */
function refreshFunctions(profile: string): string {
  const firstNames = MILESTONES.map((m) => `first_${m}`).join(', ');
  const firstAggregates = MILESTONES.map((m) => `min(e.occurred_on) FILTER (WHERE e.milestone = '${m}')`).join(',\n');
  const select = (from: string, where: string) => `
        INSERT INTO enrolment_summary (enrolment_id, experiment_key, arm_key, gemeente_code, klantprofiel, segment,
                                       enrolled_on, terminal_on, terminal_cause, ${firstNames})
          SELECT n.id, n.experiment_key, n.arm_key, p.gemeente_code, ${profile}, p.segment, n.enrolled_on,
                 t.terminal_on, t.terminal_cause, f.*
          FROM ${from}
          JOIN participant p ON p.id = n.participant_id
          CROSS JOIN LATERAL (
            SELECT ${firstAggregates}
            FROM current_milestone_event e
            WHERE e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on) f
          LEFT JOIN LATERAL (
            SELECT e.occurred_on AS terminal_on, terminal_cause(e.milestone) AS terminal_cause
            FROM current_milestone_event e
            WHERE e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on AND terminal_cause(e.milestone) IS NOT NULL
            ORDER BY e.occurred_on, terminal_cause(e.milestone) LIMIT 1) t ON true
          ${where};`;
  return `
      CREATE OR REPLACE FUNCTION refresh_marked_outcomes() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE marked bigint;
      BEGIN
        SELECT count(*) INTO marked FROM outcome_refresh;
        IF marked > 1000 THEN ANALYZE outcome_refresh; END IF;
        DELETE FROM enrolment_summary s USING enrolment n, outcome_refresh r
          WHERE s.enrolment_id = n.id AND n.participant_id = r.participant_id;
        ${select('outcome_refresh r JOIN enrolment n ON n.participant_id = r.participant_id', '')}
        DELETE FROM outcome_refresh;
      END $$;

      CREATE OR REPLACE FUNCTION refresh_outcomes_for(pids bigint[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp
        SET plan_cache_mode = force_custom_plan AS $$
      BEGIN
        DELETE FROM enrolment_summary s USING enrolment n
          WHERE s.enrolment_id = n.id AND n.participant_id = ANY (pids);
        ${select('enrolment n', 'WHERE n.participant_id = ANY (pids)')}
      END $$;`;
}

const SEES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;

/**
 * Klantprofiel over time (issue 14, item 9): "klantprofielen zijn niet statisch".
 *
 * - participant_klantprofiel: the dated history of a participant's profile. A change adds an entry
 *   (append-only for the application, libs/db/src/app-role.ts); rows go with their participant
 *   (ON DELETE CASCADE), so erasure needs no change. The participant's gemeente_code is the tenant
 *   key (foreign key to participant (id, gemeente_code), filled in when an INSERT leaves it out),
 *   with the row-level security policy of the other per-participant tables.
 * - klantprofiel_on(participant, date): the profile on a date — the latest entry (by valid_from,
 *   then id) with valid_from on or before the date, NULL before the first entry. It mirrors
 *   klantprofielOn of libs/domain (test/db/klantprofiel-history.spec.ts).
 * - participant.klantprofiel stays, as the current profile (the latest entry), kept by a trigger
 *   on the history: write the history, never that column. The trigger touches the participant
 *   row of every entry written (also when the current profile stays the same), so the summary
 *   refresh on participant runs once and picks up a back-dated entry too.
 * - The summary (both refresh paths) takes the profile on the enrolment date (intention to
 *   treat): a later change no longer moves a participant to another subgroup.
 * - Existing profiles become the first entry, source 'overgenomen', valid from the earliest of
 *   the participant's creation date (in the Netherlands) and its first enrolment date. So every
 *   enrolment keeps the profile its summary has: no summary changes, none is rebuilt.
 */
export class KlantprofielHistory1764984000000 implements MigrationInterface {
  name = 'KlantprofielHistory1764984000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE participant_klantprofiel (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        participant_id  bigint NOT NULL,
        gemeente_code   text NOT NULL,
        klantprofiel    text NOT NULL CHECK (klantprofiel IN ('onwetende', 'aanpakker', 'kwetsbare', 'benadeelde', 'struisvogel')),
        valid_from      date NOT NULL,
        source          text NOT NULL CHECK (source IN ('hand', 'import', 'ddas', 'overgenomen')),
        recorded_by     uuid REFERENCES app_user (id),
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (participant_id, gemeente_code) REFERENCES participant (id, gemeente_code) ON DELETE CASCADE
      );
      CREATE INDEX participant_klantprofiel_on ON participant_klantprofiel (participant_id, valid_from DESC, id DESC) INCLUDE (klantprofiel);
      COMMENT ON TABLE participant_klantprofiel IS 'The dated history of a participant''s klantprofiel: a change adds an entry. The profile on a date is klantprofiel_on(participant, date).';
      COMMENT ON COLUMN participant_klantprofiel.valid_from IS 'From this date on the profile holds (never in the future).';
      COMMENT ON COLUMN participant_klantprofiel.source IS 'hand (API, web app), import (CSV/XLSX), ddas, or overgenomen: the single profile before the history existed (migration 1764984000000).';
      CREATE TRIGGER participant_klantprofiel_gemeente BEFORE INSERT ON participant_klantprofiel FOR EACH ROW
        WHEN (NEW.gemeente_code IS NULL) EXECUTE FUNCTION fact_gemeente_from_participant();
      ALTER TABLE participant_klantprofiel ENABLE ROW LEVEL SECURITY;
      CREATE POLICY participant_klantprofiel_tenant ON participant_klantprofiel FOR ALL
        USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});

      CREATE FUNCTION klantprofiel_on(participant bigint, on_date date) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT h.klantprofiel FROM public.participant_klantprofiel h
        WHERE h.participant_id = participant AND h.valid_from <= on_date
        ORDER BY h.valid_from DESC, h.id DESC LIMIT 1
      $$;
      COMMENT ON FUNCTION klantprofiel_on(bigint, date) IS 'The klantprofiel on a date: the latest entry with valid_from <= the date (ties: the later id); NULL before the first entry. Mirrors klantprofielOn of libs/domain.';

      INSERT INTO participant_klantprofiel (participant_id, gemeente_code, klantprofiel, valid_from, source)
        SELECT p.id, p.gemeente_code, p.klantprofiel,
               LEAST((p.created_at AT TIME ZONE 'Europe/Amsterdam')::date,
                     (SELECT min(n.enrolled_on) FROM enrolment n WHERE n.participant_id = p.id)),
               'overgenomen'
        FROM participant p WHERE p.klantprofiel IS NOT NULL ORDER BY p.id;

      CREATE FUNCTION participant_klantprofiel_current() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        UPDATE participant p SET klantprofiel = klantprofiel_on(p.id, 'infinity')
          WHERE p.id IN (SELECT c.participant_id FROM changed c);
        RETURN NULL;
      END $$;
      CREATE TRIGGER participant_klantprofiel_current AFTER INSERT ON participant_klantprofiel
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION participant_klantprofiel_current();
      COMMENT ON COLUMN participant.klantprofiel IS 'The current klantprofiel: the latest entry of participant_klantprofiel, kept by a trigger. Write the history, not this column; analyses use klantprofiel_on(participant, enrolled_on).';

      ${refreshFunctions('klantprofiel_on(n.participant_id, n.enrolled_on)')}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${refreshFunctions('p.klantprofiel')}
      COMMENT ON COLUMN participant.klantprofiel IS NULL;
      DROP TABLE participant_klantprofiel;
      DROP FUNCTION participant_klantprofiel_current();
      DROP FUNCTION klantprofiel_on(bigint, date);
      SELECT refresh_enrolment_outcomes(NULL);
    `);
  }
}
