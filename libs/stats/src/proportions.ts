/**
 * Two independent proportions: intervals, effect measures and tests for one arm against control.
 */
import { assertCount, assertFinite, StatsInputError } from './errors';
import { chiSquareUpper, logBeta, normalTwoSided, normalUpperQuantile } from './special';

/** One arm of a binary outcome: `successes` of `total` participants. */
export interface Arm {
  successes: number;
  total: number;
}

/** A closed interval [lower, upper]. */
export type Interval = [number, number];

function checkArm(name: string, arm: Arm): void {
  if (arm === null || typeof arm !== 'object') throw new StatsInputError(`${name} must be { successes, total }`);
  assertCount(`${name}.successes`, arm.successes);
  assertCount(`${name}.total`, arm.total);
  if (arm.successes > arm.total) {
    throw new StatsInputError(`${name}.successes (${arm.successes}) exceeds ${name}.total (${arm.total})`);
  }
}

function checkLevel(level: number): void {
  assertFinite('level', level);
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
}

/**
 * Wilson score interval for a binomial proportion x/n (Wilson 1927; Newcombe 1998 method 3):
 * the p for which |x/n − p| ≤ z·√(p(1−p)/n), i.e.
 * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), with z = Φ⁻¹((1+level)/2).
 * Identical to R `prop.test(x, n, correct = FALSE)$conf.int`, including the exact 0 lower limit
 * at x = 0 and 1 upper limit at x = n. 0 of 0 carries no information and returns [0, 1].
 */
export function wilsonInterval(successes: number, total: number, level = 0.95): Interval {
  checkArm('arm', { successes, total });
  checkLevel(level);
  if (total === 0) return [0, 1];
  const z = normalUpperQuantile((1 - level) / 2);
  const p = successes / total;
  const z22n = (z * z) / (2 * total);
  const half = z * Math.sqrt((p * (1 - p)) / total + z22n / (2 * total));
  const lo = successes === 0 ? 0 : (p + z22n - half) / (1 + 2 * z22n);
  const hi = successes === total ? 1 : (p + z22n + half) / (1 + 2 * z22n);
  return [Math.max(0, Math.min(lo, p)), Math.min(1, Math.max(hi, p))];
}

/**
 * Newcombe's hybrid score interval for the difference p₁ − p₀ (Newcombe 1998, method 10):
 * with Wilson limits (l₁, u₁) and (l₀, u₀),
 * lower = d − √((p₁ − l₁)² + (u₀ − p₀)²), upper = d + √((u₁ − p₁)² + (p₀ − l₀)²).
 * Always inside [−1, 1] and containing d. `null` when an arm has no participants.
 */
export function newcombeInterval(treatment: Arm, control: Arm, level = 0.95): Interval | null {
  checkArm('treatment', treatment);
  checkArm('control', control);
  if (treatment.total === 0 || control.total === 0) return null;
  const p1 = treatment.successes / treatment.total;
  const p0 = control.successes / control.total;
  const [l1, u1] = wilsonInterval(treatment.successes, treatment.total, level);
  const [l0, u0] = wilsonInterval(control.successes, control.total, level);
  const d = p1 - p0;
  const lo = d - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2);
  const hi = d + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2);
  return [Math.max(-1, Math.min(lo, d)), Math.min(1, Math.max(hi, d))];
}

