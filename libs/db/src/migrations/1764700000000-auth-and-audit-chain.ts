import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authentication hardening and a tamper-evident audit trail.
 * - app_user: failed login counter and a temporary lock-out.
 * - refresh_token: opaque refresh tokens, stored as sha256 hashes, rotated on every use.
 * - audit_entry: a hash chain. A BEFORE INSERT trigger takes a transaction-level advisory lock,
 *   numbers the entry (`seq`, gap-free in chain order) and sets
 *   hash = sha256(prev_hash | seq | at in µs | actor | action | entity | entity_id | before | after),
 *   so a changed or deleted entry breaks the chain (`npm run lab -- audit verify`). UPDATE and
 *   DELETE are refused by a trigger: nobody changes the trail through the application.
 */
export class AuthAndAuditChain1764700000000 implements MigrationInterface {
  name = 'AuthAndAuditChain1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
                           ADD COLUMN locked_until timestamptz;

      CREATE TABLE refresh_token (
        token_hash      text PRIMARY KEY,
        user_id         uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        expires_at      timestamptz NOT NULL,
        used_at         timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_token_user ON refresh_token (user_id);

      ALTER TABLE audit_entry ADD COLUMN seq bigint UNIQUE, ADD COLUMN prev_hash text, ADD COLUMN hash text;

      CREATE FUNCTION audit_entry_material(e audit_entry, prev text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', prev, e.seq::text, (extract(epoch FROM e.at) * 1000000)::bigint::text, e.actor, e.action, e.entity,
                         coalesce(e.entity_id, ''), coalesce(e.before::text, ''), coalesce(e.after::text, ''))
      $$;

      CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last audit_entry;
      BEGIN
        PERFORM pg_advisory_xact_lock(7414113);  -- one writer of the chain at a time
        SELECT * INTO last FROM audit_entry ORDER BY seq DESC NULLS LAST LIMIT 1;
        NEW.at := clock_timestamp();
        NEW.seq := coalesce(last.seq, 0) + 1;
        NEW.prev_hash := coalesce(last.hash, 'genesis');
        NEW.hash := encode(sha256(convert_to(audit_entry_material(NEW, NEW.prev_hash), 'UTF8')), 'hex');
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_entry_chain BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();

      CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'check_violation';
      END $$;
      CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();

      -- Entries written before this migration join the chain in id order.
      ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only;
      DO $$
      DECLARE r audit_entry; prev text := 'genesis'; n bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM audit_entry ORDER BY id LOOP
          n := n + 1;
          r.seq := n;
          UPDATE audit_entry SET seq = n, prev_hash = prev,
                 hash = encode(sha256(convert_to(audit_entry_material(r, prev), 'UTF8')), 'hex')
           WHERE id = r.id RETURNING hash INTO prev;
        END LOOP;
      END $$;
      ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only;
      ALTER TABLE audit_entry ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_entry_append_only ON audit_entry; DROP FUNCTION audit_entry_is_append_only();
      DROP TRIGGER audit_entry_chain ON audit_entry; DROP FUNCTION audit_entry_chain(); DROP FUNCTION audit_entry_material(audit_entry, text);
      ALTER TABLE audit_entry DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash;
      DROP TABLE refresh_token;
      ALTER TABLE app_user DROP COLUMN failed_logins, DROP COLUMN locked_until;
    `);
  }
}
