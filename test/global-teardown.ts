import * as fs from 'node:fs';
import type { EmbeddedPostgres } from '../libs/db/src';

export default async function globalTeardown(): Promise<void> {
  const t = (globalThis as Record<string, unknown>).__LAB_TEST_PG__ as
    { server: EmbeddedPostgres; dir: string } | undefined;
  if (!t) return;
  await t.server.stop();
  fs.rmSync(t.dir, { recursive: true, force: true });
  fs.rmSync(t.server.dataDir, { recursive: true, force: true });
}
