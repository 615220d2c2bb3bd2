/**
 * Sample size and minimum detectable effect for comparing two proportions.
 */
import { assertFinite, assertOpenUnit, StatsInputError } from './errors';
import { normalUpperQuantile } from './special';

/** Input of {@link sampleSizeTwoProportions}. */
export interface SampleSizeInput {
  /** expected control proportion p₀ (0 < p₀ < 1). */
  baseline: number;
  /** difference to detect, p₁ − p₀ (non-zero; p₁ must stay inside (0, 1)). */
  effect: number;
  /** two-sided significance level (default 0.05). */
  alpha?: number;
  /** power (default 0.8). */
  power?: number;
  /** allocation ratio n_treatment ÷ n_control (default 1). */
  ratio?: number;
}

/**
 * Unrounded sample size per arm for a two-sided test of two proportions with the normal
 * approximation: pooled variance under H0, unpooled under H1 (Fleiss, Levin & Paik 2003, eq.
 * 4.14 without continuity correction; for ratio 1 identical to R
 * `power.prop.test(p1, p2, sig.level, power, strict = FALSE)$n`). With r = n_t/n_c,
 * p̄ = (p₀ + r·p₁)/(1 + r), Δ = p₁ − p₀:
 *
 *   n_c = ( z_{1−α/2}·√(p̄(1 − p̄)(1 + 1/r)) + z_{power}·√(p₀(1 − p₀) + p₁(1 − p₁)/r) )² / Δ²,
 *   n_t = r·n_c.
 *
 * Round up yourself (`Math.ceil`) for a plan.
 */
export function sampleSizeTwoProportions(input: SampleSizeInput): { control: number; treatment: number } {
  if (!input || typeof input !== 'object')
    throw new StatsInputError('sampleSizeTwoProportions needs { baseline, effect, alpha?, power?, ratio? }');
  const { baseline, effect } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const ratio = input.ratio ?? 1;
  assertOpenUnit('baseline', baseline);
  assertFinite('effect', effect);
  assertOpenUnit('alpha', alpha);
  assertOpenUnit('power', power);
  assertFinite('ratio', ratio);
  if (!(ratio > 0)) throw new StatsInputError(`ratio must be > 0, got ${ratio}`);
  const p0 = baseline;
  const p1 = baseline + effect;
  if (effect === 0) throw new StatsInputError('effect must be non-zero: no sample size detects a difference of 0');
  if (!(p1 > 0 && p1 < 1)) throw new StatsInputError(`baseline + effect must lie strictly between 0 and 1, got ${p1}`);
  const za = normalUpperQuantile(alpha / 2);
  const zb = normalUpperQuantile(1 - power);
  const pbar = (p0 + ratio * p1) / (1 + ratio);
  const root =
    za * Math.sqrt(pbar * (1 - pbar) * (1 + 1 / ratio)) + zb * Math.sqrt(p0 * (1 - p0) + (p1 * (1 - p1)) / ratio);
  const control = (root * root) / (effect * effect);
  return { control, treatment: ratio * control };
}

/** Input of {@link minimumDetectableEffect}. */
export interface MdeInput {
  /** control proportion p₀ (0 < p₀ < 1). */
  baseline: number;
  /** participants in the control arm. */
  control: number;
  /** participants in the treatment arm. */
  treatment: number;
  alpha?: number;
  power?: number;
}

/**
 * Minimum detectable effect: the smallest increase δ > 0 over the baseline for which the
 * two-sided test at level α has the requested power with these arm sizes, using the same
 * formula as {@link sampleSizeTwoProportions} (so for equal arms it is R
 * `power.prop.test(n, p1 = baseline, power)$p2 − baseline`):
 *
 *   δ = z_{1−α/2}·√(p̄(1 − p̄)(1/n_c + 1/n_t)) + z_{power}·√(p₀(1 − p₀)/n_c + p₁(1 − p₁)/n_t),
 *
 * p₁ = p₀ + δ, p̄ = (n_c·p₀ + n_t·p₁)/(n_c + n_t), solved by bisection to 1e-13. Returns null
 * when no δ ≤ 1 − p₀ reaches the power (too few participants, or an empty arm).
 */
