// Edge cases of issue 3: each returns a defined value or throws StatsInputError, never NaN/Infinity.
import {
  adjustPValues,
  compareProportions,
  compareScores,
  cumulativeIncidence,
  fisherExact,
  grayTest,
  iccAndDesignEffect,
  logRankTest,
  mantelHaenszel,
  minimumDetectableEffect,
  obrienFlemingBoundaries,
  permutationTest,
  probabilityBetter,
  sampleSizeTwoProportions,
  srmCheck,
  StatsInputError,
  wilsonInterval,
  numberNeededToTreat,
  costPerExtraSuccess,
  normalUpper,
  chiSquareUpper,
  studentTQuantile,
  normalQuantile,
} from './index';

/** Walks any result and fails on NaN or ±Infinity. */
function expectNoNaN(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => expectNoNaN(v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expectNoNaN(v, `${path}.${k}`);
}

describe('proportions edge cases', () => {
  it('0 of 0 gives [0, 1]', () => expect(wilsonInterval(0, 0)).toEqual([0, 1]));
  it('0 of n starts at 0, n of n ends at 1', () => {
    expect(wilsonInterval(0, 25)[0]).toBe(0);
    expect(wilsonInterval(25, 25)[1]).toBe(1);
  });
  it('an empty arm: null estimates, p = 1, prior chance 0.5 when both empty', () => {
    const r = compareProportions({ successes: 0, total: 0 }, { successes: 3, total: 10 });
    expectNoNaN(r);
    expect(r.riskDifference).toBeNull();
    expect(r.riskDifferenceCi).toBeNull();
    expect(r.riskRatio).toBeNull();
    expect(r.fisherPValue).toBe(1);
    expect(r.zTestPValue).toBe(1);
    expect(r.chiSquarePValue).toBe(1);
    expect(compareProportions({ successes: 0, total: 0 }, { successes: 0, total: 0 }).probabilityBetter).toBeCloseTo(
      0.5,
      12,
    );
  });
  it('0 of n in both arms: difference 0, ratios null, p = 1', () => {
    const r = compareProportions({ successes: 0, total: 40 }, { successes: 0, total: 30 });
    expectNoNaN(r);
    expect(r.riskDifference).toBe(0);
    expect(r.riskRatio).toBeNull();
    expect(r.oddsRatio).toBeNull();
    expect(r.fisherPValue).toBe(1);
    expect(r.zTestPValue).toBe(1);
  });
  it('n of n against 0 of n: extreme but finite', () => {
    const r = compareProportions({ successes: 20, total: 20 }, { successes: 0, total: 20 });
    expectNoNaN(r);
    expect(r.riskDifference).toBe(1);
    expect(r.riskRatio).toBeNull();
    expect(r.oddsRatio).toBeNull();
    expect(r.riskDifferenceCi![1]).toBeLessThanOrEqual(1);
    expect(r.probabilityBetter).toBeGreaterThan(0.999999);
  });
  it('risk ratio 0 has no log interval', () => {
    const r = compareProportions({ successes: 0, total: 20 }, { successes: 5, total: 20 });
    expect(r.riskRatio).toBe(0);
    expect(r.riskRatioCi).toBeNull();
    expect(r.oddsRatio).toBe(0);
    expect(r.oddsRatioCi).toBeNull();
  });
  it('Fisher works in log space for 10,000 per arm', () => {
    const p = fisherExact(5200, 4800, 5000, 5000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.01);
    expect(fisherExact(8000, 2000, 2000, 8000)).toBeGreaterThanOrEqual(0);
  });
  it('probabilityBetter is exact for 10,000 per arm', () => {
    const p = probabilityBetter({ successes: 5000, total: 10000 }, { successes: 5000, total: 10000 });
    expect(p).toBeCloseTo(0.5, 10);
  });
  it('rejects invalid counts with StatsInputError', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(StatsInputError);
    expect(() => wilsonInterval(-1, 3)).toThrow(StatsInputError);
    expect(() => wilsonInterval(1.5, 3)).toThrow(/non-negative integer/);
    expect(() => compareProportions({ successes: NaN, total: 3 }, { successes: 1, total: 3 })).toThrow(StatsInputError);
    expect(() => fisherExact(1, 2, 3, Infinity)).toThrow(StatsInputError);
  });
  it('NNT is not estimable when the interval crosses 0', () => {
    expect(numberNeededToTreat(0.1, [-0.02, 0.22]).ci).toBeNull();
    const r = numberNeededToTreat(0.1, [0.05, 0.2]);
    expect(r.nnt).toBeCloseTo(10, 12);
    expect(r.ci).toEqual([5, 20]);
    expect(numberNeededToTreat(0, [-0.1, 0.1]).nnt).toBeNull();
    expect(costPerExtraSuccess(14, 6, 0, null)).toEqual({ value: null, estimable: false });
    expect(costPerExtraSuccess(14, 6, 0.1, [0.05, 0.15]).value).toBeCloseTo(80, 10);
  });
});