/**
 * Two-sided Fisher exact test for the 2×2 table [[a, b], [c, d]] (rows = arms, columns =
 * success / failure), with R's definition (`fisher.test`): conditional on all margins, a ~
 * Hypergeometric, and p = Σ P(a') over tables with P(a') ≤ P(a)·(1 + 1e-7).
 * Computed in log space, walking outward from the mode with the ratio
 * P(x+1)/P(x) = (m−x)(k−x)/((x+1)(n−k+x+1)) and stopping once terms are below e^−60 of both the
 * observed and the modal probability, so 10,000 per arm costs a few thousand multiplications.
 * A table with an empty margin has a single possible table: p = 1.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  assertCount('a', a);
  assertCount('b', b);
  assertCount('c', c);
  assertCount('d', d);
  const m = a + c; // first column total (successes)
  const n = b + d; // second column total
  const k = a + b; // first row total
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  if (hi <= lo) return 1;
  const N = m + n;
  // log P(x+1) − log P(x)
  const logRatio = (x: number): number => Math.log(((m - x) * (k - x)) / ((x + 1) * (n - k + x + 1)));
  const mode = Math.min(hi, Math.max(lo, Math.floor(((k + 1) * (m + 1)) / (N + 2))));
  // log P(a) relative to the mode
  let logObs = 0;
  if (a > mode) for (let x = mode; x < a; x++) logObs += logRatio(x);
  else for (let x = mode; x > a; x--) logObs -= logRatio(x - 1);
  const cut = logObs + Math.log1p(1e-7);
  const stopBelow = Math.min(logObs, 0) - 60;
  let total = 1; // Σ P(x)/P(mode)
  let tail = logObs <= cut && 0 <= cut ? Math.exp(-logObs) : 0; // Σ over the rejection set of P(x)/P(a)
  // walk up
  let lt = 0;
  for (let x = mode; x < hi; x++) {
    lt += logRatio(x);
    if (lt < stopBelow) break;
    total += Math.exp(lt);
    if (lt <= cut) tail += Math.exp(lt - logObs);
  }
  lt = 0;
  for (let x = mode; x > lo; x--) {
    lt -= logRatio(x - 1);
    if (lt < stopBelow) break;
    total += Math.exp(lt);
    if (lt <= cut) tail += Math.exp(lt - logObs);
  }
  if (tail <= 0) return 1; // cannot happen: the observed table is always in its own tail
  const p = Math.exp(logObs + Math.log(tail) - Math.log(total));
  return Math.min(1, p);
}

/** Result of a chi-square test. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Pearson chi-square test of independence for the 2×2 table [[a, b], [c, d]], as R
 * `chisq.test(matrix(c(a, c, b, d), 2), correct)`: X² = Σ (|O − E| − Y)²/E with Yates'
 * Y = min(0.5, |O − E|) when `correct`, else 0; df = 1. A table with an empty row or column has
 * no test: statistic 0, p = 1.
 */
export function chiSquareTest(a: number, b: number, c: number, d: number, correct = false): ChiSquareResult {
  assertCount('a', a);
  assertCount('b', b);
  assertCount('c', c);
  assertCount('d', d);
  const N = a + b + c + d;
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const c2 = b + d;
  if (r1 === 0 || r2 === 0 || c1 === 0 || c2 === 0) return { statistic: 0, df: 1, pValue: 1 };
  const ea = (r1 * c1) / N;
  const dev = Math.abs(a - ea); // the same |O − E| in all four cells
  const y = correct ? Math.min(0.5, dev) : 0;
  const num = (dev - y) ** 2;
  const statistic = num / ea + num / ((r1 * c2) / N) + num / ((r2 * c1) / N) + num / ((r2 * c2) / N);
  return { statistic, df: 1, pValue: chiSquareUpper(statistic, 1) };
}

/**
 * Pooled two-proportion z-test: z = (p₁ − p₀)/√(p̄(1 − p̄)(1/n₁ + 1/n₀)), p̄ = (x₁ + x₀)/(n₁ + n₀),
 * two-sided p = 2·P(Z > |z|) (equals the uncorrected chi-square p; Agresti 2013 §3.1.4).
 * No test (p = 1, z = 0) when an arm is empty or p̄ is 0 or 1.
 */
export function twoProportionZTest(treatment: Arm, control: Arm): { z: number; pValue: number } {
  checkArm('treatment', treatment);
  checkArm('control', control);
  const n1 = treatment.total;
  const n0 = control.total;
  if (n1 === 0 || n0 === 0) return { z: 0, pValue: 1 };
  const pooled = (treatment.successes + control.successes) / (n1 + n0);
  if (pooled === 0 || pooled === 1) return { z: 0, pValue: 1 };
  const z = (treatment.successes / n1 - control.successes / n0) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  return { z, pValue: normalTwoSided(z) };
}

/**
 * Chance to beat control: P(p_t > p_c) when p_t ~ Beta(x_t + 1, n_t − x_t + 1) and
 * p_c ~ Beta(x_c + 1, n_c − x_c + 1) independently (uniform Beta(1, 1) priors). Exact closed form
 * (Miller 2015, "Formulas for Bayesian A/B testing"; Cook 2005): with α, β the parameters,
 * P = Σ_{i=0}^{α_t−1} B(α_c + i, β_c + β_t) / ((β_t + i)·B(1 + i, β_t)·B(α_c, β_c)),
 * summed in log space with the term ratio (α_c + i)(β_t + i)/((α_c + β_c + β_t + i)(i + 1)).
 * An empty arm has the uniform prior as posterior; two empty arms give 0.5.
 */
