/**
 * Multiple-testing adjustment of p-values.
 */
import { StatsInputError } from './errors';

/** Adjustment method: Holm (1979) step-down FWER, or Benjamini–Hochberg (1995) FDR q-values. */
export type AdjustMethod = 'holm' | 'bh';

/**
 * Adjusted p-values, element for element in the input order, exactly as R `p.adjust`:
 * - 'holm': p₍ᵢ₎ sorted ascending, adjusted = min(1, cummax((m − i + 1)·p₍ᵢ₎));
 * - 'bh':   p₍ᵢ₎ sorted descending, adjusted = min(1, cummin(m/i·p₍ᵢ₎)).
 * Throws StatsInputError for a value outside [0, 1] or not a number.
 */
export function adjustPValues(pValues: readonly number[], method: AdjustMethod): number[] {
  if (!Array.isArray(pValues)) throw new StatsInputError('pValues must be an array of numbers');
  if (method !== 'holm' && method !== 'bh')
    throw new StatsInputError(`method must be 'holm' or 'bh', got ${String(method)}`);
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new StatsInputError(`pValues[${i}] must lie in [0, 1], got ${String(p)}`);
  });
  const m = pValues.length;
  const out = new Array<number>(m);
  if (m === 0) return out;
  const order = pValues.map((_, i) => i);
  if (method === 'holm') {
    order.sort((a, b) => pValues[a] - pValues[b] || a - b);
    let running = 0;
    for (let i = 0; i < m; i++) {
      running = Math.max(running, (m - i) * pValues[order[i]]);
      out[order[i]] = Math.min(1, running);
    }
  } else {
    order.sort((a, b) => pValues[b] - pValues[a] || a - b);
    let running = Infinity;
    for (let i = 0; i < m; i++) {
      const rank = m - i; // position in ascending order
      running = Math.min(running, (m / rank) * pValues[order[i]]);
      out[order[i]] = Math.min(1, running);
    }
  }
  return out;
}
