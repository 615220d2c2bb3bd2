import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links for the client's own klantbeleving form (issue 6). Only a SHA-256 hash of the
 * token is stored, so a database dump cannot be used to answer in a client's name. A link is used
 * once (used_at) or expires (expires_at, 30 days); the answer it produced is kept as a reference.
 */
export class ClientFormLinks1764500000000 implements MigrationInterface {
  name = 'ClientFormLinks1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_form_link (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        token_hash        text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        participant_id    bigint NOT NULL REFERENCES participant (id),
        phase             text NOT NULL CHECK (phase IN ('aanmelding', 'intake', 'overzicht', 'optimalisatie', 'financiele_stabiliteit')),
        created_by        uuid REFERENCES app_user (id),
        created_at        timestamptz NOT NULL DEFAULT now(),
        expires_at        timestamptz NOT NULL,
        used_at           timestamptz,
        beleving_score_id bigint REFERENCES beleving_score (id),
        CHECK (expires_at > created_at),
        CHECK ((used_at IS NULL) = (beleving_score_id IS NULL))
      );
      CREATE INDEX client_form_link_participant ON client_form_link (participant_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE client_form_link');
  }
}
