// Validity by simulation (issue 3): seeded A/A experiments of 50–200 per arm. Runs in the normal
// test run (a few seconds). Figures are printed so the note can quote them.
import { binomial, mulberry32 } from '../test/helpers';
import { compareProportions, mantelHaenszel, newcombeInterval } from './index';

const EXPERIMENTS = 4000;

describe('false-positive rates in A/A experiments at α = 0.05', () => {
  it('z / chi-square and CMH lie in [0.035, 0.065]; Fisher stays ≤ 0.065', () => {
    const rand = mulberry32(20270101);
    let z = 0;
    let chi = 0;
    let fisher = 0;
    let cmh = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      const p = 0.2 + 0.6 * rand();
      const n1 = 50 + Math.floor(rand() * 151);
      const n0 = 50 + Math.floor(rand() * 151);
      const r = compareProportions(
        { successes: binomial(rand, n1, p), total: n1 },
        { successes: binomial(rand, n0, p), total: n0 },
      );
      if (r.zTestPValue < 0.05) z++;
      if (r.chiSquarePValue < 0.05) chi++;
      if (r.fisherPValue < 0.05) fisher++;
      // stratified A/A: 4 gemeenten with different baselines, 50–200 per arm in total
      const strata = [];
      for (let k = 0; k < 4; k++) {
        const pk = 0.15 + 0.7 * rand();
        const m1 = 12 + Math.floor(rand() * 39);
        const m0 = 12 + Math.floor(rand() * 39);
        strata.push({
          treatment: { successes: binomial(rand, m1, pk), total: m1 },
          control: { successes: binomial(rand, m0, pk), total: m0 },
        });
      }
      if (mantelHaenszel(strata).cmhPValue < 0.05) cmh++;
    }
    const rates = {
      z: z / EXPERIMENTS,
      chiSquare: chi / EXPERIMENTS,
      fisher: fisher / EXPERIMENTS,
      cmh: cmh / EXPERIMENTS,
    };
    console.log(`A/A false-positive rates over ${EXPERIMENTS} experiments:`, rates);
    for (const r of [rates.z, rates.chiSquare, rates.cmh]) {
      expect(r).toBeGreaterThanOrEqual(0.035);
      expect(r).toBeLessThanOrEqual(0.065);
    }
    expect(rates.fisher).toBeLessThanOrEqual(0.065);
  });
});

describe('Newcombe coverage', () => {
  it('covers a known true difference in at least 94% of simulations', () => {
    const rand = mulberry32(424242);
    let covered = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      const p0 = 0.1 + 0.7 * rand();
      const p1 = Math.min(0.95, p0 + 0.2 * rand());
      const n1 = 50 + Math.floor(rand() * 151);
      const n0 = 50 + Math.floor(rand() * 151);
      const [lo, hi] = newcombeInterval(
        { successes: binomial(rand, n1, p1), total: n1 },
        { successes: binomial(rand, n0, p0), total: n0 },
      )!;
      if (lo <= p1 - p0 && p1 - p0 <= hi) covered++;
    }
    console.log(`Newcombe 95% coverage over ${EXPERIMENTS} simulations: ${covered / EXPERIMENTS}`);
    expect(covered / EXPERIMENTS).toBeGreaterThanOrEqual(0.94);
  });
});
