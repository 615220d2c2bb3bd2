// Benchmark of the events import (issue 7): 1,000,000 event rows from one CSV file through the
// real ImportsService (parse, privacy guard, COPY into staging, set-based checks, insert, commit),
// run as a gemeente user through the application's database role (row-level security applies),
// and in the same run PostgreSQL's own COPY (what psql's `\copy` sends) of the same rows:
//  - the target figure: the same 1,000,000 rows (as the import stores them: participant id,
//    gemeente, milestone, date, reason, recorded_by) into a table comparable to milestone_event — its
//    columns, CHECKs, indexes, its two foreign keys and the same AFTER INSERT triggers (summary,
//    recorded_by check) —
//    in one transaction, as the import writes;
//  - for reference: the raw CSV into a bare 5-column table (no keys, no checks, no indexes), the
//    cost of just getting the bytes into PostgreSQL.
// Run: npm run bench:import (builds first). Uses DATABASE_URL (a database it may create tables
// in; it creates and drops `bench_import_<random>`), else a throwaway embedded PostgreSQL.
// Targets: >= 50,000 rows/s, >= 30% of COPY's speed, peak RSS < 500 MB. Not a test.
'use strict';
require('reflect-metadata');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { pipeline } = require('node:stream/promises');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
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

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const MILESTONES = ['aanmelding', 'intake', 'instroom_stabilisatie', 'overzicht_gereed', 'gereed_voor_schuldregeling'];

function writeCsv(file, rows) {
  const out = fs.openSync(file, 'w');
  let s = '\uFEFFgemeente;participant_ref;milestone;occurred_on;reason\n';
  const base = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; i++) {
    const p = Math.floor(i / MILESTONES.length);
    const k = i % MILESTONES.length;
    const d = new Date(base + ((p % 700) + k * 21) * 86_400_000).toISOString();
    s += `lindewaard;BENCH-${p};${MILESTONES[k]};${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)};\n`;
    if (s.length > 1 << 20) {
      fs.writeSync(out, s);
      s = '';
    }
  }
  fs.writeSync(out, s);
  fs.closeSync(out);
}

