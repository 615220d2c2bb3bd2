/**
 * The sample-ratio-mismatch guard (analysis.md, Guards): one rule for the live monitoring of an
 * experiment and for its results.
 */
import { srmCheck } from '@living-lab/stats';
import type { Design } from './vocabulary';

/** Flag a mismatch when the chi-square p-value is below this (analysis.md). */
export const SRM_THRESHOLD = 0.001;

/**
 * Participant counts per arm follow the intended weights only where participants are randomised
 * one by one: `individual_randomized`, whoever draws the arm (the platform, or the gemeente with
 * `allocation: external` — an SRM there is exactly what shows a selective enrolment). Cluster and
 * stepped-wedge designs assign gemeenten, the control designs assign nothing.
 */
export function srmApplies(design: Design | string): boolean {
  return design === 'individual_randomized';
}

export interface SampleRatioMismatch {
  chiSquare: number;
  df: number;
  pValue: number;
  mismatch: boolean;
  threshold: number;
}

/**
 * Chi-square goodness of fit of the arm counts against the arms' weights (same order); null where
 * the guard does not apply (see {@link srmApplies}) or nobody is counted yet.
 */
export function sampleRatioMismatch(
  design: Design | string,
  counts: readonly number[],
  weights: readonly number[],
): SampleRatioMismatch | null {
  if (!srmApplies(design) || !counts.some((n) => n > 0)) return null;
  const r = srmCheck(counts, weights, SRM_THRESHOLD);
  return { chiSquare: r.chiSquare, df: r.df, pValue: r.pValue, mismatch: r.mismatch, threshold: SRM_THRESHOLD };
}