describe('stratified edge cases', () => {
  it('no strata at all', () => {
    const r = mantelHaenszel([]);
    expectNoNaN(r);
    expect(r).toMatchObject({ cmhPValue: 1, commonOddsRatio: null, riskDifference: null, breslowDayPValue: null });
  });
  it('empty strata and strata with one arm empty are left out and named', () => {
    const r = mantelHaenszel([
      { treatment: { successes: 0, total: 0 }, control: { successes: 0, total: 0 } },
      { treatment: { successes: 3, total: 10 }, control: { successes: 0, total: 0 } },
      { treatment: { successes: 6, total: 10 }, control: { successes: 3, total: 10 } },
    ]);
    expectNoNaN(r);
    expect(r.strataExcluded).toEqual([0, 1]);
    expect(r.strataUsed).toEqual([2]);
    expect(r.breslowDayPValue).toBeNull(); // one stratum: no homogeneity test
    expect(r.commonOddsRatio).toBeCloseTo(3.5, 12);
  });
  it('no events anywhere: p = 1 and ratios null', () => {
    const r = mantelHaenszel([
      { treatment: { successes: 0, total: 10 }, control: { successes: 0, total: 12 } },
      { treatment: { successes: 0, total: 5 }, control: { successes: 0, total: 7 } },
    ]);
    expectNoNaN(r);
    expect(r.cmhPValue).toBe(1);
    expect(r.commonOddsRatio).toBeNull();
    expect(r.riskDifference).toBe(0);
  });
});

