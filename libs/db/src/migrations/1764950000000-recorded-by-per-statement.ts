import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `recorded_by` of milestone_event and beleving_score: the same guarantee as the foreign keys to
 * app_user it replaces, checked once per statement instead of once per row.
 *
 * A foreign key runs one lookup (with a FOR KEY SHARE lock) per inserted row. An import of
 * 1,000,000 events names one user a million times: that lookup was 2.2 s of the INSERT's 12 s
 * (bench:import, PostgreSQL 18; 2.8 s of 11.3 s by auto_explain on PostgreSQL 15). Now:
 *
 * - after an INSERT statement, its distinct recorded_by values are locked FOR KEY SHARE (what the
 *   foreign key takes, so a concurrent DELETE of the user waits for this transaction) and any value
 *   without a user raises foreign_key_violation (23503), as the foreign key did;
 * - after a DELETE of users, any fact still naming one raises foreign_key_violation (the app never
 *   deletes users, it disables them; this guards direct SQL). No index on recorded_by is needed
 *   for that rare case.
 * Rows are never updated (append-only: the application has no UPDATE right on these tables).
 */
const TABLES = ['milestone_event', 'beleving_score'];

export class RecordedByPerStatement1764950000000 implements MigrationInterface {
  name = 'RecordedByPerStatement1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION check_recorded_by() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE missing uuid;
      BEGIN
        PERFORM 1 FROM app_user u WHERE u.id IN (SELECT c.recorded_by FROM changed c) FOR KEY SHARE;
        SELECT c.recorded_by INTO missing FROM changed c
         WHERE c.recorded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = c.recorded_by) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'insert or update on table "%" violates foreign key recorded_by', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (recorded_by)=(%s) is not present in table "app_user".', missing),
                  TABLE = TG_TABLE_NAME, COLUMN = 'recorded_by';
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION check_user_not_recorder() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM milestone_event e WHERE e.recorded_by IN (SELECT g.id FROM gone g))
           OR EXISTS (SELECT 1 FROM beleving_score b WHERE b.recorded_by IN (SELECT g.id FROM gone g)) THEN
          RAISE EXCEPTION 'update or delete on table "app_user" violates foreign key recorded_by'
            USING ERRCODE = 'foreign_key_violation', DETAIL = 'A user who recorded facts cannot be deleted; disable the account instead.', TABLE = 'app_user';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER app_user_recorded_facts AFTER DELETE ON app_user
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION check_user_not_recorder();
    `);
    for (const t of TABLES) {
      await q.query(`
        ALTER TABLE ${t} DROP CONSTRAINT ${t}_recorded_by_fkey;
        CREATE TRIGGER ${t}_recorded_by AFTER INSERT ON ${t}
          REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION check_recorded_by();
        COMMENT ON COLUMN ${t}.recorded_by IS 'The user who recorded the fact (app_user.id), checked per statement by check_recorded_by() (migration 1764950000000).';
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      await q.query(`
        DROP TRIGGER ${t}_recorded_by ON ${t};
        COMMENT ON COLUMN ${t}.recorded_by IS NULL;
        ALTER TABLE ${t} ADD CONSTRAINT ${t}_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES app_user (id);
      `);
    }
    await q.query(`
      DROP TRIGGER app_user_recorded_facts ON app_user;
      DROP FUNCTION check_user_not_recorder();
      DROP FUNCTION check_recorded_by();
    `);
  }
}
