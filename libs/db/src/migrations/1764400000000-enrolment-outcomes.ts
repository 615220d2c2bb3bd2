import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-enrolment outcome summary, so results never scan raw events on a request:
 * - enrolment_milestone: the date of the first current occurrence of each milestone on or after
 *   the enrolment date;
 * - enrolment_outcome: the first terminal outcome (date and competing-risk cause; on a tie the
 *   lowest cause, as the R reference orders them).
 * Both hold for every `asOf`: the first occurrence after enrolment is dated after `asOf` exactly
 * when nothing was reached by `asOf`. Statement-level triggers on milestone_event and enrolment
 * refresh the summaries of the affected participants in the same transaction as the write, so API
 * writes, imports and seeds all keep them true. refresh_enrolment_outcomes(NULL) rebuilds all.
 * A DELETE of an enrolment cascades to its summaries.
 */
export class EnrolmentOutcomes1764400000000 implements MigrationInterface {
  name = 'EnrolmentOutcomes1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enrolment_milestone (
        enrolment_id    bigint NOT NULL REFERENCES enrolment (id) ON DELETE CASCADE,
        milestone       text NOT NULL,
        first_on        date NOT NULL,
        PRIMARY KEY (enrolment_id, milestone)
      );
      CREATE INDEX enrolment_milestone_by_milestone ON enrolment_milestone (milestone, enrolment_id) INCLUDE (first_on);

      CREATE TABLE enrolment_outcome (
        enrolment_id    bigint PRIMARY KEY REFERENCES enrolment (id) ON DELETE CASCADE,
        terminal_on     date NOT NULL,
        terminal_cause  smallint NOT NULL CHECK (terminal_cause IN (1, 2, 3))
      );

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
      BEGIN
        DELETE FROM enrolment_milestone m USING enrolment n, outcome_refresh r
          WHERE m.enrolment_id = n.id AND n.participant_id = r.participant_id;
        DELETE FROM enrolment_outcome o USING enrolment n, outcome_refresh r
          WHERE o.enrolment_id = n.id AND n.participant_id = r.participant_id;
        INSERT INTO enrolment_milestone (enrolment_id, milestone, first_on)
          SELECT n.id, e.milestone, min(e.occurred_on)
          FROM outcome_refresh r
          JOIN enrolment n ON n.participant_id = r.participant_id
          JOIN current_milestone_event e ON e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on
          GROUP BY n.id, e.milestone;
        INSERT INTO enrolment_outcome (enrolment_id, terminal_on, terminal_cause)
          SELECT DISTINCT ON (m.enrolment_id) m.enrolment_id, m.first_on, terminal_cause(m.milestone)
          FROM outcome_refresh r
          JOIN enrolment n ON n.participant_id = r.participant_id
          JOIN enrolment_milestone m ON m.enrolment_id = n.id
          WHERE terminal_cause(m.milestone) IS NOT NULL
          ORDER BY m.enrolment_id, m.first_on, terminal_cause(m.milestone);
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

      CREATE FUNCTION refresh_outcomes_after_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM mark_outcome_refresh();
        INSERT INTO outcome_refresh SELECT DISTINCT participant_id FROM changed ON CONFLICT DO NOTHING;
        PERFORM refresh_marked_outcomes();
        RETURN NULL;
      END $$;

      CREATE TRIGGER milestone_event_refresh_outcomes AFTER INSERT ON milestone_event
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_event();
      CREATE TRIGGER milestone_event_refresh_outcomes_delete AFTER DELETE ON milestone_event
        REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_event();
      CREATE TRIGGER enrolment_refresh_outcomes AFTER INSERT ON enrolment
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_event();

      SELECT refresh_enrolment_outcomes(NULL);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER enrolment_refresh_outcomes ON enrolment;
      DROP TRIGGER milestone_event_refresh_outcomes_delete ON milestone_event;
      DROP TRIGGER milestone_event_refresh_outcomes ON milestone_event;
      DROP FUNCTION refresh_outcomes_after_event(); DROP FUNCTION refresh_enrolment_outcomes(bigint[]);
      DROP FUNCTION refresh_marked_outcomes(); DROP FUNCTION mark_outcome_refresh();
      DROP FUNCTION terminal_cause(text); DROP TABLE enrolment_outcome; DROP TABLE enrolment_milestone;
    `);
  }
}