describe('competing risks edge cases', () => {
  it('no records', () => {
    expect(cumulativeIncidence([], [90])).toEqual(
      [1, 2, 3].map((cause) => ({ day: 90, cause, value: null, ci95: null, se: null })),
    );
    expect(grayTest([])).toMatchObject({ pValue: 1 });
    expect(logRankTest([])).toMatchObject({ pValue: 1 });
  });
  it('all censored: incidence 0 with interval [0, 0], tests p = 1', () => {
    const recs = [1, 2, 3, 4].map((t, i) => ({ time: t, cause: 0, group: i % 2 ? 'a' : 'b' }));
    const ci = cumulativeIncidence(recs, [2], { causes: [1] });
    expect(ci).toEqual([{ day: 2, cause: 1, value: 0, ci95: [0, 0], se: 0 }]);
    expect(grayTest(recs)).toMatchObject({ statistic: 0, pValue: 1 });
    expect(logRankTest(recs)).toMatchObject({ statistic: 0, pValue: 1 });
  });
  it('a single group: p = 1', () => {
    const recs = [1, 2, 3].map((t) => ({ time: t, cause: 1, group: 'a' }));
    expect(grayTest(recs)).toEqual({ statistic: 0, df: 0, pValue: 1 });
    expect(logRankTest(recs).pValue).toBe(1);
  });
  it('times of 0 count as events on day 0', () => {
    const ci = cumulativeIncidence(
      [
        { time: 0, cause: 1 },
        { time: 0, cause: 0 },
        { time: 3, cause: 2 },
        { time: 5, cause: 0 },
      ],
      [0, 3],
    );
    expectNoNaN(ci);
    expect(ci[0].value).toBeCloseTo(0.25, 14);
  });
  it('everybody has the event: F = 1 with a finite interval', () => {
    const ci = cumulativeIncidence(
      [
        { time: 1, cause: 1 },
        { time: 2, cause: 1 },
      ],
      [5],
      { extend: true },
    );
    expectNoNaN(ci);
    expect(ci[0].value).toBe(1);
    expect(ci[0].ci95![1]).toBe(1);
  });
  it('days after the last observation are null (unknown) unless extend carries the estimate forward', () => {
    const recs = [
      { time: 10, cause: 1 },
      { time: 20, cause: 0 },
    ];
    expect(cumulativeIncidence(recs, [15, 20, 365], { causes: [1] }).map((p) => [p.day, p.value, p.ci95])).toEqual([
      [15, 0.5, expect.any(Array)],
      [20, 0.5, expect.any(Array)],
      [365, null, null],
    ]);
    expect(cumulativeIncidence(recs, [15, 365], { causes: [1], extend: true }).map((p) => [p.day, p.value])).toEqual([
      [15, 0.5],
      [365, 0.5],
    ]);
  });
  it('every requested day for every cause 1–3: 0 for a cause without events, in the order of the days', () => {
    const recs = [
      { time: 10, cause: 1 },
      { time: 20, cause: 0 },
    ];
    expect(cumulativeIncidence(recs, [20, 5]).map((p) => [p.day, p.cause, p.value, p.ci95, p.se])).toEqual([
      [20, 1, 0.5, expect.any(Array), expect.any(Number)],
      [20, 2, 0, [0, 0], 0],
      [20, 3, 0, [0, 0], 0],
      [5, 1, 0, [0, 0], 0],
      [5, 2, 0, [0, 0], 0],
      [5, 3, 0, [0, 0], 0],
    ]);
    // a cause above 3 that occurs is reported too
    expect(cumulativeIncidence([{ time: 1, cause: 4 }], [1]).map((p) => p.cause)).toEqual([1, 2, 3, 4]);
  });
  it('fractional or far-apart times give the same estimates as whole days (both tabulation paths)', () => {
    const recs = Array.from({ length: 60 }, (_, i) => ({ time: (i * 7) % 23, cause: i % 4, group: i % 3 ? 'a' : 'b' }));
    const scaled = recs.map((r) => ({ ...r, time: r.time * 0.5 + 0.25 }));
    const far = recs.map((r) => ({ ...r, time: r.time * 1e6 }));
    const base = cumulativeIncidence(recs, [5, 10, 20]);
    expect(cumulativeIncidence(scaled, [2.75, 5.25, 10.25]).map((p) => [p.value, p.se])).toEqual(
      base.map((p) => [p.value, p.se]),
    );
    expect(cumulativeIncidence(far, [5e6, 10e6, 20e6]).map((p) => [p.value, p.se])).toEqual(
      base.map((p) => [p.value, p.se]),
    );
    expect(grayTest(scaled).pValue).toBeCloseTo(grayTest(recs).pValue, 14);
    expect(logRankTest(far).pValue).toBeCloseTo(logRankTest(recs).pValue, 14);
  });
  it('rejects negative times and bad causes', () => {
    expect(() => cumulativeIncidence([{ time: -1, cause: 1 }], [1])).toThrow(StatsInputError);
    expect(() => cumulativeIncidence([{ time: 1, cause: 0.5 }], [1])).toThrow(StatsInputError);
    expect(() => grayTest([{ time: 1, cause: 1, group: NaN }])).toThrow(StatsInputError);
  });
});

