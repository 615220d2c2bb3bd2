import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

export interface Database {
  url: string;
  /** The embedded server when we started one; undefined for DATABASE_URL. */
  embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

/**
 * The database of `npm start`: `DATABASE_URL` when set, otherwise an embedded PostgreSQL whose
 * files live in `LAB_DATA_DIR` (default `.data/`) and are kept across restarts.
 */
export async function openDatabase(env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<Database> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, close: async () => undefined };
  const dataDir = path.resolve(env.LAB_DATA_DIR ?? '.data');
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port: env.LAB_DB_PORT ? Number(env.LAB_DB_PORT) : undefined,
    log,
  });
  const url = await ensureDatabase(embedded.url, 'living_lab');
  log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}.`);
  return { url, embedded, close: () => embedded.stop() };
}

/** Creates `name` on the server of `adminUrl` when missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await c.query(
        `CREATE DATABASE "${name.replace(/"/g, '')}"${template ? ` TEMPLATE "${template.replace(/"/g, '')}"` : ''}`,
      );
    }
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