async function copyFile(client, sql, file, start = 3) {
  const t = process.hrtime.bigint();
  await pipeline(fs.createReadStream(file, { start }), client.query(copyFrom(sql))); // start: 3 skips the BOM
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function main() {
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-bench-'));
  fs.chmodSync(tmp, 0o755);
  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg') }); // durable, as `npm start` runs it
    adminUrl = server.url;
  }
  const dbName = `bench_import_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(adminUrl, dbName);
  const file = path.join(tmp, 'events.csv');
  let ctx;
  try {
    await runMigrations(url);
    process.stdout.write(`Writing ${ROWS.toLocaleString('en')} event rows ... `);
    writeCsv(file, ROWS);
    console.log(`${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);

    // As `npm start` runs it: the app connects as the role row-level security applies to.
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
    // 1. The import, as POST /imports runs it for a gemeente's own user: with that user's
    //    row-level-security context (every row written is checked against the policies).
    const [me] = (await c.query(`SELECT id FROM app_user WHERE username = 'medewerker-lindewaard'`)).rows;
    const user = { id: me.id, username: 'medewerker-lindewaard', role: 'gemeente', gemeente: 'lindewaard' };
    if (global.gc) global.gc();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t0 = process.hrtime.bigint();
    const phases = [];
    const onProgress = (p) => {
      if (!phases.length || phases[phases.length - 1].phase !== p.phase)
        phases.push({ phase: p.phase, at: Number(process.hrtime.bigint() - t0) / 1e9 });
    };
    const result = await runWithDbContext({ role: 'gemeente', gemeente: 'lindewaard' }, () =>
      ctx
        .get(ImportsService)
        .run(user, { path: file, name: 'events.csv', size: fs.statSync(file).size }, 'events', false, onProgress),
    );
    const importSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`phases: ${phases.map((p) => `${p.phase} from ${p.at.toFixed(2)} s`).join(', ')}`);
    if (result.status !== 'applied' || result.created !== ROWS)
      throw new Error(`import did not apply: ${JSON.stringify({ ...result, errors: result.errors.slice(0, 5) })}`);

    // 2. COPY of the same rows as the import stored them into a table comparable to milestone_event:
    //    LIKE … INCLUDING ALL (columns, CHECKs, indexes, identity, defaults) plus what LIKE leaves
    //    out: the foreign keys and the statement-level triggers. In one transaction.
    const facts = path.join(tmp, 'facts.csv');
    const { to: copyTo } = require('pg-copy-streams');
    await pipeline(
      c.query(
        copyTo(
          `COPY (SELECT participant_id, gemeente_code, milestone, occurred_on, reason, recorded_by FROM milestone_event) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')`,
        ),
      ),
      fs.createWriteStream(facts),
    );
    await c.query(`CREATE TABLE bench_events (LIKE milestone_event INCLUDING ALL);
      ALTER TABLE bench_events ADD FOREIGN KEY (participant_id, gemeente_code) REFERENCES participant (id, gemeente_code),
        ADD FOREIGN KEY (supersedes_id) REFERENCES bench_events (id);
      CREATE TRIGGER bench_events_refresh_outcomes AFTER INSERT ON bench_events
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refresh_outcomes_after_write();
      CREATE TRIGGER bench_events_recorded_by AFTER INSERT ON bench_events
        REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION check_recorded_by();`);
    await c.query('BEGIN');
    const copyEvents = await copyFile(
      c,
      `COPY bench_events (participant_id, gemeente_code, milestone, occurred_on, reason, recorded_by) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')`,
      facts,
      0,
    );
    const t1 = process.hrtime.bigint();
    await c.query('COMMIT');
    const copyEventsCommit = copyEvents + Number(process.hrtime.bigint() - t1) / 1e9;

    // 3. For reference: COPY of the raw CSV into a bare table with its 5 columns.
    await c.query(`SET datestyle = 'ISO, DMY'`);
    await c.query(
      `CREATE TABLE bench_copy (gemeente text, participant_ref text, milestone text, occurred_on date, reason text)`,
    );
    const copyRaw = await copyFile(c, `COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')`, file);
    await c.end();

    const rate = ROWS / importSeconds;
    const share = copyEventsCommit / importSeconds;
    const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    const ok = (b) => (b ? 'ok' : 'MISSED');
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log('');
    console.log(
      `load average at the end (1, 5, 15 min): ${load} on ${os.cpus().length} cores (at the start: ${loadAtStart})`,
    );
    console.log(
      `import (parse, check, COPY to staging, set-based checks, insert, commit): ${importSeconds.toFixed(2)} s, ${Math.round(rate).toLocaleString('en')} rows/s  [target >= 50,000: ${ok(rate >= 50_000)}]`,
    );
    console.log(
      `peak RSS of the importing process: ${mb(peak)} (before: ${mb(rssBefore)})  [target < 500 MB: ${ok(peak < 500 * 1024 * 1024)}]`,
    );
    console.log(
      `\\copy of the same ${ROWS.toLocaleString('en')} rows, as stored, into a table like milestone_event (same columns, CHECKs, indexes, foreign keys, triggers; one transaction): ${copyEventsCommit.toFixed(2)} s, ${Math.round(ROWS / copyEventsCommit).toLocaleString('en')} rows/s`,
    );
    console.log(`  import speed = ${(share * 100).toFixed(0)}% of that \\copy  [target >= 30%: ${ok(share >= 0.3)}]`);
    console.log(
      `for reference, \\copy of the raw CSV into a bare 5-column table (no keys, checks or indexes): ${copyRaw.toFixed(2)} s, ${Math.round(ROWS / copyRaw).toLocaleString('en')} rows/s`,
    );
    console.log(`  import speed = ${((copyRaw / importSeconds) * 100).toFixed(0)}% of that bare \\copy`);
  } finally {
    if (ctx) await ctx.close();
    const d = new Client({ connectionString: adminUrl });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await d.end();
    if (server) await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { writeCsv };

// bench/ddas.bench.js reuses writeCsv for its events import of comparable size.
if (require.main === module)
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
