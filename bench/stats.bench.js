// Benchmark of @living-lab/stats (issue 3). Run: npm run bench:stats (builds first), or after
// `npx tsc -b libs/stats`: node bench/stats.bench.js. Prints operations per second; not a test.
'use strict';
const stats = require('@living-lab/stats');

// the project's seeded PRNG (seeds/src/prng.ts)
const { mulberry32 } = require('@living-lab/seeds');
const rand = mulberry32(2027);

/** Runs fn repeatedly for about `ms` milliseconds (after a warm-up) and returns ops/s and ms/op. */
function bench(name, fn, ms = 1500) {
  for (let i = 0; i < 3; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms) {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const per = elapsed / n;
  console.log(`${name.padEnd(58)} ${(1000 / per).toFixed(1).padStart(10)} ops/s  ${per.toFixed(3).padStart(9)} ms/op`);
  return per;
}

// ---- synthetic experiment: 100,000 participants, 342 gemeenten, two arms
const N = 100000;
const G = 342;
const participants = [];
for (let i = 0; i < N; i++) {
  const gemeente = Math.floor(rand() * G);
  const arm = rand() < 0.5 ? 'controle' : 'coaching';
  const complete = rand() < 0.7;
  const pGereed = arm === 'coaching' ? 0.62 : 0.58;
  const u = rand();
  // competing risks: time to first terminal event (days), cause 1 gereed, 2 uitval, 3 other, 0 censored
  const cause = u < pGereed ? 1 : u < pGereed + 0.2 ? 2 : u < pGereed + 0.25 ? 3 : 0;
  const time = Math.floor(rand() * 400);
  participants.push({
    gemeente,
    arm,
    complete,
    gereed: cause === 1 && time <= 180,
    uitval: cause === 2 && time <= 180,
    time,
    cause,
  });
}
const records = participants.map((p) => ({ time: p.time, cause: p.cause, group: p.arm }));
const byArm = {
  controle: records.filter((r) => r.group === 'controle'),
  coaching: records.filter((r) => r.group === 'coaching'),
};
const scores = { controle: [], coaching: [] };
for (const p of participants) if (rand() < 0.3) scores[p.arm].push(1 + Math.floor(rand() * 10));

function armCounts(metric, filter) {
  const out = { controle: { successes: 0, total: 0 }, coaching: { successes: 0, total: 0 } };
  for (const p of participants)
    if (p.complete && filter(p)) {
      out[p.arm].total++;
      if (p[metric]) out[p.arm].successes++;
    }
  return out;
}

// ---- the three named benchmarks
bench('Fisher exact, 5,000 vs 5,000 (2,600 vs 2,500 successes)', () => stats.fisherExact(2600, 2400, 2500, 2500));
const strata = [];
for (let g = 0; g < G; g++) {
  const n1 = 20 + Math.floor(rand() * 280);
  const n0 = 20 + Math.floor(rand() * 280);
  const p = 0.4 + 0.3 * rand();
  let x1 = 0;
  let x0 = 0;
  for (let i = 0; i < n1; i++) if (rand() < p + 0.04) x1++;
  for (let i = 0; i < n0; i++) if (rand() < p) x0++;
  strata.push({ treatment: { successes: x1, total: n1 }, control: { successes: x0, total: n0 } });
}
bench('CMH + MH OR/RD + Breslow–Day over 342 strata', () => stats.mantelHaenszel(strata));
bench('Aalen–Johansen (2 arms, 3 days, 3 causes) + Gray, 100,000 records', () => {
  stats.cumulativeIncidence(byArm.controle, [90, 180, 365]);
  stats.cumulativeIncidence(byArm.coaching, [90, 180, 365]);
  stats.grayTest(records, 1);
});
bench('Gray test alone, 100,000 records', () => stats.grayTest(records, 1));
bench('Aalen–Johansen one arm (~50,000 records, 3 days)', () =>
  stats.cumulativeIncidence(byArm.controle, [90, 180, 365]),
);

// ---- full analysis of one experiment (what the results endpoint computes), data already grouped
function fullAnalysis() {
  const out = { metrics: [] };
  const all = { controle: 0, coaching: 0 };
  for (const p of participants) all[p.arm]++;
  out.srm = stats.srmCheck([all.controle, all.coaching], [1, 1]);
  const pValues = [];
  for (const [metric, cause] of [
    ['gereed', 1],
    ['uitval', 2],
  ]) {
    const arms = armCounts(metric, () => true);
    const perGemeente = Array.from({ length: G }, () => ({
      treatment: { successes: 0, total: 0 },
      control: { successes: 0, total: 0 },
    }));
    for (const p of participants) {
      if (!p.complete) continue;
      const s = perGemeente[p.gemeente][p.arm === 'coaching' ? 'treatment' : 'control'];
      s.total++;
      if (p[metric]) s.successes++;
    }
    const res = {
      ci: [
        stats.wilsonInterval(arms.controle.successes, arms.controle.total),
        stats.wilsonInterval(arms.coaching.successes, arms.coaching.total),
      ],
      comparison: stats.compareProportions(arms.coaching, arms.controle),
      stratified: stats.mantelHaenszel(perGemeente),
      byGemeente: perGemeente.map((s) => [
        stats.wilsonInterval(s.treatment.successes, s.treatment.total),
        stats.wilsonInterval(s.control.successes, s.control.total),
      ]),
      incidence: [
        stats.cumulativeIncidence(byArm.controle, [90, 180, 365]),
        stats.cumulativeIncidence(byArm.coaching, [90, 180, 365]),
      ],
      gray: stats.grayTest(records, cause),
      logRank: stats.logRankTest(records, cause),
      mde: stats.minimumDetectableEffect({
        baseline: 0.58,
        control: arms.controle.total,
        treatment: arms.coaching.total,
      }),
      plan: stats.sampleSizeTwoProportions({ baseline: 0.6, effect: 0.1 }),
      boundaries: stats.obrienFlemingBoundaries([0.25, 0.5, 0.75, 1]),
    };
    res.nnt = stats.numberNeededToTreat(res.comparison.riskDifference, res.comparison.riskDifferenceCi);
    pValues.push(res.comparison.fisherPValue);
    out.metrics.push(res);
  }
  // beleving: rapportcijfer plus six 1–5 items, compared once each
  out.beleving = [];
  for (let item = 0; item < 7; item++) {
    out.beleving.push({
      arms: [stats.describeScores(scores.controle), stats.describeScores(scores.coaching)],
      comparison: stats.compareScores(scores.coaching, scores.controle),
    });
    pValues.push(out.beleving[item].comparison.welchPValue);
  }
  out.holm = stats.adjustPValues(pValues, 'holm');
  out.bh = stats.adjustPValues(pValues, 'bh');
  return out;
}
const per = bench(
  'FULL experiment: 100,000 participants, 342 gemeenten, 2 metrics + 7 score items',
  fullAnalysis,
  3000,
);
console.log(
  `\nfull analysis of one experiment: ${per.toFixed(1)} ms on one core (target < 200 ms) — ${per < 200 ? 'OK' : 'TOO SLOW'}`,
);
console.log(`(scores per arm: ${scores.controle.length} / ${scores.coaching.length}; node ${process.version})`);
