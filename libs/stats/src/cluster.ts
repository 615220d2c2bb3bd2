/**
 * Cluster-level analysis for designs that assign whole gemeenten (cluster randomized,
 * concurrent control): permutation test, ICC and design effect.
 */
import { StatsInputError } from './errors';

/** One cluster's binary outcome: successes of total. */
export interface ClusterCount {
  successes: number;
  total: number;
}

/** Result of {@link permutationTest}. */
export interface PermutationResult {
  /** mean(treatment) − mean(control) of the observed values. */
  difference: number;
  /** two-sided exact p: share of relabellings with |difference| ≥ the observed one. */
  pValue: number;
  /** number of relabellings enumerated, C(n_t + n_c, n_t). */
  permutations: number;
}

/**
 * Exact two-sided permutation (randomization) test of the difference in means between two sets
 * of cluster-level values (e.g. gemeente proportions), enumerating every assignment of the
 * observed values to arms with the observed arm sizes (Fisher 1935; Edgington & Onghena 2007
 * ch. 3). p = #{|d*| ≥ |d| − 1e-12·scale}/C(N, n_t), which includes the observed assignment, so
 * p ≥ 1/C(N, n_t). For ≤ 10 clusters (252 assignments at 5 vs 5) it is instant; more than 20
 * clusters throws (use `welchTTest` on cluster values instead). An empty arm: p = 1.
 */
export function permutationTest(treatment: readonly number[], control: readonly number[]): PermutationResult {
  const all = [...treatment, ...control];
  all.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new StatsInputError(`value ${i} must be a finite number, got ${String(v)}`);
  });
  const nt = treatment.length;
  const N = all.length;
  if (N > 20)
    throw new StatsInputError(`permutationTest enumerates all assignments and allows at most 20 clusters, got ${N}`);
  if (nt === 0 || nt === N) return { difference: 0, pValue: 1, permutations: 1 };
  const total = all.reduce((a, b) => a + b, 0);
  const diffOf = (sumT: number): number => sumT / nt - (total - sumT) / (N - nt);
  const observed = diffOf(treatment.reduce((a, b) => a + b, 0));
  const scale = Math.max(1, ...all.map(Math.abs));
  const tol = 1e-12 * scale;
  let count = 0;
  let perms = 0;
  const walk = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      perms++;
      if (Math.abs(diffOf(sum)) >= Math.abs(observed) - tol) count++;
      return;
    }
    for (let i = start; i <= N - left; i++) walk(i + 1, left - 1, sum + all[i]);
  };
  walk(0, nt, 0);
  return { difference: observed, pValue: Math.min(1, count / perms), permutations: perms };
}

/** Result of {@link iccAndDesignEffect}. */
export interface IccResult {
  /** ANOVA estimate of the intraclass correlation (may be slightly negative; null with fewer
   * than two clusters or no within-cluster variation). */
  icc: number | null;
  /** 1 + (m̄ − 1)·max(0, ICC), m̄ the mean cluster size; null when the ICC is null. */
  designEffect: number | null;
  /** average cluster size used (N/k). */
  meanClusterSize: number;
  clusters: number;
}

/**
 * Intraclass correlation of a binary outcome by one-way ANOVA (Fleiss, Levin & Paik 2003
 * §15; Donner & Klar 2000 §5.2): with k clusters, N participants,
 * MSB = Σ nᵢ(p̂ᵢ − p̂)²/(k − 1), MSW = Σ nᵢp̂ᵢ(1 − p̂ᵢ)/(N − k),
 * n₀ = (N − Σnᵢ²/N)/(k − 1), ICC = (MSB − MSW)/(MSB + (n₀ − 1)·MSW).
 * Design effect (Kish 1965; Donner & Klar) 1 + (m̄ − 1)·ICC with m̄ = N/k, ICC truncated at 0.
 * Empty clusters are ignored.
 */
export function iccAndDesignEffect(clusters: readonly ClusterCount[]): IccResult {
  if (!Array.isArray(clusters)) throw new StatsInputError('clusters must be an array of { successes, total }');
  clusters.forEach((c, i) => {
    if (
      !c ||
      !Number.isInteger(c.successes) ||
      !Number.isInteger(c.total) ||
      c.successes < 0 ||
      c.total < 0 ||
      c.successes > c.total
    ) {
      throw new StatsInputError(`clusters[${i}] must have integers 0 ≤ successes ≤ total`);
    }
  });
  const used = clusters.filter((c) => c.total > 0);
  const k = used.length;
  const N = used.reduce((a, c) => a + c.total, 0);
  const meanClusterSize = k > 0 ? N / k : 0;
  if (k < 2 || N - k <= 0) return { icc: null, designEffect: null, meanClusterSize, clusters: k };
  const p = used.reduce((a, c) => a + c.successes, 0) / N;
  let ssb = 0;
  let ssw = 0;
  let sumSq = 0;
  for (const c of used) {
    const pi = c.successes / c.total;
    ssb += c.total * (pi - p) ** 2;
    ssw += c.total * pi * (1 - pi);
    sumSq += c.total * c.total;
  }
  const msb = ssb / (k - 1);
  const msw = ssw / (N - k);
  const n0 = (N - sumSq / N) / (k - 1);
  const denom = msb + (n0 - 1) * msw;
  if (!(denom > 0)) return { icc: null, designEffect: null, meanClusterSize, clusters: k };
  const icc = (msb - msw) / denom;
  return { icc, designEffect: 1 + (meanClusterSize - 1) * Math.max(0, icc), meanClusterSize, clusters: k };
}
