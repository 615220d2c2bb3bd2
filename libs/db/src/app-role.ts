import { createHmac } from 'node:crypto';
import { Client } from 'pg';

/** The role the application connects as when LAB_APP_DATABASE_URL does not name one. */
export const APP_ROLE = 'living_lab_app';

/**
 * Tables whose rows the application may add but never change or remove (corrections are new
 * rows; the audit trail, the allocation log, frozen plans and published reports are history).
 * Erasure (AVG) and retention remove such rows only through the SECURITY DEFINER functions of
 * migration 1764810000000.
 */
export const APPEND_ONLY_TABLES = [
  'audit_entry',
  'allocation_log',
  'plan_version',
  'report_version',
  'milestone_event',
  'beleving_score',
  'participant_key',
  'intervention_delivery',
  'participant_klantprofiel',
];

/** Functions only the application (not PUBLIC) may call. */
const APP_ONLY_FUNCTIONS = ['erase_participants(bigint[])', 'erase_enrolments(bigint[])', 'chain_audit_entries()'];

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The application's database URL: the owner's URL with the app role and its password. The
 * password is derived from the owner's (HMAC-SHA256), so every process that knows the owner URL
 * (server, CLI, tests) arrives at the same one without storing a second secret.
 */
export function derivedAppUrl(ownerUrl: string, role = APP_ROLE): string {
  const u = new URL(ownerUrl);
  const ownerPassword = decodeURIComponent(u.password);
  u.username = role;
  u.password = createHmac('sha256', `living-lab-app-role:${ownerPassword}`)
    .update(`${u.host}/${role}`)
    .digest('base64url');
  return u.toString();
}

/**
 * After the migrations, as the owner: makes sure the application role exists, can log in, is
 * neither superuser nor BYPASSRLS nor owner of the tables, and has exactly the privileges the
 * application needs (no UPDATE or DELETE on append-only tables, nothing on the migrations table).
 * Idempotent; runs at every start, so tables of later migrations are covered too.
 *
 * `appUrl` (LAB_APP_DATABASE_URL) names an existing role managed by the operator; without it the
 * role `living_lab_app` is created (the owner needs CREATEROLE) with the derived password.
 * Returns the URL the application should connect with.
 */
export async function ensureAppRole(ownerUrl: string, appUrl?: string): Promise<string> {
  const url = appUrl ?? derivedAppUrl(ownerUrl);
  const target = new URL(url);
  const role = decodeURIComponent(target.username);
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const [{ owner }] = (await c.query('SELECT current_user AS owner')).rows;
    if (role === owner)
      throw new Error(
        `The application role (${role}) must not be the owner of the schema: row-level security would not apply to it.`,
      );
    const existing = (await c.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [role])).rows[0];
    if (!existing) {
      if (appUrl)
        throw new Error(
          `The role ${role} of LAB_APP_DATABASE_URL does not exist. Create it (LOGIN NOBYPASSRLS) first.`,
        );
      await c
        .query(
          `CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${literal(decodeURIComponent(target.password))}`,
        )
        .catch(async (e: { code?: string }) => {
          if (e.code !== '42710' && e.code !== '23505') throw e;
        }); // created meanwhile by another process
    } else {
      if (existing.rolsuper || existing.rolbypassrls)
        throw new Error(
          `The application role ${role} is a superuser or has BYPASSRLS; it must not bypass row-level security.`,
        );
      if (!appUrl)
        await c.query(
          `ALTER ROLE ${ident(role)} LOGIN NOBYPASSRLS PASSWORD ${literal(decodeURIComponent(target.password))}`,
        );
    }
    const db = (await c.query('SELECT current_database() AS db')).rows[0].db as string;
    const r = ident(role);
    const tables: string[] = (
      await c.query(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p')`,
      )
    ).rows.map((x: { relname: string }) => x.relname);
    const appendOnly = APPEND_ONLY_TABLES.filter((t) => tables.includes(t));
    await c.query(`
      GRANT CONNECT, TEMPORARY ON DATABASE ${ident(db)} TO ${r};
      GRANT USAGE ON SCHEMA public TO ${r};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
      ${appendOnly.length ? `REVOKE UPDATE, DELETE, TRUNCATE ON ${appendOnly.map(ident).join(', ')} FROM ${r};` : ''}
      ${tables.includes('migrations') ? `REVOKE ALL ON migrations FROM ${r};` : ''}
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
    `);
    for (const f of APP_ONLY_FUNCTIONS) {
      const exists = (await c.query('SELECT to_regprocedure($1) IS NOT NULL AS ok', [f])).rows[0].ok;
      if (exists) await c.query(`REVOKE ALL ON FUNCTION ${f} FROM PUBLIC; GRANT EXECUTE ON FUNCTION ${f} TO ${r};`);
    }
  } finally {
    await c.end();
  }
  return url;
}
