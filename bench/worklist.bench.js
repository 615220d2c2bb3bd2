/**
 * npm run bench:worklist — the worklist and the start page (issue 16) at national scale.
 *
 * Loads the national synthetic workload (seeds/src/national.ts: 342 gemeenten; BENCH_PARTICIPANTS
 * participants, default 100,000, with their events and enrolments) as bench:report does, into a
 * throwaway embedded PostgreSQL (or BENCH_DATABASE_URL; BENCH_REUSE=1 measures again on loaded
 * data), then measures with the app's own services, as the database owner (no row-level security,
 * like bench:report), best and median of BENCH_RUNS (5) calls each:
 *   - GET /api/v1/worklist for every gemeente (what a beheerder asks without a filter);
 *   - the worklist of one gemeente (the largest);
 *   - GET /api/v1/overview of a beheerder (experiments, data quality of every gemeente, the
 *     worklist count of every gemeente, imports, reports).
 * Run after `npm run build` (the script does it).
 */
require('reflect-metadata');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { startEmbeddedPostgres, ensureDatabase, runMigrations, runAsSystem } = require('@living-lab/db');
const { generateNational } = require('@living-lab/seeds');

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function copy(client, sql, rows) {
  await pipeline(Readable.from(rows), client.query(copyFrom(sql)));
}

