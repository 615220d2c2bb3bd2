import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure that keeps the audit chain (issue 17, part 4).
 *
 * Audit entries are hashed into a chain (migrations 1764700000000, 1764900000000), so an entry can
 * never change — and an entry that names a participant reference would keep it after erasure.
 * From now on an audit entry holds a participant reference only sealed: AES-256-GCM under a key of
 * that participant (apps/api/src/audit/participant-seal.ts), written as `enc:v1:<key_id>:<data>`.
 * The chain hashes the sealed text, so it stays valid. The key lives here, one per participant, and
 * goes with its participant (ON DELETE CASCADE): erase_participants deletes the participant, the key
 * goes with it, and the sealed reference can no longer be read anywhere (crypto-shredding).
 *
 * `gemeente_code` is a copy of the participant's, so the row-level security policy needs no
 * sub-select of participant: a key is written in the same statement that creates its participant
 * (EnrolmentRepository.begin), and a sub-select there would not yet see the new participant row.
 * The application may add keys but never change or remove one (APPEND_ONLY_TABLES).
 *
 * Entries written before this migration are not changed: see docs/development.md (privacy).
 */
const SEES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;

export class AuditParticipantKeys1764977000000 implements MigrationInterface {
  name = 'AuditParticipantKeys1764977000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE participant_key (
        participant_id bigint PRIMARY KEY REFERENCES participant (id) ON DELETE CASCADE,
        gemeente_code  text NOT NULL,
        key_id         uuid NOT NULL UNIQUE,
        key            bytea NOT NULL CHECK (octet_length(key) = 32),
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      COMMENT ON TABLE participant_key IS 'AVG: the key that seals this participant''s references in audit entries; erased with the participant.';
      ALTER TABLE participant_key ENABLE ROW LEVEL SECURITY;
      CREATE POLICY participant_key_tenant ON participant_key FOR ALL
        USING (${SEES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${SEES_ALL} OR ${OWN_GEMEENTE});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE participant_key');
  }
}
