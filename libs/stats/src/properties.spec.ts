// Property tests (fast-check): intervals contain their estimate and stay in bounds; swapping arms
// flips the sign of the difference and keeps the p-value.
import fc from 'fast-check';
import {
  adjustPValues,
  compareProportions,
  compareScores,
  cumulativeIncidence,
  grayTest,
  logRankTest,
  mantelHaenszel,
  newcombeInterval,
  wilsonInterval,
} from './index';

const arm = fc
  .integer({ min: 0, max: 400 })
  .chain((total) => fc.record({ successes: fc.integer({ min: 0, max: total }), total: fc.constant(total) }));
const nonEmptyArm = fc
  .integer({ min: 1, max: 400 })
  .chain((total) => fc.record({ successes: fc.integer({ min: 0, max: total }), total: fc.constant(total) }));
const level = fc.constantFrom(0.8, 0.9, 0.95, 0.99);
const samePValue = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 + 1e-9 * Math.max(a, b));
const params = { numRuns: 300, seed: 20270101 };

describe('interval properties', () => {
  it('Wilson contains x/n and stays in [0, 1]', () => {
    fc.assert(
      fc.property(nonEmptyArm, level, (a, lv) => {
        const [lo, hi] = wilsonInterval(a.successes, a.total, lv);
        const p = a.successes / a.total;
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(p);
        expect(hi).toBeGreaterThanOrEqual(p);
      }),
      params,
    );
  });
  it('Newcombe contains the difference and stays in [−1, 1]; ratio intervals contain the ratio', () => {
    fc.assert(
      fc.property(nonEmptyArm, nonEmptyArm, (t, c) => {
        const r = compareProportions(t, c);
        const [lo, hi] = r.riskDifferenceCi!;
        expect(lo).toBeGreaterThanOrEqual(-1);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(r.riskDifference!);
        expect(hi).toBeGreaterThanOrEqual(r.riskDifference!);
        if (r.riskRatioCi) {
          expect(r.riskRatioCi[0]).toBeLessThanOrEqual(r.riskRatio! * (1 + 1e-12));
          expect(r.riskRatioCi[1]).toBeGreaterThanOrEqual(r.riskRatio! * (1 - 1e-12));
        }
        if (r.oddsRatioCi) {
          expect(r.oddsRatioCi[0]).toBeLessThanOrEqual(r.oddsRatio! * (1 + 1e-12));
          expect(r.oddsRatioCi[1]).toBeGreaterThanOrEqual(r.oddsRatio! * (1 - 1e-12));
        }
        for (const p of [
          r.fisherPValue,
          r.chiSquarePValue,
          r.chiSquarePValueCorrected,
          r.zTestPValue,
          r.probabilityBetter,
        ]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }),
      params,
    );
  });
  it('cumulative incidence lies in [0, 1] inside its interval, and causes sum to at most 1', () => {
    const rec = fc.record({ time: fc.integer({ min: 0, max: 60 }), cause: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 80 }), (recs) => {
        const pts = cumulativeIncidence(recs, [0, 10, 30, 60], { causes: [1, 2, 3] });
        const last = Math.max(...recs.map((r) => r.time));
        for (const p of pts) {
          // unknown exactly after the last follow-up time, known (a number) up to it
          expect(p.value === null).toBe(p.day > last);
          if (p.value === null) {
            expect([p.ci95, p.se]).toEqual([null, null]);
            continue;
          }
          expect(p.value).toBeGreaterThanOrEqual(0);
          expect(p.value).toBeLessThanOrEqual(1 + 1e-12);
          expect(p.ci95![0]).toBeLessThanOrEqual(p.value + 1e-12);
          expect(p.ci95![1]).toBeGreaterThanOrEqual(p.value - 1e-12);
          expect(p.ci95![0]).toBeGreaterThanOrEqual(0);
          expect(p.ci95![1]).toBeLessThanOrEqual(1);
        }
        for (let i = 0; i < pts.length; i += 3)
          expect((pts[i].value ?? 0) + (pts[i + 1].value ?? 0) + (pts[i + 2].value ?? 0)).toBeLessThanOrEqual(
            1 + 1e-12,
          );
      }),
      params,
    );
  });
});