export function probabilityBetter(treatment: Arm, control: Arm): number {
  checkArm('treatment', treatment);
  checkArm('control', control);
  const aT = treatment.successes + 1;
  const bT = treatment.total - treatment.successes + 1;
  const aC = control.successes + 1;
  const bC = control.total - control.successes + 1;
  // term_0 = B(aC, bC + bT)/B(aC, bC)
  let logTerm = logBeta(aC, bC + bT) - logBeta(aC, bC);
  const logs = new Float64Array(aT);
  let max = -Infinity;
  for (let i = 0; i < aT; i++) {
    logs[i] = logTerm;
    if (logTerm > max) max = logTerm;
    logTerm += Math.log(((aC + i) * (bT + i)) / ((aC + bC + bT + i) * (i + 1)));
  }
  let sum = 0;
  for (let i = 0; i < aT; i++) sum += Math.exp(logs[i] - max);
  const p = Math.exp(max + Math.log(sum));
  return Math.min(1, Math.max(0, p));
}

/**
 * Risk ratio p₁/p₀ with the log-method interval exp(log RR ± z·√(1/x₁ − 1/n₁ + 1/x₀ − 1/n₀))
 * (Katz et al. 1978). Ratio `null` when p₀ = 0 or an arm is empty; interval `null` also when
 * x₁ = 0 (log 0 undefined).
 */
export function riskRatio(treatment: Arm, control: Arm, level = 0.95): { ratio: number | null; ci: Interval | null } {
  checkArm('treatment', treatment);
  checkArm('control', control);
  checkLevel(level);
  const { successes: x1, total: n1 } = treatment;
  const { successes: x0, total: n0 } = control;
  if (n1 === 0 || n0 === 0 || x0 === 0) return { ratio: null, ci: null };
  const ratio = x1 / n1 / (x0 / n0);
  if (x1 === 0) return { ratio, ci: null };
  const z = normalUpperQuantile((1 - level) / 2);
  const se = Math.sqrt(Math.max(0, 1 / x1 - 1 / n1 + 1 / x0 - 1 / n0));
  return { ratio, ci: [Math.exp(Math.log(ratio) - z * se), Math.exp(Math.log(ratio) + z * se)] };
}

/**
 * Sample odds ratio x₁(n₀ − x₀)/(x₀(n₁ − x₁)) with Woolf's logit interval
 * exp(log OR ± z·√(1/a + 1/b + 1/c + 1/d)) (Woolf 1955). Ratio `null` when x₀ = 0 or x₁ = n₁
 * (division by zero), as the R reference does; interval `null` when any cell is 0.
 */
export function oddsRatio(treatment: Arm, control: Arm, level = 0.95): { ratio: number | null; ci: Interval | null } {
  checkArm('treatment', treatment);
  checkArm('control', control);
  checkLevel(level);
  const a = treatment.successes;
  const b = treatment.total - a;
  const c = control.successes;
  const d = control.total - c;
  if (c === 0 || b === 0) return { ratio: null, ci: null };
  const ratio = (a * d) / (b * c);
  if (a === 0 || d === 0) return { ratio, ci: null };
  const z = normalUpperQuantile((1 - level) / 2);
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  return { ratio, ci: [Math.exp(Math.log(ratio) - z * se), Math.exp(Math.log(ratio) + z * se)] };
}

/** Everything `compareProportions` reports for treatment against control. */
export interface ProportionComparison {
  /** p_treatment − p_control; null when an arm is empty. */
  riskDifference: number | null;
  /** Newcombe hybrid score 95% interval (method 10); null when an arm is empty. */
  riskDifferenceCi: Interval | null;
  /** p_treatment / p_control; null when p_control = 0 or an arm is empty. */
  riskRatio: number | null;
  /** log-method 95% interval of the risk ratio; null when undefined. */
  riskRatioCi: Interval | null;
  /** sample odds ratio; null when undefined (no control successes or no treatment failures). */
  oddsRatio: number | null;
  /** Woolf 95% interval of the odds ratio; null when a cell is 0. */
  oddsRatioCi: Interval | null;
  /** two-sided Fisher exact p (R `fisher.test`). */
  fisherPValue: number;
  /** Pearson chi-square p without continuity correction (equals zTestPValue). */
  chiSquarePValue: number;
  /** Pearson chi-square p with Yates' correction (R `chisq.test` default). */
  chiSquarePValueCorrected: number;
  /** pooled two-proportion z-test p. */
  zTestPValue: number;
  /** P(p_treatment > p_control) under independent Beta(1, 1) priors. */
  probabilityBetter: number;
}

