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
const { loadNationalWorkload } = require('./national-workload');
const { runAsSystem } = require('@living-lab/db');

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

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
  const { url, c, close } = await loadNationalWorkload(PARTICIPANTS);

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
  await close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
