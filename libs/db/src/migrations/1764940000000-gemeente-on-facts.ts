import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant key on the two big fact tables. milestone_event and beleving_score had no gemeente of
 * their own: a gemeente user's policy looked the participant up for every row it read or wrote (a
 * correlated EXISTS per row: 1.35 s of the INSERT of 1,000,000 events, timed alone, and the same
 * on every read). Now each row carries its participant's gemeente_code:
 *
 * - kept true by the foreign key itself: (participant_id, gemeente_code) references participant
 *   (id, gemeente_code), so a row can never name another gemeente than its participant's;
 * - filled from the participant when an INSERT leaves it out (a BEFORE trigger whose WHEN clause
 *   costs nothing for writers that supply it, such as the import);
 * - the policy compares it with the session's gemeente, like the tables that had the column.
 *
 * enrolment and client_form_link (small tables) keep the participant lookup.
 */
const TABLES = ['milestone_event', 'beleving_score'];

const SEES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;
/** As in 1764930000000, for down(). */
const OWN_PARTICIPANT = `((SELECT current_setting('app.role', true)) = 'gemeente' AND EXISTS (SELECT 1 FROM participant p WHERE p.id = participant_id AND p.gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), ''))))`;

export class GemeenteOnFacts1764940000000 implements MigrationInterface {
  name = 'GemeenteOnFacts1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE participant ADD CONSTRAINT participant_id_gemeente_key UNIQUE (id, gemeente_code);
      CREATE FUNCTION fact_gemeente_from_participant() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        SELECT p.gemeente_code INTO NEW.gemeente_code FROM participant p WHERE p.id = NEW.participant_id;
        RETURN NEW;
      END $$;
    `);
    for (const t of TABLES) {
      await q.query(`
        ALTER TABLE ${t} ADD COLUMN gemeente_code text;
        UPDATE ${t} f SET gemeente_code = p.gemeente_code FROM participant p WHERE p.id = f.participant_id;
        ALTER TABLE ${t} ALTER COLUMN gemeente_code SET NOT NULL;
        ALTER TABLE ${t} DROP CONSTRAINT ${t}_participant_id_fkey;
        ALTER TABLE ${t} ADD CONSTRAINT ${t}_participant_id_fkey FOREIGN KEY (participant_id, gemeente_code) REFERENCES participant (id, gemeente_code);
        CREATE TRIGGER ${t}_gemeente BEFORE INSERT ON ${t} FOR EACH ROW WHEN (NEW.gemeente_code IS NULL)
          EXECUTE FUNCTION fact_gemeente_from_participant();
        ALTER POLICY ${t}_tenant ON ${t} USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});
        COMMENT ON COLUMN ${t}.gemeente_code IS 'The participant''s gemeente: the tenant key of row-level security. Set from the participant when an INSERT leaves it out.';
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      await q.query(`
        ALTER POLICY ${t}_tenant ON ${t} USING (${SEES_ALL} OR ${OWN_PARTICIPANT}) WITH CHECK (${SEES_ALL} OR ${OWN_PARTICIPANT});
        DROP TRIGGER ${t}_gemeente ON ${t};
        ALTER TABLE ${t} DROP CONSTRAINT ${t}_participant_id_fkey;
        ALTER TABLE ${t} ADD CONSTRAINT ${t}_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES participant (id);
        ALTER TABLE ${t} DROP COLUMN gemeente_code;
      `);
    }
    await q.query(
      `DROP FUNCTION fact_gemeente_from_participant(); ALTER TABLE participant DROP CONSTRAINT participant_id_gemeente_key;`,
    );
  }
}
