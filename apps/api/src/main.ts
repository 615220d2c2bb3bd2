/**
 * `npm start`: the database (embedded PostgreSQL in LAB_DATA_DIR, or DATABASE_URL), migrations,
 * the experiment files, the demo seed on an empty database, then the API on PORT.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { ensureAppRole, openDatabase, runAsSystem, runMigrations } from '@living-lab/db';
import { keyFromFile, MfaKeyFileError } from './auth/mfa-secret';
import { MfaService } from './auth/mfa.service';
import { createApp } from './bootstrap';
import { appConfig, ConfigError, loadEnv } from './config';
import { ExperimentsSyncService, SyncRefusedError } from './experiments/experiments-sync.service';
import { SeedService, type CreatedLogin } from './seed/seed.service';

async function main(): Promise<void> {
  const log = { log: (m: string) => console.log(m) };
  // Every variable checked before anything starts: one clear message per wrong variable.
  const env = loadEnv({ server: true });
  const db = await openDatabase(env.startup.database, (m) => log.log(m));
  const applied = await runMigrations(db.url);
  if (applied.length) log.log(`Migrations applied: ${applied.join(', ')}`);
  // Migrations run as the owner; the API connects as a role that row-level security applies to.
  const appUrl = await ensureAppRole(db.url, env.startup.appDatabaseUrl);
  // TOTP secrets are encrypted with LAB_MFA_KEY; without it (embedded database only: config.ts
  // refuses DATABASE_URL without a key) with the key file beside the database, created on the first start.
  const mfaKey = env.app.mfaKey ?? (db.embedded && keyFromFile(path.dirname(db.embedded.dataDir), (m) => log.log(m)));
  if (!mfaKey) throw new ConfigError('LAB_MFA_KEY ontbreekt.');
  const config = {
    ...appConfig(env, appUrl),
    mfaKey,
    scheduleReports: true,
    scheduleRetention: true,
    chainAudit: true,
  };

  const app = await createApp(config);
  app.enableShutdownHooks();
  const mfa = app.get(MfaService);
  const encrypted = await mfa.encryptPlainSecrets();
  if (encrypted) log.log(`TOTP secrets encrypted at rest: ${encrypted} stored plain before are now encrypted.`);
  if (!(await mfa.keyOpensStoredSecrets()))
    console.error(
      '\nWARNING: the MFA key (LAB_MFA_KEY or the mfa-key file) does not open the stored TOTP secrets. ' +
        'Accounts with two factors can sign in only with a recovery code until the key they were encrypted with is back.\n',
    );
  const seeder = app.get(SeedService);
  let logins: CreatedLogin[] = [];
  await runAsSystem(async () => {
    // seed and experiment files: system work across every gemeente
    const demo = env.startup.seed === 'demo';
    const fresh = await seeder.isEmpty();
    if (fresh)
      logins = await seeder.seedAccounts({
        demo,
        adminPassword: env.startup.adminPassword,
        demoPassword: env.startup.demoPassword,
      });
    const sync = await app.get(ExperimentsSyncService).syncDirectory(config.experimentsDir);
    log.log(
      `Experiments synced from ${config.experimentsDir}/: ${sync.created.length} new, ${sync.updated.length} updated, ${sync.unchanged.length} unchanged.`,
    );
    if (fresh && demo) {
      const c = await seeder.seedCohort();
      log.log(
        `Demo cohort loaded: ${c.participants} participants, ${c.enrolments} enrolments, ${c.events} milestones, ${c.beleving} klantbeleving scores.`,
      );
    }
  });

  const { port, host } = env.startup;
  await app.listen(port, host);
  const url = `http://localhost:${port}`;
  const lines = [
    '',
    `Living Lab Stabilisatie is running: ${url}`,
    `  API docs (OpenAPI):   ${url}/api/docs`,
    `  Health:               ${url}/api/health`,
    `  Log in:               POST ${url}/api/v1/auth/login  {"username": "...", "password": "..."}`,
  ];
  if (logins.length) {
    lines.push('', 'Accounts created on this first start (passwords are shown only now; write them down):');
    for (const l of logins)
      lines.push(`  ${l.username.padEnd(28)} ${l.role.padEnd(14)} ${l.password ?? '(password from the environment)'}`);
  } else {
    lines.push('  Accounts exist already; use your own password (a beheerder can reset others).');
  }
  console.log(lines.join('\n') + '\n');

  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof SyncRefusedError || e instanceof MfaKeyFileError)
    console.error(`\nStart stopped: ${e.message}\n`);
  else console.error(e);
  process.exit(1);
});
