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
const { loadNationalWorkload } = require('./national-workload');

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 500000);

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function main() {
  const { url, c, exps, close } = await loadNationalWorkload(PARTICIPANTS);

  // 2. the app's services on this database
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('../apps/api/dist/app.module');
  const { readConfig } = require('../apps/api/dist/config');
  const { ResultsService } = require('../apps/api/dist/results/results.service');
  const { ResultsRepository } = require('../apps/api/dist/results/results.repository');
  const { ReportsService } = require('../apps/api/dist/reports/reports.service');
  const { ReportsRepository } = require('../apps/api/dist/reports/reports.repository');
  const { parseQuarter } = require('@living-lab/domain');
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
    // the sector funnel: this quarter and the three before, flows and uitval by phase
    await funnelRepo.flows('2025-10-01', q.end);
    await funnelRepo.uitvalPhases('2025-10-01', q.end);
    await dataQualityRepo.figuresByGemeente(null, q.start, q.end, asOf);
    await funnelRepo.quarterCounts('2026-Q3');
    await funnelRepo.flows(q.start, q.end);
    bare.push(Date.now() - t);
    t = Date.now();
    await reports.compute(q);
    full.push(Date.now() - t);
  }
  const b = Math.min(...bare);
  const f = Math.min(...full);
  console.log(`quarterly report: ${f} ms; its bare SQL aggregation: ${b} ms; ratio ${(f / b).toFixed(2)} (best of 3)`);

  await app.close();
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
