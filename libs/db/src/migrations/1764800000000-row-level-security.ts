import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant isolation in the database (issue 8): row-level security on every table holding
 * participant-level data, keyed by the session settings the application sets on every connection
 * it takes from its pool (libs/db/src/db-context.ts):
 *
 * - `app.role` beheerder, projectleider or system: every row (bypass by policy);
 * - `app.role` gemeente: the rows of `app.gemeente` only, for reading and for writing;
 * - anything else (reviewer, a public route, no context at all): no row.
 *
 * The application connects as a role without BYPASSRLS that does not own the tables
 * (libs/db/src/app-role.ts); the owner (migrations) is not subject to these policies.
 * Tables without their own gemeente column follow their participant.
 *
 * The view current_milestone_event becomes security_invoker, or it would read milestone_event
 * with its owner's rights and bypass the policies. Trigger functions that maintain derived rows
 * (enrolment_summary) or the audit chain run as the owner (SECURITY DEFINER, fixed search_path),
 * so they see and write every row they must, whoever wrote the fact.
 */
const SEES_ALL = `coalesce(current_setting('app.role', true), '') IN ('beheerder', 'projectleider', 'system')`;
const OWN_GEMEENTE = `(current_setting('app.role', true) = 'gemeente' AND gemeente_code = nullif(current_setting('app.gemeente', true), ''))`;
const OWN_PARTICIPANT = `(current_setting('app.role', true) = 'gemeente' AND EXISTS (SELECT 1 FROM participant p WHERE p.id = participant_id AND p.gemeente_code = nullif(current_setting('app.gemeente', true), '')))`;

/** table → the condition a gemeente user's row must meet */
export const TENANT_TABLES: Record<string, string> = {
  participant: OWN_GEMEENTE,
  enrolment: OWN_PARTICIPANT,
  milestone_event: OWN_PARTICIPANT,
  beleving_score: OWN_PARTICIPANT,
  client_form_link: OWN_PARTICIPANT,
  enrolment_summary: OWN_GEMEENTE,
  allocation_log: OWN_GEMEENTE,
  import_job: OWN_GEMEENTE,
};

const DEFINER_FUNCTIONS = [
  'mark_outcome_refresh()',
  'refresh_marked_outcomes()',
  'refresh_enrolment_outcomes(bigint[])',
  'refresh_outcomes_after_write()',
  'audit_entry_chain()',
];

export class RowLevelSecurity1764800000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const policies = Object.entries(TENANT_TABLES)
      .map(
        ([t, own]) => `
      ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY ${t}_tenant ON ${t} FOR ALL USING (${SEES_ALL} OR ${own}) WITH CHECK (${SEES_ALL} OR ${own});`,
      )
      .join('\n');
    const definers = DEFINER_FUNCTIONS.map(
      (f) => `ALTER FUNCTION ${f} SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp;`,
    ).join('\n');
    await q.query(`
      ${policies}
      ALTER VIEW current_milestone_event SET (security_invoker = true);
      ${definers}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    const policies = Object.keys(TENANT_TABLES)
      .map((t) => `DROP POLICY ${t}_tenant ON ${t}; ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY;`)
      .join('\n');
    const definers = DEFINER_FUNCTIONS.map((f) => `ALTER FUNCTION ${f} SECURITY INVOKER RESET search_path;`).join('\n');
    await q.query(`${policies}\nALTER VIEW current_milestone_event SET (security_invoker = false);\n${definers}`);
  }
}
