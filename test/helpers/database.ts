import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh database cloned from the migrated template; drop it in afterAll. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.LAB_TEST_ADMIN_URL;
  const template = process.env.LAB_TEST_TEMPLATE;
  if (!admin || !template) throw new Error('Run tests with jest (test/global-setup.ts prepares the database).');
  const name = `lab_test_${randomBytes(5).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}
