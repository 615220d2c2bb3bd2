import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gemeente context (issue 14, item 8): per gemeente and year its werkwijze, whether clients have a
 * regisseur, the parts that are uitbesteed and the caseload per fte. The CHECKs mirror WERKWIJZEN
 * and UITBESTEDING_ONDERDELEN of libs/domain (test/db/vocabulary-mirror.spec.ts). Row-level
 * security as on the other per-gemeente tables: beheerder, projectleider and the system read every
 * row; a gemeente user reads and writes only its own gemeente's; only the gemeente itself, a
 * beheerder or the system may write (a projectleider reads only); anyone else sees nothing.
 */
const READS_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system'))`;
const WRITES_ALL = `(SELECT coalesce(current_setting('app.role', true), '') IN ('beheerder', 'system'))`;
const OWN_GEMEENTE = `((SELECT current_setting('app.role', true)) = 'gemeente' AND gemeente_code = (SELECT nullif(current_setting('app.gemeente', true), '')))`;

export class GemeenteContext1764983000000 implements MigrationInterface {
  name = 'GemeenteContext1764983000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gemeente_context (
        gemeente_code    text NOT NULL REFERENCES gemeente (code),
        year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
        werkwijze        text NOT NULL CHECK (werkwijze IN ('procesgericht', 'maatwerk')),
        regisseur        boolean NOT NULL,
        uitbesteed       text[] NOT NULL DEFAULT '{}'
          CHECK (uitbesteed <@ ARRAY['intake', 'stabilisatie', 'administratieve_hulp', 'budgetcoaching', 'budgetbeheer', 'schuldregeling', 'brede_hulp']::text[]),
        caseload_per_fte numeric(7, 2) CHECK (caseload_per_fte > 0 AND caseload_per_fte <= 1000),
        recorded_by      text NOT NULL,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (gemeente_code, year)
      );

      ALTER TABLE gemeente_context ENABLE ROW LEVEL SECURITY;
      CREATE POLICY gemeente_context_read ON gemeente_context FOR SELECT USING (${READS_ALL} OR ${OWN_GEMEENTE});
      CREATE POLICY gemeente_context_insert ON gemeente_context FOR INSERT WITH CHECK (${WRITES_ALL} OR ${OWN_GEMEENTE});
      CREATE POLICY gemeente_context_update ON gemeente_context FOR UPDATE
        USING (${WRITES_ALL} OR ${OWN_GEMEENTE}) WITH CHECK (${WRITES_ALL} OR ${OWN_GEMEENTE});
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gemeente_context;');
  }
}