/**
 * Compares a treatment arm with the control arm (difference = treatment − control): Newcombe
 * interval for the difference, risk ratio (log-method interval), odds ratio (Woolf interval),
 * Fisher exact, Pearson chi-square (with and without Yates), pooled z-test and the chance to beat
 * control. Each arm is `{ successes, total }`. With an empty arm every estimate is null and every
 * p-value 1 (no test is run on an empty arm); probabilityBetter then reflects the prior.
 */
export function compareProportions(treatment: Arm, control: Arm): ProportionComparison {
  checkArm('treatment', treatment);
  checkArm('control', control);
  const a = treatment.successes;
  const b = treatment.total - a;
  const c = control.successes;
  const d = control.total - c;
  const empty = treatment.total === 0 || control.total === 0;
  const rr = riskRatio(treatment, control);
  const or = oddsRatio(treatment, control);
  return {
    riskDifference: empty ? null : a / treatment.total - c / control.total,
    riskDifferenceCi: newcombeInterval(treatment, control),
    riskRatio: rr.ratio,
    riskRatioCi: rr.ci,
    oddsRatio: or.ratio,
    oddsRatioCi: or.ci,
    fisherPValue: fisherExact(a, b, c, d),
    chiSquarePValue: chiSquareTest(a, b, c, d, false).pValue,
    chiSquarePValueCorrected: chiSquareTest(a, b, c, d, true).pValue,
    zTestPValue: twoProportionZTest(treatment, control).pValue,
    probabilityBetter: probabilityBetter(treatment, control),
  };
}

/** Number needed to treat with its interval (see {@link numberNeededToTreat}). */
export interface NntResult {
  /** 1/|risk difference|; null when the difference is 0. */
  nnt: number | null;
  /** true when the difference favours treatment (positive difference = more successes). */
  benefit: boolean | null;
  /** [lower, upper] from inverting the difference limits; null ("not estimable") when the
   * difference interval includes 0. */
  ci: Interval | null;
}

/**
 * Number needed to treat = 1/risk difference, with the interval obtained by inverting the limits
 * of the risk-difference interval (Altman 1998, BMJ 317:1309). When that interval contains 0 the
 * NNT interval runs through infinity and is reported as not estimable (`ci: null`).
 */
export function numberNeededToTreat(riskDifference: number | null, ci: Interval | null): NntResult {
  if (riskDifference === null) return { nnt: null, benefit: null, ci: null };
  assertFinite('riskDifference', riskDifference);
  const nnt = riskDifference === 0 ? null : 1 / Math.abs(riskDifference);
  const benefit = riskDifference === 0 ? null : riskDifference > 0;
  if (!ci || !(ci[0] > 0 || ci[1] < 0)) return { nnt, benefit, ci: null };
  const a = 1 / Math.abs(ci[0]);
  const b = 1 / Math.abs(ci[1]);
  return { nnt, benefit, ci: [Math.min(a, b), Math.max(a, b)] };
}

/**
 * Extra cost per extra success: (mean cost treatment − mean cost control) / risk difference
 * (an incremental cost-effectiveness ratio; Drummond et al. 2015 ch. 4). `null` when the risk
 * difference is 0 or unknown. Like the NNT it is only meaningful when the difference is clearly
 * non-zero; `estimable` is false when the interval includes 0.
 */
export function costPerExtraSuccess(
  costTreatment: number,
  costControl: number,
  riskDifference: number | null,
  ci: Interval | null,
): { value: number | null; estimable: boolean } {
  assertFinite('costTreatment', costTreatment);
  assertFinite('costControl', costControl);
  if (riskDifference === null || riskDifference === 0) return { value: null, estimable: false };
  const estimable = !!ci && (ci[0] > 0 || ci[1] < 0);
  return { value: (costTreatment - costControl) / riskDifference, estimable };
}
