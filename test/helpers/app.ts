import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, derivedAppUrl, runAsSystem } from '../../libs/db/src';
import { createApp } from '../../apps/api/src/bootstrap';
import { readConfig, type AppConfig, type LabEnv } from '../../apps/api/src/config';
import { ExperimentsSyncService } from '../../apps/api/src/experiments/experiments-sync.service';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { createTestDatabase } from './database';

export const DEMO_PASSWORD = 'demo-password-for-tests';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
/** The MFA key of test apps (LAB_MFA_KEY; base64 of 32 bytes), so a test can encrypt as the app does. */
export const TEST_MFA_KEY = Buffer.alloc(32, 7).toString('base64');
export const EXPERIMENTS_DIR = path.resolve(__dirname, '../../experiments');

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  /** The app's own DataSource (the app role: row-level security applies; outside a context it sees no participant rows). */
  ds: DataSource;
  /** A superuser DataSource on the same database, for set-up and assertions that must see every row. */
  admin: DataSource;
  /** The owner (superuser) URL of the test database; the app connects with `appUrl`. */
  url: string;
  appUrl: string;
  /** Bearer header for a demo user (admin, projectleider, reviewer, medewerker-<gemeente>). */
  auth(username: string): Promise<{ Authorization: string }>;
  close(): Promise<void>;
}

/**
 * The real application on its own throwaway database (cloned from the migrated template): demo
 * gemeenten and accounts, the experiments of experiments/, and optionally the demo cohort.
 */
export async function startTestApp(
  opts: {
    cohort?: boolean;
    experimentsDir?: string;
    logger?: boolean;
    env?: LabEnv;
    /** Settings that only main.ts sets (scheduleReports, scheduleRetention, chainAudit). */
    config?: Partial<AppConfig>;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  // As in production: the app connects as the app role (global-setup granted it in the template).
  const appUrl = derivedAppUrl(db.url);
  // opts.env: more environment variables, as `npm start` would read them (config.ts validates them).
  const config = {
    ...readConfig({ JWT_SECRET: 'test-secret', LAB_MFA_KEY: TEST_MFA_KEY, ...opts.env }, appUrl),
    ...opts.config,
  };
  const app = await createApp(config, opts.logger ? {} : { logger: false });
  await app.init();
  const admin = await new DataSource(dataSourceOptions(db.url)).initialize();
  const seeder = app.get(SeedService);
  await runAsSystem(async () => {
    await seeder.seedAccounts({ demo: true, adminPassword: ADMIN_PASSWORD, demoPassword: DEMO_PASSWORD });
    await app.get(ExperimentsSyncService).syncDirectory(opts.experimentsDir ?? EXPERIMENTS_DIR);
    if (opts.cohort) await seeder.seedCohort();
  });
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    ds: app.get(DataSource),
    admin,
    url: db.url,
    appUrl,
    async auth(username: string) {
      if (!tokens.has(username)) {
        const res = await http
          .post('/api/v1/auth/login')
          .send({ username, password: username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        tokens.set(username, res.body.accessToken);
      }
      return { Authorization: `Bearer ${tokens.get(username)}` };
    },
    async close() {
      await app.close();
      await admin.destroy();
      await db.drop();
    },
  };
}
