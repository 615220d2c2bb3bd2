import { SeededRandom } from './random';
import { AllocationDesignError, integerWeights } from './permuted-blocks';
import type { AssignableArm } from './hash-assignment';

export interface Cluster {
  code: string;
  /** Size used for balancing (inwoners); unknown counts as 0. */
  size?: number | null;
}

export interface ClusterAllocation {
  code: string;
  arm: string;
  /** With size balancing: the matched group (pair for two equal arms), 0 = largest gemeenten. */
  group: number | null;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Allocates whole gemeenten (clusters) to arms, reproducibly from the seed.
 * - Plain: the number of gemeenten per arm follows the weights (largest remainder, every arm at
 *   least one gemeente), and which gemeente gets which arm is a random permutation.
 * - `balanceBySize`: gemeenten are sorted by size and taken in groups of T (the weight total in
 *   whole numbers: pairs for 1:1); within each group the arms are permuted at random, so large
 *   gemeenten are spread over the arms. A last, incomplete group gets a random part of the arms.
 */
export function allocateClusters(input: {
  seed: string;
  clusters: readonly Cluster[];
  arms: readonly AssignableArm[];
  balanceBySize?: boolean;
}): ClusterAllocation[] {
  const { seed, arms } = input;
  const clusters = [...input.clusters].sort(byCode);
  if (new Set(clusters.map((c) => c.code)).size !== clusters.length)
    throw new AllocationDesignError('A gemeente is listed twice.');
  if (clusters.length < arms.length)
    throw new AllocationDesignError(
      `Cluster randomisation needs at least one gemeente per arm: ${clusters.length} gemeenten for ${arms.length} arms.`,
    );
  const out: ClusterAllocation[] = [];
  if (input.balanceBySize) {
    const units = integerWeights(arms.map((a) => a.weight));
    const multiset = arms.flatMap((a, i) => Array.from({ length: units[i] }, () => a.key));
    const sorted = [...clusters].sort((a, b) => (b.size ?? 0) - (a.size ?? 0) || byCode(a, b));
    for (let g = 0; g * multiset.length < sorted.length; g++) {
      const members = sorted.slice(g * multiset.length, (g + 1) * multiset.length);
      const labels = new SeededRandom(seed, 'cluster-group', g).shuffle(multiset);
      members.forEach((c, i) => out.push({ code: c.code, arm: labels[i], group: g }));
    }
  } else {
    const rng = new SeededRandom(seed, 'clusters');
    const n = clusters.length;
    const W = arms.reduce((s, a) => s + a.weight, 0);
    const exact = arms.map((a) => (n * a.weight) / W);
    const counts = exact.map((x) => Math.max(1, Math.floor(x)));
    // Largest remainder, ties broken at random; then take back from the biggest if the minimum of one overshot.
    const order = rng
      .shuffle(arms.map((_, i) => i))
      .sort((i, j) => exact[j] - Math.floor(exact[j]) - (exact[i] - Math.floor(exact[i])));
    for (let k = 0; counts.reduce((s, c) => s + c, 0) < n; k++) counts[order[k % order.length]]++;
    while (counts.reduce((s, c) => s + c, 0) > n) {
      const i = counts.indexOf(Math.max(...counts));
      counts[i]--;
    }
    const labels = arms.flatMap((a, i) => Array.from({ length: counts[i] }, () => a.key));
    const shuffled = rng.shuffle(clusters);
    shuffled.forEach((c, i) => out.push({ code: c.code, arm: labels[i], group: null }));
  }
  return out.sort(byCode);
}
