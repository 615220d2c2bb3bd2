import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap';
import { readConfig } from '../../apps/api/src/config';
import { ExperimentsSyncService } from '../../apps/api/src/experiments/experiments-sync.service';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { createTestDatabase } from './database';

export const DEMO_PASSWORD = 'demo-password-for-tests';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const EXPERIMENTS_DIR = path.resolve(__dirname, '../../experiments');

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  ds: DataSource;
  url: string;
  /** Bearer header for a demo user (admin, projectleider, reviewer, medewerker-<gemeente>). */
  auth(username: string): Promise<{ Authorization: string }>;
  close(): Promise<void>;
}

/**
 * The real application on its own throwaway database (cloned from the migrated template): demo
 * gemeenten and accounts, the experiments of experiments/, and optionally the demo cohort.
 */
export async function startTestApp(opts: { cohort?: boolean; experimentsDir?: string } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await createApp(readConfig({ JWT_SECRET: 'test-secret' }, db.url), { logger: false });
  await app.init();
  const seeder = app.get(SeedService);
  await seeder.seedAccounts({ demo: true, adminPassword: ADMIN_PASSWORD, demoPassword: DEMO_PASSWORD });
  await app.get(ExperimentsSyncService).syncDirectory(opts.experimentsDir ?? EXPERIMENTS_DIR);
  if (opts.cohort) await seeder.seedCohort();
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    ds: app.get(DataSource),
    url: db.url,
    async auth(username: string) {
      if (!tokens.has(username)) {
        const res = await http.post('/api/v1/auth/login').send({ username, password: username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        tokens.set(username, res.body.accessToken);
      }
      return { Authorization: `Bearer ${tokens.get(username)}` };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
