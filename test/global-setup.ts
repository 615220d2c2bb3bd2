/**
 * One throwaway PostgreSQL for the whole test run: the embedded server in a temporary directory,
 * or the server of TEST_DATABASE_URL. Migrations run once into a template database; every test
 * file then clones its own database from it (test/helpers/database.ts). Never touches the data of
 * `npm start`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureAppRole, ensureDatabase, runMigrations, startEmbeddedPostgres } from '../libs/db/src';
import { Client } from 'pg';

export const TEMPLATE = 'lab_test_template';

export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-test-'));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: dir, fast: true });
    (globalThis as Record<string, unknown>).__LAB_TEST_PG__ = { server, dir };
    adminUrl = server.url;
  }
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await c.end();
  const url = await ensureDatabase(adminUrl, TEMPLATE);
  await runMigrations(url);
  // The app role and its grants, in the template: every cloned test database inherits them.
  await ensureAppRole(url);
  process.env.LAB_TEST_ADMIN_URL = adminUrl;
  process.env.LAB_TEST_TEMPLATE = TEMPLATE;
}
