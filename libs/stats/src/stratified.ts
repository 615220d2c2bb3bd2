/**
 * Stratified 2×2 tables (one per gemeente or subgroup): Cochran–Mantel–Haenszel test,
 * Mantel–Haenszel common odds ratio and risk difference, Breslow–Day homogeneity test.
 */
import { Arm, Interval } from './proportions';
import { assertCount, StatsInputError } from './errors';
import { chiSquareUpper, normalUpperQuantile } from './special';

/** One stratum: the two arms' `{ successes, total }`. */
export interface Stratum {
  treatment: Arm;
  control: Arm;
}

/** Result of {@link mantelHaenszel}. */
export interface MantelHaenszelResult {
  /** CMH chi-square without continuity correction (R `mantelhaen.test(correct = FALSE)`). */
  cmhStatistic: number;
  /** p-value of the CMH test without continuity correction; 1 when no test is possible. */
  cmhPValue: number;
  /** p-value with R's continuity correction (0.5, applied when |Σ(a − E)| ≥ 0.5). */
  cmhPValueCorrected: number;
  /** Mantel–Haenszel common odds ratio Σ(ad/N)/Σ(bc/N); null when undefined. */
  commonOddsRatio: number | null;
  /** Robins–Breslow–Greenland 95% interval; null when the odds ratio is null or 0. */
  commonOddsRatioCi: Interval | null;
  /** Mantel–Haenszel risk difference with weights n₁n₀/N; null when no stratum is usable. */
  riskDifference: number | null;
  /** Wald 95% interval with the Greenland–Robins (1985) variance; null when undefined. */
  riskDifferenceCi: Interval | null;
  /** Breslow–Day test of a common odds ratio with Tarone's correction; null with fewer than
   * two informative strata or an undefined common odds ratio. */
  breslowDayPValue: number | null;
  /** Breslow–Day–Tarone statistic and its degrees of freedom (informative strata − 1). */
  breslowDayStatistic: number | null;
  breslowDayDf: number;
  /** Indices (into the input) of strata used in the pooled figures. */
  strataUsed: number[];
  /** Indices of strata left out because an arm had no participants. */
  strataExcluded: number[];
}

interface Table {
  a: number;
  b: number;
  c: number;
  d: number;
  n1: number;
  n0: number;
  m1: number;
  m0: number;
  N: number;
}

/**
 * Expected count of cell a in a 2×2 table with margins (n₁, m₁, N) when the odds ratio is ψ:
 * the root in [max(0, m₁ − n₀), min(n₁, m₁)] of x(N − n₁ − m₁ + x) = ψ(n₁ − x)(m₁ − x)
 * (Breslow & Day 1980 eq. 4.32), solved in closed form.
 */
function expectedA(t: Table, psi: number): number {
  const lo = Math.max(0, t.m1 - t.n0);
  const hi = Math.min(t.n1, t.m1);
  if (psi === 1) return (t.n1 * t.m1) / t.N;
  // (1 − ψ)x² + (N − n₁ − m₁ + ψ(n₁ + m₁))x − ψ n₁ m₁ = 0
  const A = 1 - psi;
  const B = t.N - t.n1 - t.m1 + psi * (t.n1 + t.m1);
  const C = -psi * t.n1 * t.m1;
  let x: number;
  if (Math.abs(A) < 1e-12 * Math.max(1, Math.abs(B))) x = -C / B;
  else {
    const disc = Math.sqrt(Math.max(0, B * B - 4 * A * C));
    // numerically stable pair of roots
    const q = -0.5 * (B + Math.sign(B || 1) * disc);
    const r1 = q / A;
    const r2 = C / q;
    const inside = (r: number): boolean => r >= lo - 1e-9 && r <= hi + 1e-9;
    x =
      inside(r1) && !inside(r2)
        ? r1
        : inside(r2) && !inside(r1)
          ? r2
          : Math.abs(r1 - (lo + hi) / 2) < Math.abs(r2 - (lo + hi) / 2)
            ? r1
            : r2;
  }
  return Math.min(hi, Math.max(lo, x));
}

/**
 * Pooled analysis of stratified 2×2 tables, rows = (treatment, control), columns = (success,
 * failure): a = x₁, b = n₁ − x₁, c = x₀, d = n₀ − x₀, N = n₁ + n₀, m₁ = a + c.
 *
 * - CMH test (Mantel & Haenszel 1959), as R `mantelhaen.test`:
 *   X² = (|Σ(a − n₁m₁/N)| − Y)² / Σ n₁n₀m₁m₀/(N²(N − 1)), df 1, Y = 0.5 when corrected and
 *   |Σ(a − E)| ≥ 0.5, else 0. p = 1 when the variance is 0 (no test possible).
 * - Common odds ratio ψ = Σ(ad/N)/Σ(bc/N) with the Robins, Breslow & Greenland (1986) variance
 *   of log ψ, exactly as R `mantelhaen.test(...)$conf.int`.
 * - Risk difference Σwₖ(p₁ₖ − p₀ₖ)/Σwₖ with wₖ = n₁ₖn₀ₖ/Nₖ and the Greenland & Robins (1985)
 *   variance Σwₖ²(p₁q₁/n₁ + p₀q₀/n₀)/(Σwₖ)² (as epiR `epi.2by2` "ARisk.mh.green").
 * - Breslow–Day statistic with Tarone's (1985) correction, evaluated at ψ:
 *   Σ(aₖ − Eₖ)²/Vₖ − (Σaₖ − ΣEₖ)²/ΣVₖ, df = K′ − 1 over the K′ strata whose margins leave more
 *   than one possible table (a stratum with no successes or no failures carries no information
 *   about the odds ratio and is skipped; R's reference code would give NaN there).
 *
 * A stratum in which an arm has no participants is left out of every pooled figure and listed
 * in `strataExcluded`.
 */