export function minimumDetectableEffect(input: MdeInput): number | null {
  if (!input || typeof input !== 'object')
    throw new StatsInputError('minimumDetectableEffect needs { baseline, control, treatment, alpha?, power? }');
  const { baseline, control, treatment } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  assertOpenUnit('baseline', baseline);
  assertFinite('control', control);
  assertFinite('treatment', treatment);
  if (control < 0 || treatment < 0)
    throw new StatsInputError(`arm sizes must be ≥ 0, got control ${control}, treatment ${treatment}`);
  assertOpenUnit('alpha', alpha);
  assertOpenUnit('power', power);
  if (control === 0 || treatment === 0) return null;
  const za = normalUpperQuantile(alpha / 2);
  const zb = normalUpperQuantile(1 - power);
  const p0 = baseline;
  const g = (d: number): number => {
    const p1 = p0 + d;
    const pbar = (control * p0 + treatment * p1) / (control + treatment);
    return (
      d -
      za * Math.sqrt(Math.max(0, pbar * (1 - pbar)) * (1 / control + 1 / treatment)) -
      zb * Math.sqrt(Math.max(0, (p0 * (1 - p0)) / control + (p1 * (1 - p1)) / treatment))
    );
  };
  const top = 1 - p0;
  // first sign change on a grid, then bisection: the smallest detectable δ
  const steps = 400;
  let lo = 0;
  let hi = -1;
  for (let i = 1; i <= steps; i++) {
    const d = (top * i) / steps;
    if (g(d) >= 0) {
      hi = d;
      lo = (top * (i - 1)) / steps;
      break;
    }
  }
  if (hi < 0) return null;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) >= 0) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Input of {@link clusterSampleSize}. */
export interface ClusterSampleSizeInput {
  /** participants one arm needs under individual randomisation (unrounded, e.g. from sampleSizeTwoProportions). */
  individual: number;
  /** intra-cluster correlation of the outcome (0 ≤ ρ < 1). */
  icc: number;
  /** number of clusters (gemeenten) in that arm. */
  clusters: number;
}

/**
 * Participants an arm needs when whole clusters (gemeenten) are allocated and their number is
 * fixed (Hemming, Girling, Sitch, Marsh & Lilford 2011, BMJ 342:d1163): with n the individually
 * randomised size, ρ the ICC and k clusters,
 *
 *   total = n(1 − ρ) / (1 − nρ/k),  per cluster m = total/k,  design effect 1 + (m − 1)ρ = total/n.
 *
 * Returns null when k ≤ nρ: then no number of participants per gemeente reaches the power, only
 * more gemeenten do. Unrounded.
 */
export function clusterSampleSize(
  input: ClusterSampleSizeInput,
): { total: number; perCluster: number; designEffect: number } | null {
  if (!input || typeof input !== 'object')
    throw new StatsInputError('clusterSampleSize needs { individual, icc, clusters }');
  const { individual, icc, clusters } = input;
  assertFinite('individual', individual);
  assertFinite('icc', icc);
  assertFinite('clusters', clusters);
  if (individual <= 0) throw new StatsInputError(`individual must be > 0, got ${individual}`);
  if (icc < 0 || icc >= 1) throw new StatsInputError(`icc must be in [0, 1), got ${icc}`);
  if (!Number.isInteger(clusters) || clusters < 1)
    throw new StatsInputError(`clusters must be a whole number ≥ 1, got ${clusters}`);
  if (clusters <= individual * icc) return null;
  const total = (individual * (1 - icc)) / (1 - (individual * icc) / clusters);
  return { total, perCluster: total / clusters, designEffect: total / individual };
}
