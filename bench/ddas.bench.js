// Benchmark of the DDAS path (issue 13): a generated delivery of 25,000 trajectories (the largest
// message the DDAS API allows; bench/ddas-delivery.js) is
//  1. pseudonymised as the gemeente does it (@living-lab/ddas: schema check, codes, conversion);
//  2. imported end to end as import kind `ddas` through the real ImportsService, as a gemeente
//     user through the application's database role (row-level security applies);
//  3. compared, in the same run, with the events import of bench:import at comparable size (as
//     many event rows as the DDAS import stored facts).
// Prints trajectories/s per step, facts/s of the DDAS import, events rows/s and their ratio.
// Target: the DDAS import stores facts at >= 50% of the rate of the events import.
// Run: npm run bench:ddas (builds first). BENCH_TRAJECTORIES changes the size. Uses DATABASE_URL
// (creates and drops `bench_ddas_<random>`), else a throwaway embedded PostgreSQL. Not a test.
'use strict';
require('reflect-metadata');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { createKey, pseudonymise } = require('@living-lab/ddas');
const { generateDelivery } = require('./ddas-delivery');

const TRAJECTORIES = Number(process.env.BENCH_TRAJECTORIES ?? 25_000);
const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;
const perSecond = (n, s) => Math.round(n / s).toLocaleString('en');

async function pseudonymiseStep(tmp) {
  process.stdout.write(`Generating a delivery of ${TRAJECTORIES.toLocaleString('en')} trajectories ... `);
  const text = JSON.stringify(generateDelivery(TRAJECTORIES));
  console.log(`${(text.length / 1e6).toFixed(1)} MB`);
  const key = await createKey('GM0001');
  const t = process.hrtime.bigint();
  const { output, problems } = await pseudonymise(JSON.parse(text), key);
  const s = seconds(t);
  if (!output) throw new Error(`pseudonymise refused the generated file: ${JSON.stringify(problems.slice(0, 5))}`);
  const file = path.join(tmp, 'ddas.pseudoniem.json');
  fs.writeFileSync(file, JSON.stringify(output));
  console.log(
    `pseudonymise (JSON.parse, schema check, codes, conversion): ${s.toFixed(2)} s, ${perSecond(TRAJECTORIES, s)} trajectories/s; output ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`,
  );
  return file;
}

async function importSteps(tmp, file) {
  const { Client } = require('pg');
  const { NestFactory } = require('@nestjs/core');
  const {
    startEmbeddedPostgres,
    ensureDatabase,
    runMigrations,
    ensureAppRole,
    runAsSystem,
    runWithDbContext,
  } = require('@living-lab/db');
  const { AppModule } = require('../apps/api/dist/app.module');
  const { readConfig } = require('../apps/api/dist/config');
  const { SeedService } = require('../apps/api/dist/seed/seed.service');
  const { ImportsService } = require('../apps/api/dist/imports/imports.service');
  const { writeCsv } = require('./import.bench');

  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg') });
    adminUrl = server.url;
  }
  const dbName = `bench_ddas_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(adminUrl, dbName);
  let ctx;
  try {
    await runMigrations(url);
    const appUrl = await ensureAppRole(url);
    ctx = await NestFactory.createApplicationContext(AppModule.forRoot(readConfig({ JWT_SECRET: 'bench' }, appUrl)), {
      logger: ['error'],
    });
    await runAsSystem(() =>
      ctx
        .get(SeedService)
        .seedAccounts({ demo: true, adminPassword: 'bench-admin-password', demoPassword: 'bench-demo-password' }),
    );
    const c = new Client({ connectionString: url });
    await c.connect();
    const [me] = (await c.query(`SELECT id FROM app_user WHERE username = 'medewerker-lindewaard'`)).rows;
    await c.end();
    const user = { id: me.id, username: 'medewerker-lindewaard', role: 'gemeente', gemeente: 'lindewaard' };
    const run = (f, kind) =>
      runWithDbContext({ role: 'gemeente', gemeente: 'lindewaard' }, () =>
        ctx.get(ImportsService).run(user, { path: f, name: path.basename(f), size: fs.statSync(f).size }, kind, false),
      );

    let t = process.hrtime.bigint();
    const ddas = await run(file, 'ddas');
    const ddasSeconds = seconds(t);
    if (ddas.status !== 'applied')
      throw new Error(`DDAS import did not apply: ${JSON.stringify({ ...ddas, errors: ddas.errors.slice(0, 5) })}`);
    const facts = ddas.created;

    const csv = path.join(tmp, 'events.csv');
    writeCsv(csv, facts);
    t = process.hrtime.bigint();
    const events = await run(csv, 'events');
    const eventsSeconds = seconds(t);
    if (events.status !== 'applied' || events.created !== facts)
      throw new Error(
        `events import did not apply: ${JSON.stringify({ ...events, errors: events.errors.slice(0, 5) })}`,
      );
    return { ddasSeconds, facts, eventsSeconds };
  } finally {
    if (ctx) await ctx.close();
    const d = new Client({ connectionString: adminUrl });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await d.end();
    if (server) await server.stop();
  }
}

async function main() {
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-bench-ddas-'));
  fs.chmodSync(tmp, 0o755);
  try {
    const file = await pseudonymiseStep(tmp);
    const { IMPORT_KINDS } = require('../apps/api/dist/imports/import-kinds');
    if (!IMPORT_KINDS.includes('ddas')) {
      console.log('import kind ddas is not there (yet): only the pseudonymisation was measured.');
      return;
    }
    const r = await importSteps(tmp, file);
    const factRate = r.facts / r.ddasSeconds;
    const eventRate = r.facts / r.eventsSeconds;
    const ratio = factRate / eventRate;
    console.log(
      `DDAS import (strict check, privacy check, facts, commit): ${r.ddasSeconds.toFixed(2)} s, ${perSecond(TRAJECTORIES, r.ddasSeconds)} trajectories/s, ${r.facts.toLocaleString('en')} facts, ${perSecond(r.facts, r.ddasSeconds)} facts/s`,
    );
    console.log(
      `events import of as many rows (${r.facts.toLocaleString('en')}): ${r.eventsSeconds.toFixed(2)} s, ${perSecond(r.facts, r.eventsSeconds)} rows/s`,
    );
    console.log(
      `  DDAS facts/s = ${(ratio * 100).toFixed(0)}% of events rows/s  [target >= 50%: ${ratio >= 0.5 ? 'ok' : 'MISSED'}]`,
    );
  } finally {
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(
      `load average at the end (1, 5, 15 min): ${load} on ${os.cpus().length} cores (at the start: ${loadAtStart})`,
    );
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