describe('swapping arms', () => {
  it('flips the difference and keeps every p-value (proportions)', () => {
    fc.assert(
      fc.property(arm, arm, (t, c) => {
        const a = compareProportions(t, c);
        const b = compareProportions(c, t);
        if (a.riskDifference === null) expect(b.riskDifference).toBeNull();
        else {
          expect(b.riskDifference).toBeCloseTo(-a.riskDifference, 14);
          expect(b.riskDifferenceCi![0]).toBeCloseTo(-a.riskDifferenceCi![1], 12);
          expect(b.riskDifferenceCi![1]).toBeCloseTo(-a.riskDifferenceCi![0], 12);
        }
        samePValue(a.fisherPValue, b.fisherPValue);
        samePValue(a.chiSquarePValue, b.chiSquarePValue);
        samePValue(a.chiSquarePValueCorrected, b.chiSquarePValueCorrected);
        samePValue(a.zTestPValue, b.zTestPValue);
        expect(a.probabilityBetter + b.probabilityBetter).toBeCloseTo(1, 9);
      }),
      params,
    );
  });
  it('Newcombe is antisymmetric', () => {
    fc.assert(
      fc.property(nonEmptyArm, nonEmptyArm, (t, c) => {
        const a = newcombeInterval(t, c)!;
        const b = newcombeInterval(c, t)!;
        expect(b[0]).toBeCloseTo(-a[1], 12);
        expect(b[1]).toBeCloseTo(-a[0], 12);
      }),
      params,
    );
  });
  it('flips the stratified difference, inverts the odds ratio and keeps the CMH and Breslow–Day p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ treatment: nonEmptyArm, control: nonEmptyArm }), { minLength: 1, maxLength: 12 }),
        (strata) => {
          const a = mantelHaenszel(strata);
          const b = mantelHaenszel(strata.map((s) => ({ treatment: s.control, control: s.treatment })));
          expect(b.riskDifference!).toBeCloseTo(-a.riskDifference!, 12);
          samePValue(a.cmhPValue, b.cmhPValue);
          samePValue(a.cmhPValueCorrected, b.cmhPValueCorrected);
          if (a.commonOddsRatio !== null && a.commonOddsRatio > 0)
            expect(b.commonOddsRatio! * a.commonOddsRatio).toBeCloseTo(1, 9);
          if (a.breslowDayPValue !== null && b.breslowDayPValue !== null)
            expect(Math.abs(a.breslowDayPValue - b.breslowDayPValue)).toBeLessThan(1e-7);
          if (a.riskDifferenceCi) {
            expect(a.riskDifferenceCi[0]).toBeLessThanOrEqual(a.riskDifference! + 1e-12);
            expect(a.riskDifferenceCi[1]).toBeGreaterThanOrEqual(a.riskDifference! - 1e-12);
          }
        },
      ),
      params,
    );
  });
  it('flips the mean difference and keeps the Welch and Mann–Whitney p (scores)', () => {
    const sample = fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 0, maxLength: 60 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = compareScores(x, y);
        const b = compareScores(y, x);
        if (a.meanDifference === null) expect(b.meanDifference).toBeNull();
        else expect(b.meanDifference!).toBeCloseTo(-a.meanDifference, 12);
        samePValue(a.welchPValue, b.welchPValue);
        samePValue(a.mannWhitneyPValue, b.mannWhitneyPValue);
        if (x.length && y.length) expect(a.mannWhitneyU + b.mannWhitneyU).toBeCloseTo(x.length * y.length, 9);
        if (a.welchCi) {
          expect(a.welchCi[0]).toBeLessThanOrEqual(a.meanDifference!);
          expect(a.welchCi[1]).toBeGreaterThanOrEqual(a.meanDifference!);
        }
      }),
      params,
    );
  });
  it('relabelling the groups keeps the Gray and log-rank p', () => {
    const rec = fc.record({
      time: fc.integer({ min: 0, max: 40 }),
      cause: fc.integer({ min: 0, max: 2 }),
      group: fc.constantFrom('a', 'b'),
    });
    fc.assert(
      fc.property(fc.array(rec, { minLength: 2, maxLength: 80 }), (recs) => {
        const swapped = recs.map((r) => ({ ...r, group: r.group === 'a' ? 'z' : 'a' }));
        samePValue(grayTest(recs).pValue, grayTest(swapped).pValue);
        samePValue(logRankTest(recs).pValue, logRankTest(swapped).pValue);
      }),
      params,
    );
  });
});

describe('multiplicity properties', () => {
  it('adjusted p-values are ≥ raw, ≤ 1, and keep the order of the raw p-values; BH ≤ Holm', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (ps) => {
        const holm = adjustPValues(ps, 'holm');
        const bh = adjustPValues(ps, 'bh');
        ps.forEach((p, i) => {
          expect(holm[i]).toBeGreaterThanOrEqual(p);
          expect(bh[i]).toBeGreaterThanOrEqual(p);
          expect(holm[i]).toBeLessThanOrEqual(1);
          expect(bh[i]).toBeLessThanOrEqual(holm[i] + 1e-15);
          ps.forEach((q, j) => {
            if (p < q) {
              expect(holm[i]).toBeLessThanOrEqual(holm[j]);
              expect(bh[i]).toBeLessThanOrEqual(bh[j]);
            }
          });
        });
      }),
      params,
    );
  });
});
