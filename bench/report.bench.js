/**
 * npm run bench:report — the quarterly report at national scale.
 *
 * Loads the national synthetic workload (seeds/src/national.ts: 342 gemeenten, 500,000
 * participants, ~3 million events; BENCH_PARTICIPANTS to change) with COPY into a throwaway
 * embedded PostgreSQL (or BENCH_DATABASE_URL, a database that may be emptied), then measures:
 *   - one experiment's results (GET …/results): p50/p99 over repeated calls;
 *   - the bare SQL aggregation the quarterly report needs (window counts, time-to-event rows,
 *     scores and CONSORT per experiment; the funnel, data-quality and submitted-funnel queries),
 *     and the whole report, in the same run.
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
const { startEmbeddedPostgres, ensureDatabase, runMigrations } = require('@living-lab/db');
const { generateNational } = require('@living-lab/seeds');

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 500000);

async function copy(client, sql, rows) {
  await pipeline(Readable.from(rows), client.query(copyFrom(sql)));
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
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

  // 2. the app's services on this database
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('../apps/api/dist/app.module');
  const { readConfig } = require('../apps/api/dist/config');
  const { ResultsService } = require('../apps/api/dist/results/results.service');
  const { ResultsRepository } = require('../apps/api/dist/results/results.repository');
  const { ReportsService } = require('../apps/api/dist/reports/reports.service');
  const { ReportsRepository } = require('../apps/api/dist/reports/reports.repository');
  const { parseQuarter } = require('../apps/api/dist/reports/quarter');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(readConfig({ JWT_SECRET: 'bench' }, url)), {
    logger: ['error'],
  });
  const results = app.get(ResultsService);
  const resultsRepo = app.get(ResultsRepository);
  const reports = app.get(ReportsService);
  const reportsRepo = app.get(ReportsRepository);
  const dataQualityRepo = app.get(
    require('../apps/api/dist/data-quality/data-quality.repository').DataQualityRepository,
  );
  const funnelRepo = app.get(require('../apps/api/dist/funnel/funnel.repository').FunnelRepository);
  const asOf = '2026-09-30';

  const one = [];
  await results.results('landelijk-1', { asOf });
  for (let i = 0; i < 30; i++) {
    const t = process.hrtime.bigint();
    await results.results('landelijk-1', { asOf });
    one.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const enrolled = (await c.query("SELECT count(*)::int AS n FROM enrolment WHERE experiment_key = 'landelijk-1'"))
    .rows[0].n;
  console.log(
    `one experiment's results (${enrolled} participants): p50 ${percentile(one, 50).toFixed(0)} ms, p99 ${percentile(one, 99).toFixed(0)} ms (30 calls)`,
  );

  const q = parseQuarter('2026-Q3');
  const bare = [];
  const full = [];
  for (let i = 0; i < 3; i++) {
    let t = Date.now();
    for (const e of exps) {
      await resultsRepo.windowCounts(e.key, asOf, 180, [
        'gereed_voor_schuldregeling',
        'uitval',
        'akkoord_schuldregeling',
      ]);
      await resultsRepo.timeToEvent(e.key, asOf);
      await resultsRepo.scores(e.key, asOf);
      await reportsRepo.consort(e.key, asOf, 180);
    }
    await reportsRepo.funnel('2025-10-01', q.end); // this quarter and the three before
    await dataQualityRepo.figuresByGemeente(null, q.start, q.end, asOf);
    await funnelRepo.quarterCounts('2026-Q3');
    await funnelRepo.platformCounts(q.start, q.end);
    bare.push(Date.now() - t);
    t = Date.now();
    await reports.compute(q);
    full.push(Date.now() - t);
  }
  const b = Math.min(...bare);
  const f = Math.min(...full);
  console.log(`quarterly report: ${f} ms; its bare SQL aggregation: ${b} ms; ratio ${(f / b).toFixed(2)} (best of 3)`);

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
