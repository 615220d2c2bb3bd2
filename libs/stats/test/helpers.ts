/** Shared assertions for the stats tests (not part of the published library). */

/** Relative tolerance agreed for reference values (issue 3). */
export const REL = 1e-6;

/**
 * Passes when `actual` agrees with `expected` to 1e-6 relative. Values whose magnitude is below
 * `floor` (default 1e-12, the smallest p-value the tolerance applies to) only need to agree to
 * `floor` absolutely.
 */
export function expectClose(actual: number | null | undefined, expected: number, label = '', floor = 1e-12): void {
  if (typeof actual !== 'number' || !Number.isFinite(actual)) {
    throw new Error(`${label}: expected a finite number close to ${expected}, got ${String(actual)}`);
  }
  const err = Math.abs(actual - expected);
  const ok = Math.abs(expected) < floor ? err <= floor : err <= REL * Math.abs(expected) + 1e-14;
  if (!ok)
    throw new Error(
      `${label}: got ${actual}, R gives ${expected} (relative error ${(err / Math.abs(expected)).toExponential(2)})`,
    );
}

/** Element-wise {@link expectClose}. */
export function expectAllClose(
  actual: readonly (number | null)[] | null | undefined,
  expected: readonly number[],
  label = '',
  floor = 1e-12,
): void {
  if (!actual || actual.length !== expected.length) {
    throw new Error(`${label}: expected ${expected.length} values, got ${actual ? actual.length : String(actual)}`);
  }
  expected.forEach((e, i) => expectClose(actual[i], e, `${label}[${i}]`, floor));
}

/** The project's one seeded PRNG (mulberry32, seeds/src/prng.ts): deterministic across runs and machines. */
import { mulberry32 } from '@living-lab/seeds';
export { mulberry32 };

/** Binomial(n, p) draw by summing Bernoulli trials (fine for n ≤ a few hundred). */
export function binomial(rand: () => number, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (rand() < p) x++;
  return x;
}