export function mantelHaenszel(strata: Stratum[], level = 0.95): MantelHaenszelResult {
  if (!Array.isArray(strata)) throw new StatsInputError('strata must be an array of { treatment, control }');
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
  const tables: Table[] = [];
  const used: number[] = [];
  const excluded: number[] = [];
  strata.forEach((s, i) => {
    if (!s || !s.treatment || !s.control) throw new StatsInputError(`strata[${i}] must be { treatment, control }`);
    for (const [name, arm] of [
      ['treatment', s.treatment],
      ['control', s.control],
    ] as const) {
      assertCount(`strata[${i}].${name}.successes`, arm.successes);
      assertCount(`strata[${i}].${name}.total`, arm.total);
      if (arm.successes > arm.total) throw new StatsInputError(`strata[${i}].${name}.successes exceeds its total`);
    }
    if (s.treatment.total === 0 || s.control.total === 0) {
      excluded.push(i);
      return;
    }
    used.push(i);
    const a = s.treatment.successes;
    const c = s.control.successes;
    const n1 = s.treatment.total;
    const n0 = s.control.total;
    const N = n1 + n0;
    tables.push({ a, b: n1 - a, c, d: n0 - c, n1, n0, m1: a + c, m0: N - a - c, N });
  });

  let delta = 0;
  let variance = 0;
  let sDiag = 0;
  let sOffd = 0;
  let rbgP = 0; // Σ P R / N²... accumulated pieces of the RBG variance
  let rbgPQ = 0;
  let rbgQ = 0;
  let rdNum = 0;
  let rdW = 0;
  let rdVar = 0;
  for (const t of tables) {
    const { a, b, c, d, n1, n0, m1, m0, N } = t;
    delta += a - (n1 * m1) / N;
    if (N > 1) variance += (n1 * n0 * m1 * m0) / (N * N * (N - 1));
    const R = (a * d) / N;
    const S = (b * c) / N;
    sDiag += R;
    sOffd += S;
    const P = (a + d) / N;
    const Q = (b + c) / N;
    rbgP += P * R;
    rbgPQ += P * S + Q * R;
    rbgQ += Q * S;
    const w = (n1 * n0) / N;
    const p1 = a / n1;
    const p0 = c / n0;
    rdNum += w * (p1 - p0);
    rdW += w;
    rdVar += w * w * ((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  }
  const z = normalUpperQuantile((1 - level) / 2);
  let cmhStatistic = 0;
  let cmhPValue = 1;
  let cmhPValueCorrected = 1;
  if (variance > 0) {
    cmhStatistic = (delta * delta) / variance;
    cmhPValue = chiSquareUpper(cmhStatistic, 1);
    const yates = Math.abs(delta) >= 0.5 ? 0.5 : 0;
    cmhPValueCorrected = chiSquareUpper((Math.abs(delta) - yates) ** 2 / variance, 1);
  }
  const commonOddsRatio = sOffd > 0 ? sDiag / sOffd : null;
  let commonOddsRatioCi: Interval | null = null;
  if (commonOddsRatio !== null && commonOddsRatio > 0) {
    const se = Math.sqrt(rbgP / (2 * sDiag * sDiag) + rbgPQ / (2 * sDiag * sOffd) + rbgQ / (2 * sOffd * sOffd));
    commonOddsRatioCi = [commonOddsRatio * Math.exp(-z * se), commonOddsRatio * Math.exp(z * se)];
  }
  const riskDifference = rdW > 0 ? rdNum / rdW : null;
  const riskDifferenceCi: Interval | null =
    riskDifference === null
      ? null
      : [riskDifference - (z * Math.sqrt(rdVar)) / rdW, riskDifference + (z * Math.sqrt(rdVar)) / rdW];

  let breslowDayPValue: number | null = null;
  let breslowDayStatistic: number | null = null;
  let breslowDayDf = 0;
  if (commonOddsRatio !== null && commonOddsRatio > 0) {
    let sumSq = 0;
    let sumA = 0;
    let sumE = 0;
    let sumV = 0;
    let informative = 0;
    for (const t of tables) {
      const lo = Math.max(0, t.m1 - t.n0);
      const hi = Math.min(t.n1, t.m1);
      if (hi <= lo) continue;
      const e = expectedA(t, commonOddsRatio);
      const v = 1 / (1 / e + 1 / (t.n1 - e) + 1 / (t.m1 - e) + 1 / (t.N - t.n1 - t.m1 + e));
      if (!(v > 0) || !Number.isFinite(v)) continue;
      informative++;
      sumSq += (t.a - e) ** 2 / v;
      sumA += t.a;
      sumE += e;
      sumV += v;
    }
    breslowDayDf = Math.max(0, informative - 1);
    if (informative >= 2) {
      breslowDayStatistic = Math.max(0, sumSq - (sumA - sumE) ** 2 / sumV);
      breslowDayPValue = chiSquareUpper(breslowDayStatistic, breslowDayDf);
    }
  }
  return {
    cmhStatistic,
    cmhPValue,
    cmhPValueCorrected,
    commonOddsRatio,
    commonOddsRatioCi,
    riskDifference,
    riskDifferenceCi,
    breslowDayPValue,
    breslowDayStatistic,
    breslowDayDf,
    strataUsed: used,
    strataExcluded: excluded,
  };
}
