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

      CREATE FUNCTION refresh_enrolment_outcomes(pids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM enrolment_milestone m USING enrolment n
          WHERE m.enrolment_id = n.id AND (pids IS NULL OR n.participant_id = ANY (pids));
        DELETE FROM enrolment_outcome o USING enrolment n
          WHERE o.enrolment_id = n.id AND (pids IS NULL OR n.participant_id = ANY (pids));
        INSERT INTO enrolment_milestone (enrolment_id, milestone, first_on)
          SELECT n.id, e.milestone, min(e.occurred_on)
          FROM enrolment n
          JOIN current_milestone_event e ON e.participant_id = n.participant_id AND e.occurred_on >= n.enrolled_on
          WHERE pids IS NULL OR n.participant_id = ANY (pids)
          GROUP BY n.id, e.milestone;
        INSERT INTO enrolment_outcome (enrolment_id, terminal_on, terminal_cause)
          SELECT DISTINCT ON (m.enrolment_id) m.enrolment_id, m.first_on, terminal_cause(m.milestone)
          FROM enrolment_milestone m JOIN enrolment n ON n.id = m.enrolment_id
          WHERE terminal_cause(m.milestone) IS NOT NULL AND (pids IS NULL OR n.participant_id = ANY (pids))
          ORDER BY m.enrolment_id, m.first_on, terminal_cause(m.milestone);
      END $$;

      CREATE FUNCTION refresh_outcomes_after_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_enrolment_outcomes(ARRAY(SELECT DISTINCT participant_id FROM changed));
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
      DROP FUNCTION terminal_cause(text); DROP TABLE enrolment_outcome; DROP TABLE enrolment_milestone;
    `);
  }
}
