import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The milestones as they were when this migration was written (a migration never changes). */
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
  'uitval',
  'terugval',
  'heraanmelding',
];

/**
 * A per-enrolment outcome summary, so results never scan or join raw events on a request. One
 * row per enrolment with what every report query needs: arm, gemeente, klantprofiel, segment,
 * enrolment date, the date of the first current occurrence of each milestone on or after the
 * enrolment date (`first_<milestone>`), and the first terminal outcome (date and competing-risk
 * cause; on a tie the lowest cause, as the R reference orders them). These hold for every `asOf`:
 * the first occurrence after enrolment is dated after `asOf` exactly when nothing was reached by
 * `asOf`.
 *
 * Statement-level triggers on milestone_event, enrolment and participant refresh the rows of the
 * affected participants in the same transaction as the write, so API writes, imports and seeds
 * all keep the summary true. refresh_enrolment_outcomes(NULL) rebuilds everything.
 */
export class EnrolmentOutcomes1764400000000 implements MigrationInterface {
  name = 'EnrolmentOutcomes1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const firstColumns = MILESTONES.map((m) => `first_${m} date`).join(',\n        ');
    const firstNames = MILESTONES.map((m) => `first_${m}`).join(', ');
    const firstAggregates = MILESTONES.map((m) => `min(e.occurred_on) FILTER (WHERE e.milestone = '${m}')`).join(
      ',\n                 ',
    );
    await q.query(`
      CREATE TABLE enrolment_summary (
        enrolment_id    bigint PRIMARY KEY REFERENCES enrolment (id) ON DELETE CASCADE,
        experiment_key  text NOT NULL,
        arm_key         text NOT NULL,
        gemeente_code   text NOT NULL,
        klantprofiel    text,
        segment         text,
        enrolled_on     date NOT NULL,
        terminal_on     date,
        terminal_cause  smallint CHECK (terminal_cause IN (1, 2, 3)),
        ${firstColumns}
      );
      CREATE INDEX enrolment_summary_experiment ON enrolment_summary (experiment_key, enrolled_on);
      COMMENT ON TABLE enrolment_summary IS 'Derived from enrolment, participant and current_milestone_event by triggers; never written directly.';

      CREATE FUNCTION terminal_cause(milestone text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE milestone WHEN 'gereed_voor_schuldregeling' THEN 1 WHEN 'uitval' THEN 2
          WHEN 'andere_oplossing' THEN 3 WHEN 'langdurige_stabilisatie' THEN 3 WHEN 'informatie_advies' THEN 3 END::smallint
      $$;

      -- The participants whose summaries are stale, collected per statement (a temp table joins
      -- well at any size, unlike a 500,000-element array).
      CREATE FUNCTION mark_outcome_refresh() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        CREATE TEMP TABLE IF NOT EXISTS outcome_refresh (participant_id bigint PRIMARY KEY) ON COMMIT DELETE ROWS;
      END $$;

      CREATE FUNCTION refresh_marked_outcomes() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE marked bigint;
      BEGIN
        SELECT count(*) INTO marked FROM outcome_refresh;
        IF marked > 1000 THEN ANALYZE outcome_refresh; END IF;
        DELETE FROM enrolment_summary s USING enrolment n, outcome_refresh r
          WHERE s.enrolment_id = n.id AND n.participant_id = r.participant_id;
        INSERT INTO enrolment_summary (enrolment_id, experiment_key, arm_key, gemeente_code, klantprofiel, segment,
                                       enrolled_on, terminal_on, terminal_cause, ${firstNames})
          SELECT n.id, n.experiment_key, n.arm_key, p.gemeente_code, p.klantprofiel, p.segment, n.enrolled_on,
                 t.terminal_on, t.terminal_cause, f.*
          FROM outcome_refresh r
          JOIN enrolment n ON n.participant_id = r.participant_id
          JOIN participant p ON p.id = n.participant_id
          CROSS JOIN LATERAL (
            SELECT ${firstAggregates}
            FROM current_milestone_event e
            WHERE e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on) f
          LEFT JOIN LATERAL (
            SELECT e.occurred_on AS terminal_on, terminal_cause(e.milestone) AS terminal_cause
            FROM current_milestone_event e
            WHERE e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on AND terminal_cause(e.milestone) IS NOT NULL
            ORDER BY e.occurred_on, terminal_cause(e.milestone) LIMIT 1) t ON true;
        DELETE FROM outcome_refresh;
      END $$;

      -- Rebuilds the summaries of the given participants, or of everyone (NULL).
      CREATE FUNCTION refresh_enrolment_outcomes(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM mark_outcome_refresh();
        INSERT INTO outcome_refresh
          SELECT DISTINCT participant_id FROM enrolment WHERE pids IS NULL OR participant_id = ANY (pids)
          ON CONFLICT DO NOTHING;
        PERFORM refresh_marked_outcomes();
      END $$;

      CREATE FUNCTION refresh_outcomes_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Only participants with an enrolment have a summary: a bulk import of events for
        -- participants without one (most of a first upload) marks nothing and refreshes nothing.
        PERFORM mark_outcome_refresh();
        IF TG_TABLE_NAME = 'participant' THEN
          INSERT INTO outcome_refresh SELECT DISTINCT c.id FROM changed c
            WHERE EXISTS (SELECT 1 FROM enrolment n WHERE n.participant_id = c.id) ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO outcome_refresh SELECT DISTINCT c.participant_id FROM changed c
            WHERE EXISTS (SELECT 1 FROM enrolment n WHERE n.participant_id = c.participant_id) ON CONFLICT DO NOTHING;
        END IF;
        IF FOUND THEN PERFORM refresh_marked_outcomes(); END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER milestone_event_refresh_outcomes AFTER INSERT ON milestone_event
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_write();
      CREATE TRIGGER milestone_event_refresh_outcomes_delete AFTER DELETE ON milestone_event
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_write();
      CREATE TRIGGER enrolment_refresh_outcomes AFTER INSERT ON enrolment
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_write();
      CREATE TRIGGER participant_refresh_outcomes AFTER UPDATE ON participant
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_write();

      SELECT refresh_enrolment_outcomes(NULL);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER participant_refresh_outcomes ON participant;
      DROP TRIGGER enrolment_refresh_outcomes ON enrolment;
      DROP TRIGGER milestone_event_refresh_outcomes_delete ON milestone_event;
      DROP TRIGGER milestone_event_refresh_outcomes ON milestone_event;
      DROP FUNCTION refresh_outcomes_after_write(); DROP FUNCTION refresh_enrolment_outcomes(bigint[]);
      DROP FUNCTION refresh_marked_outcomes(); DROP FUNCTION mark_outcome_refresh();
      DROP FUNCTION terminal_cause(text); DROP TABLE enrolment_summary;
    `);
  }
}
