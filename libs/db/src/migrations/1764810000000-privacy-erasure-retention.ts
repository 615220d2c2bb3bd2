import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy (AVG, issue 8): erasure on request and retention per experiment.
 *
 * - experiment.retention_months: participant-level data are erased this many months after the
 *   experiment's end date (optional `retentionMonths` in the definition).
 * - erase_enrolments(ids) and erase_participants(ids): the only way participant-level rows leave
 *   the database. They run as the owner (SECURITY DEFINER, fixed search_path) and only for a
 *   request context of a beheerder or the system (`app.role`); the application role itself has no
 *   UPDATE/DELETE on the append-only tables (libs/db/src/app-role.ts). The append-only trigger of
 *   allocation_log lets a DELETE pass only while such a function runs (`living_lab.erasure`, set
 *   transaction-locally), so ordinary writes stay append-only.
 * - allocation_slot: a slot whose enrolment was erased stays taken (taken_at kept, enrolment_id
 *   cleared), so the concealed sequence never hands it out again.
 *
 * Published report versions are stored JSON and are not touched: their aggregate counts stay as
 * published. Derived summaries go with their enrolment (ON DELETE CASCADE).
 */
export class PrivacyErasureRetention1764810000000 implements MigrationInterface {
  name = 'PrivacyErasureRetention1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE experiment ADD COLUMN retention_months integer CHECK (retention_months IS NULL OR retention_months BETWEEN 1 AND 600);
      COMMENT ON COLUMN experiment.retention_months IS 'AVG: participant-level data are erased this many months after end_date (NULL: kept).';

      ALTER TABLE allocation_slot DROP CONSTRAINT allocation_slot_check;
      ALTER TABLE allocation_slot ADD CONSTRAINT allocation_slot_taken CHECK (enrolment_id IS NULL OR taken_at IS NOT NULL);

      CREATE OR REPLACE FUNCTION living_lab_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('living_lab.erasure', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$;

      CREATE FUNCTION living_lab_assert_eraser() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('app.role', true), '') NOT IN ('beheerder', 'system') THEN
          RAISE EXCEPTION 'only a beheerder may erase participant data' USING ERRCODE = 'insufficient_privilege';
        END IF;
      END $$;

      CREATE FUNCTION erase_enrolments(ids bigint[]) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE n_log integer; n_slot integer; n_sum integer; n_enr integer;
      BEGIN
        PERFORM living_lab_assert_eraser();
        PERFORM set_config('living_lab.erasure', 'on', true);
        DELETE FROM allocation_log WHERE enrolment_id = ANY (ids); GET DIAGNOSTICS n_log = ROW_COUNT;
        UPDATE allocation_slot SET enrolment_id = NULL WHERE enrolment_id = ANY (ids); GET DIAGNOSTICS n_slot = ROW_COUNT;
        DELETE FROM enrolment_summary WHERE enrolment_id = ANY (ids); GET DIAGNOSTICS n_sum = ROW_COUNT;
        DELETE FROM enrolment WHERE id = ANY (ids); GET DIAGNOSTICS n_enr = ROW_COUNT;
        PERFORM set_config('living_lab.erasure', 'off', true);
        RETURN jsonb_build_object('enrolments', n_enr, 'summaries', n_sum, 'allocationLog', n_log, 'slotsReleased', n_slot);
      END $$;

      CREATE FUNCTION erase_participants(ids bigint[]) RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE enr jsonb; n_links integer; n_scores integer; n_events integer; n_part integer;
      BEGIN
        PERFORM living_lab_assert_eraser();
        enr := erase_enrolments(coalesce((SELECT array_agg(id) FROM enrolment WHERE participant_id = ANY (ids)), '{}'));
        DELETE FROM client_form_link WHERE participant_id = ANY (ids); GET DIAGNOSTICS n_links = ROW_COUNT;
        DELETE FROM beleving_score WHERE participant_id = ANY (ids); GET DIAGNOSTICS n_scores = ROW_COUNT;
        DELETE FROM milestone_event WHERE participant_id = ANY (ids); GET DIAGNOSTICS n_events = ROW_COUNT;
        DELETE FROM participant WHERE id = ANY (ids); GET DIAGNOSTICS n_part = ROW_COUNT;
        RETURN enr || jsonb_build_object('participants', n_part, 'events', n_events, 'beleving', n_scores, 'clientFormLinks', n_links);
      END $$;
      REVOKE ALL ON FUNCTION erase_enrolments(bigint[]) FROM PUBLIC;
      REVOKE ALL ON FUNCTION erase_participants(bigint[]) FROM PUBLIC;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION erase_participants(bigint[]); DROP FUNCTION erase_enrolments(bigint[]); DROP FUNCTION living_lab_assert_eraser();
      CREATE OR REPLACE FUNCTION living_lab_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation'; END $$;
      ALTER TABLE allocation_slot DROP CONSTRAINT allocation_slot_taken;
      ALTER TABLE allocation_slot ADD CONSTRAINT allocation_slot_check CHECK ((enrolment_id IS NULL) = (taken_at IS NULL));
      ALTER TABLE experiment DROP COLUMN retention_months;
    `);
  }
}