async function time(label, fn) {
  const ms = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    last = await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: best ${ms[0].toFixed(0)} ms, median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms`);
  return last;
}

async function main() {
  let server;
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-bench-'));
    fs.chmodSync(dir, 0o755);
    server = await startEmbeddedPostgres({ dataDir: dir, fast: true });
    url = await ensureDatabase(server.url, 'bench');
  }
  await runMigrations(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  // BENCH_REUSE=1 with BENCH_DATABASE_URL: measure again on the data loaded by an earlier run.
  const reuse =
    process.env.BENCH_REUSE === '1' &&
    process.env.BENCH_DATABASE_URL &&
    (await c.query("SELECT count(*)::int AS n FROM experiment WHERE key LIKE 'landelijk-%'")).rows[0].n > 0;
  const exps = [];
  if (reuse) {
    for (const r of (await c.query("SELECT key FROM experiment WHERE key LIKE 'landelijk-%' ORDER BY key")).rows)
      exps.push({ key: r.key });
    console.log(`reusing the loaded workload (${exps.length} experiments)`);
  } else {
    await c.query(
      'TRUNCATE gemeente, experiment, participant, enrolment, milestone_event, beleving_score, audit_entry CASCADE',
    );

    // 1. generate into text buffers (COPY format), then load
    const t0 = Date.now();
    const rows = { gemeente: [], experiment: [], participant: [], enrolment: [], event: [] };
    const counts = generateNational(
      {
        gemeente: (code, naam, inwoners) => rows.gemeente.push(`${code}\t${naam}\t${inwoners}\n`),
        experiment: (key, gemeenten, start) => exps.push({ key, gemeenten, start }),
        participant: (g, ref, kp, seg) => rows.participant.push(`${g}\t${ref}\t${kp}\t${seg}\n`),
        enrolment: (e, g, ref, d, arm) => rows.enrolment.push(`${e}\t${g}\t${ref}\t${d}\t${arm}\n`),
        event: (g, ref, ms, d, reason) => rows.event.push(`${g}\t${ref}\t${ms}\t${d}\t${reason ?? '\\N'}\n`),
      },
      { participants: PARTICIPANTS },
    );
    console.log(`generated ${counts.participants} participants, ${counts.events} events in ${Date.now() - t0} ms`);

    const t1 = Date.now();
    await c.query('BEGIN');
    await copy(c, 'COPY gemeente (code, naam, inwoners) FROM STDIN', rows.gemeente);
    for (const e of exps) {
      await c.query(
        `INSERT INTO experiment (key, title, hypothesis, intervention_phase, design, allocation, randomization, primary_metric,
        secondary_metrics, follow_up_days, expected_baseline, minimum_effect, planned_looks, start_date, status, assignment_seed, source)
      VALUES ($1, $1, 'Benchmark', 'overzicht', 'individual_randomized', 'platform', 'hash', 'gereed_voor_schuldregeling',
        '{uitval,akkoord_schuldregeling}', 180, 0.35, 0.1, 4, $2, 'running', 'bench', 'api')`,
        [e.key, e.start],
      );
      await c.query(
        `INSERT INTO experiment_arm VALUES ($1, 'controle', 'Gebruikelijk', 1, true, 0), ($1, 'interventie', 'Interventie', 1, false, 1)`,
        [e.key],
      );
      await c.query('INSERT INTO experiment_gemeente SELECT $1, unnest($2::text[])', [e.key, e.gemeenten]);
    }
    await copy(
      c,
      'COPY participant (gemeente_code, participant_ref, klantprofiel, segment) FROM STDIN',
      rows.participant,
    );
    await c.query('CREATE TEMP TABLE s_enrol (e text, g text, ref text, d date, arm text)');
    await copy(c, 'COPY s_enrol FROM STDIN', rows.enrolment);
    await c.query(`INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on)
    SELECT s.e, p.id, s.arm, s.d FROM s_enrol s JOIN participant p ON p.gemeente_code = s.g AND p.participant_ref = s.ref`);
    await c.query('CREATE TEMP TABLE s_event (g text, ref text, ms text, d date, reason text)');
    await copy(c, 'COPY s_event FROM STDIN', rows.event);
    const tEvents = Date.now();
    await c.query(`INSERT INTO milestone_event (participant_id, gemeente_code, milestone, occurred_on, reason)
    SELECT p.id, p.gemeente_code, s.ms, s.d, s.reason FROM s_event s JOIN participant p ON p.gemeente_code = s.g AND p.participant_ref = s.ref`);
    console.log(`events inserted, outcome summaries refreshed by the trigger in ${Date.now() - tEvents} ms`);
    await c.query('COMMIT');
    await c.query('VACUUM ANALYZE');
    console.log(`loaded in ${Date.now() - t1} ms`);
    for (const k of Object.keys(rows)) rows[k] = null;
  }

  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('../apps/api/dist/app.module');
  const { readConfig } = require('../apps/api/dist/config');
  const { WorklistService } = require('../apps/api/dist/worklist/worklist.service');
  const { OverviewService } = require('../apps/api/dist/overview/overview.service');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(readConfig({ JWT_SECRET: 'bench' }, url)), {
    logger: ['error'],
  });
  const worklist = app.get(WorklistService);
  const overview = app.get(OverviewService);
  const beheerder = {
    id: '00000000-0000-0000-0000-000000000000',
    username: 'bench',
    role: 'beheerder',
    gemeente: null,
  };
  const { rows: sizes } = await c.query(
    'SELECT gemeente_code AS g, count(*)::int AS n FROM participant GROUP BY 1 ORDER BY 2 DESC LIMIT 1',
  );
  const [{ n: participants }] = (await c.query('SELECT count(*)::int AS n FROM participant')).rows;
  const [{ n: events }] = (await c.query('SELECT count(*)::int AS n FROM milestone_event')).rows;
  console.log(`${participants} participants, ${events} events, ${RUNS} calls each`);
  await runAsSystem(async () => {
    const all = await time('worklist, every gemeente', () => worklist.list(beheerder));
    console.log(`  ${all.total} rows: ${JSON.stringify(all.byReason)}`);
    const one = await time(`worklist, ${sizes[0].g} (${sizes[0].n} participants)`, () =>
      worklist.list(beheerder, sizes[0].g),
    );
    console.log(`  ${one.total} rows`);
    await time('start page of a beheerder', () => overview.get(beheerder));
  });

  await app.close();
  await c.end();
  if (server) {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