describe('scores edge cases', () => {
  it('all scores tied: p = 1', () => {
    const r = compareScores([7, 7, 7], [7, 7]);
    expectNoNaN(r);
    expect(r).toMatchObject({
      meanDifference: 0,
      welchCi: null,
      welchPValue: 1,
      mannWhitneyU: 3,
      mannWhitneyPValue: 1,
    });
  });
  it('an empty or single-value sample: p = 1', () => {
    expect(compareScores([], [1, 2, 3])).toMatchObject({ meanDifference: null, welchPValue: 1, mannWhitneyPValue: 1 });
    const r = compareScores([8], [1, 2, 3]);
    expectNoNaN(r);
    expect(r.welchPValue).toBe(1);
    expect(r.meanDifference).toBe(6);
  });
  it('rejects non-numbers', () => expect(() => compareScores([1, NaN], [1])).toThrow(StatsInputError));
});

describe('guards edge cases', () => {
  it('p.adjust of nothing and invalid input', () => {
    expect(adjustPValues([], 'holm')).toEqual([]);
    expect(() => adjustPValues([1.2], 'bh')).toThrow(StatsInputError);
    expect(() => adjustPValues([0.1], 'bonferroni' as 'holm')).toThrow(StatsInputError);
  });
  it('srm with nobody enrolled or a single arm', () => {
    expect(srmCheck([0, 0], [1, 1])).toMatchObject({ pValue: 1, mismatch: false });
    expect(srmCheck([10], [1])).toMatchObject({ pValue: 1, mismatch: false });
    expect(() => srmCheck([1, 2], [1])).toThrow(StatsInputError);
    expect(() => srmCheck([1, 2], [1, 0])).toThrow(StatsInputError);
  });
  it('power input checks', () => {
    expect(() => sampleSizeTwoProportions({ baseline: 0.6, effect: 0 })).toThrow(StatsInputError);
    expect(() => sampleSizeTwoProportions({ baseline: 0.95, effect: 0.1 })).toThrow(StatsInputError);
    expect(() => sampleSizeTwoProportions({ baseline: 0, effect: 0.1 })).toThrow(StatsInputError);
    expect(minimumDetectableEffect({ baseline: 0.6, control: 0, treatment: 10 })).toBeNull();
    expect(minimumDetectableEffect({ baseline: 0.6, control: 1, treatment: 1 })).toBeNull();
  });
  it('sequential input checks', () => {
    expect(() => obrienFlemingBoundaries([0.5, 0.4])).toThrow(StatsInputError);
    expect(() => obrienFlemingBoundaries([0, 1])).toThrow(StatsInputError);
    expect(() => obrienFlemingBoundaries([1.2])).toThrow(StatsInputError);
    expect(() => obrienFlemingBoundaries([0.001, 1])).toThrow(/too small/);
    expect(obrienFlemingBoundaries([1])[0]).toBeCloseTo(1.959963984540054, 12);
  });
  it('cluster helpers', () => {
    expect(permutationTest([], [0.1, 0.2]).pValue).toBe(1);
    expect(() => permutationTest(new Array(11).fill(0.1), new Array(10).fill(0.2))).toThrow(StatsInputError);
    expect(iccAndDesignEffect([{ successes: 1, total: 2 }])).toMatchObject({ icc: null, designEffect: null });
  });
  it('distribution tails stay accurate far out', () => {
    expect(normalUpper(10) / 7.619853024160527e-24).toBeCloseTo(1, 12); // R: pnorm(10, lower.tail = FALSE)
    expect(chiSquareUpper(100, 1) / 1.523970604832105e-23).toBeCloseTo(1, 10); // R: pchisq(100, 1, lower.tail = FALSE)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14); // R: qnorm(0.975)
    expect(studentTQuantile(0.975, 3.5)).toBeCloseTo(2.9400886379827291, 12); // R: qt(0.975, 3.5)
  });
});
