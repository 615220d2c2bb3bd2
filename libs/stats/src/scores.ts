/**
 * Scores (klantbeleving: rapportcijfer 1–10, items 1–5): Welch t and Mann–Whitney U.
 */
import { mean, median, sampleVariance } from 'simple-statistics';
import { StatsInputError } from './errors';
import { Interval } from './proportions';
import { normalCdf, studentTQuantile, studentTTwoSided } from './special';

function checkSample(name: string, xs: readonly number[]): void {
  if (!Array.isArray(xs)) throw new StatsInputError(`${name} must be an array of numbers`);
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== 'number' || !Number.isFinite(xs[i])) {
      throw new StatsInputError(`${name}[${i}] must be a finite number, got ${String(xs[i])}`);
    }
  }
}

/** Result of {@link welchTTest}. */
export interface WelchResult {
  /** mean(x) − mean(y); null when a sample is empty. */
  meanDifference: number | null;
  /** confidence interval of the difference; null when no test is possible. */
  ci: Interval | null;
  /** t statistic and Welch–Satterthwaite df; null when no test is possible. */
  statistic: number | null;
  df: number | null;
  /** two-sided p; 1 when no test is possible (a sample with fewer than 2 values, or both
   * samples constant so that the standard error is 0). */
  pValue: number;
}

/**
 * Welch's unequal-variance t-test of mean(x) − mean(y) (Welch 1947), as R `t.test(x, y)`:
 * se = √(s²ₓ/nₓ + s²ᵧ/nᵧ), t = d/se, df = se⁴/((s²ₓ/nₓ)²/(nₓ − 1) + (s²ᵧ/nᵧ)²/(nᵧ − 1)),
 * interval d ± t_{df,(1+level)/2}·se, p = 2·P(T_df > |t|).
 * Where R stops with an error (fewer than 2 values in a sample, or "data are essentially
 * constant") this returns p = 1 and a null interval.
 */
export function welchTTest(x: readonly number[], y: readonly number[], level = 0.95): WelchResult {
  checkSample('x', x);
  checkSample('y', y);
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
  const meanDifference = x.length > 0 && y.length > 0 ? mean(x as number[]) - mean(y as number[]) : null;
  if (x.length < 2 || y.length < 2 || meanDifference === null) {
    return { meanDifference, ci: null, statistic: null, df: null, pValue: 1 };
  }
  const vx = sampleVariance(x as number[]) / x.length;
  const vy = sampleVariance(y as number[]) / y.length;
  const se2 = vx + vy;
  if (!(se2 > 0)) return { meanDifference, ci: null, statistic: null, df: null, pValue: 1 };
  const se = Math.sqrt(se2);
  const df = (se2 * se2) / ((vx * vx) / (x.length - 1) + (vy * vy) / (y.length - 1));
  const t = meanDifference / se;
  const q = studentTQuantile((1 + level) / 2, df);
  return {
    meanDifference,
    ci: [meanDifference - q * se, meanDifference + q * se],
    statistic: t,
    df,
    pValue: studentTTwoSided(t, df),
  };
}

/** Result of {@link mannWhitney}. */
export interface MannWhitneyResult {
  /** R's W for the first sample: Σ ranks(x) − nₓ(nₓ + 1)/2 = #{x > y} + ½·#{x = y}. */
  u: number;
  /** continuity-corrected normal z; 0 when no test is possible. */
  z: number;
  /** two-sided p; 1 when no test is possible (an empty sample or all values tied). */
  pValue: number;
}

/**
 * Mann–Whitney U / Wilcoxon rank-sum test with the normal approximation, tie correction and
 * continuity correction, as R `wilcox.test(x, y, exact = FALSE, correct = TRUE)`:
 * z = (W − nₓnᵧ/2 − ½·sign(W − nₓnᵧ/2)) / √(nₓnᵧ/12·(N + 1 − Σ(t³ − t)/(N(N − 1)))),
 * p = 2·min(Φ(z), 1 − Φ(z)). Midranks for ties; native sorts, O(N log N).
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  checkSample('x', x);
  checkSample('y', y);
  const nx = x.length;
  const ny = y.length;
  if (nx === 0 || ny === 0) return { u: 0, z: 0, pValue: 1 };
  const N = nx + ny;
  // two native sorts instead of a comparator sort: all values, and x alone; walking both gives
  // each run of ties, its midrank and how many of it belong to x
  const all = new Float64Array(N);
  const xs = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    all[i] = x[i];
    xs[i] = x[i];
  }
  for (let i = 0; i < ny; i++) all[nx + i] = y[i];
  all.sort();
  xs.sort();
  let rankSumX = 0;
  let tieTerm = 0;
  let px = 0;
  for (let i = 0; i < N;) {
    const v = all[i];
    let j = i;
    while (j + 1 < N && all[j + 1] === v) j++;
    const t = j - i + 1;
    const midrank = (i + j + 2) / 2;
    let inX = 0;
    while (px < nx && xs[px] === v) {
      px++;
      inX++;
    }
    rankSumX += inX * midrank;
    if (t > 1) tieTerm += t * t * t - t;
    i = j + 1;
  }
  const u = rankSumX - (nx * (nx + 1)) / 2;
  const centred = u - (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (!(sigma > 0)) return { u, z: 0, pValue: 1 };
  const z = (centred - 0.5 * Math.sign(centred)) / sigma;
  const pValue = Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
  return { u, z, pValue };
}

/** Everything `compareScores` reports (treatment vs control). */
export interface ScoreComparison {
  meanDifference: number | null;
  welchCi: Interval | null;
  welchPValue: number;
  mannWhitneyU: number;
  mannWhitneyPValue: number;
}

/**
 * Compares treatment scores with control scores: mean difference (treatment − control) with
 * Welch's 95% interval and p ({@link welchTTest}), and Mann–Whitney U (R's W for the treatment
 * sample) with its p ({@link mannWhitney}).
 */
export function compareScores(treatment: readonly number[], control: readonly number[]): ScoreComparison {
  const w = welchTTest(treatment, control);
  const m = mannWhitney(treatment, control);
  return {
    meanDifference: w.meanDifference,
    welchCi: w.ci,
    welchPValue: w.pValue,
    mannWhitneyU: m.u,
    mannWhitneyPValue: m.pValue,
  };
}

/** n, mean, sample standard deviation and median of a sample (null where undefined). */
export interface ScoreSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
}

/** Descriptive summary as R `length`, `mean`, `sd` (n − 1 denominator) and `median`. */
export function describeScores(xs: readonly number[]): ScoreSummary {
  checkSample('scores', xs);
  if (xs.length === 0) return { n: 0, mean: null, sd: null, median: null };
  return {
    n: xs.length,
    mean: mean(xs as number[]),
    sd: xs.length > 1 ? Math.sqrt(sampleVariance(xs as number[])) : null,
    median: median(xs as number[]),
  };
}
