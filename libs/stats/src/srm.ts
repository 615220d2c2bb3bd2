/**
 * Sample ratio mismatch: do the arm sizes fit the intended allocation?
 */
import { assertCount, assertFinite, StatsInputError } from './errors';
import { chiSquareUpper } from './special';

/** Result of {@link srmCheck}. */
export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  /** true when pValue < threshold (default 0.001). */
  mismatch: boolean;
}

/**
 * Chi-square goodness-of-fit test of the observed arm counts against the intended weights
 * (Kohavi, Tang & Xu 2020, "Trustworthy Online Controlled Experiments" ch. 21), as R
 * `chisq.test(observed, p = weights, rescale.p = TRUE)`: expected Eᵢ = N·wᵢ/Σw,
 * X² = Σ(Oᵢ − Eᵢ)²/Eᵢ, df = k − 1. Flags a mismatch at p < 0.001. Nobody enrolled or a single
 * arm: X² = 0, p = 1. Throws for negative or non-finite weights, all-zero weights, or an arm with
 * weight 0 (remove it from both arrays instead).
 */
export function srmCheck(observed: readonly number[], weights: readonly number[], threshold = 0.001): SrmResult {
  if (!Array.isArray(observed) || !Array.isArray(weights))
    throw new StatsInputError('observed and weights must be arrays');
  if (observed.length !== weights.length) {
    throw new StatsInputError(`observed has ${observed.length} arms but weights has ${weights.length}`);
  }
  observed.forEach((o, i) => assertCount(`observed[${i}]`, o));
  weights.forEach((w, i) => {
    assertFinite(`weights[${i}]`, w);
    if (!(w > 0)) throw new StatsInputError(`weights[${i}] must be > 0, got ${w}`);
  });
  const k = observed.length;
  const df = Math.max(0, k - 1);
  const N = observed.reduce((a, b) => a + b, 0);
  const W = weights.reduce((a, b) => a + b, 0);
  if (k < 2 || N === 0) return { chiSquare: 0, df, pValue: 1, mismatch: false };
  let chiSquare = 0;
  for (let i = 0; i < k; i++) {
    const e = (N * weights[i]) / W;
    chiSquare += (observed[i] - e) ** 2 / e;
  }
  const pValue = chiSquareUpper(chiSquare, df);
  return { chiSquare, df, pValue, mismatch: pValue < threshold };
}
