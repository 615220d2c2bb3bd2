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
const BEFORE = MILESTONES.filter((m) => m !== 'andere_uitstroom');

const milestoneCheck = (list: string[]) =>
  `ALTER TABLE milestone_event DROP CONSTRAINT milestone_event_milestone_check;
   ALTER TABLE milestone_event ADD CONSTRAINT milestone_event_milestone_check
     CHECK (milestone IN (${list.map((m) => `'${m}'`).join(', ')}));`;

/** The two refresh paths of the enrolment summary (migrations 1764400000000 and 1764910000000) for these columns. */
function refreshFunctions(list: string[]): string {
  const firstNames = list.map((m) => `first_${m}`).join(', ');
  const firstAggregates = list.map((m) => `min(e.occurred_on) FILTER (WHERE e.milestone = '${m}')`).join(',\n');
  const select = (from: string, where: string) => `
        INSERT INTO enrolment_summary (enrolment_id, experiment_key, arm_key, gemeente_code, klantprofiel, segment,
                                       enrolled_on, terminal_on, terminal_cause, ${firstNames})
          SELECT n.id, n.experiment_key, n.arm_key, p.gemeente_code, p.klantprofiel, p.segment, n.enrolled_on,
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

/**
 * Two changes to the outcome vocabulary (issue 14; analysis.md, revised 2026-11-29):
 * - a new milestone `andere_uitstroom`: an end that is neither success nor uitval (the client
 *   moved, died or left the lab's view otherwise; DDAS `uitstroom.reden` Verhuisd/Overleden/Overig),
 *   terminal with competing cause 3;
 * - `langdurige_stabilisatie` is no longer terminal: it is a path from which a schuldregeling can
 *   follow, so a later gereed counts as cause 1.
 * The CHECK, terminal_cause(), the summary's first_<milestone> columns and both refresh paths follow
 * libs/domain (test/db/vocabulary-mirror.spec.ts); every summary is rebuilt, since terminal
 * outcomes change. Refresh functions keep SECURITY DEFINER and their settings (CREATE OR REPLACE
 * resets what it does not repeat).
 */
export class AndereUitstroomLangdurigePath1764970000000 implements MigrationInterface {
  name = 'AndereUitstroomLangdurigePath1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ${milestoneCheck(MILESTONES)}
      CREATE OR REPLACE FUNCTION terminal_cause(milestone text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE milestone WHEN 'gereed_voor_schuldregeling' THEN 1 WHEN 'uitval' THEN 2
          WHEN 'andere_oplossing' THEN 3 WHEN 'informatie_advies' THEN 3 WHEN 'andere_uitstroom' THEN 3 END::smallint
      $$;
      ALTER TABLE enrolment_summary ADD COLUMN first_andere_uitstroom date;
      ${refreshFunctions(MILESTONES)}
      SELECT refresh_enrolment_outcomes(NULL);
    `);
  }

  /** Refused while an andere_uitstroom event exists (the old CHECK would not hold). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${milestoneCheck(BEFORE)}
      CREATE OR REPLACE FUNCTION terminal_cause(milestone text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE milestone WHEN 'gereed_voor_schuldregeling' THEN 1 WHEN 'uitval' THEN 2
          WHEN 'andere_oplossing' THEN 3 WHEN 'langdurige_stabilisatie' THEN 3 WHEN 'informatie_advies' THEN 3 END::smallint
      $$;
      ${refreshFunctions(BEFORE)}
      ALTER TABLE enrolment_summary DROP COLUMN first_andere_uitstroom;
      SELECT refresh_enrolment_outcomes(NULL);
    `);
  }
}
