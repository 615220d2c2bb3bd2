/**
 * Group-sequential boundaries for repeated (quarterly) looks at accumulating data.
 */
import { assertFinite, StatsInputError } from './errors';
import { normalPdf, normalUpper, normalUpperQuantile } from './special';

/**
 * Simpson nodes and weights on [a, b] over the Jennison & Turnbull (2000, §19.2) grid for a
 * standard normal-like integrand: 6r − 1 points dense around 0, odd tails logarithmically spaced.
 */
function grid(a: number, b: number, r: number): { z: Float64Array; w: Float64Array } {
  const base: number[] = [];
  for (let i = 1; i <= r - 1; i++) base.push(-3 - 4 * Math.log(r / i));
  for (let i = r; i <= 5 * r; i++) base.push(-3 + (3 * (i - r)) / (2 * r));
  for (let i = 5 * r + 1; i <= 6 * r - 1; i++) base.push(3 + 4 * Math.log(r / (6 * r - i)));
  const x = [a, ...base.filter((v) => v > a && v < b), b];
  const m = x.length;
  const z = new Float64Array(2 * m - 1);
  const w = new Float64Array(2 * m - 1);
  for (let i = 0; i < m; i++) z[2 * i] = x[i];
  for (let i = 0; i < m - 1; i++) {
    const h = x[i + 1] - x[i];
    z[2 * i + 1] = (x[i] + x[i + 1]) / 2;
    w[2 * i] += h / 6;
    w[2 * i + 1] += (4 * h) / 6;
    w[2 * i + 2] += h / 6;
  }
  return { z, w };
}

/**
 * Lan–DeMets O'Brien–Fleming-type alpha-spending boundaries, two-sided and symmetric
 * (Lan & DeMets 1983, Biometrika 70:659–663): each side spends α/2 with
 * α*(t) = 2 − 2Φ(z_{1−α/4}/√t), so that at look k, under H0,
 * P(|Z_j| < c_j for j < k, Z_k ≥ c_k) = α*(t_k) − α*(t_{k−1}). The joint distribution of the
 * standardized statistics is the canonical one (Corr(Z_j, Z_k) = √(t_j/t_k)); the recursion
 * integrates the sub-density of Z on the continuation region numerically (Armitage, McPherson &
 * Rowe 1969; Jennison & Turnbull 2000 ch. 19, Simpson's rule on their grid with r = 32) and
 * solves each boundary by bisection to 1e-10.
 *
 * Four equally spaced looks at α = 0.05 give 4.333, 2.963, 2.359, 2.014 (as gsDesign `sfLDOF`
 * and rpact `typeOfDesign = "asOF"`). Reject H0 at look k when |Z_k| ≥ c_k.
 *
 * `informationFractions` must be strictly increasing in (0, 1]; throws StatsInputError
 * otherwise, or when a fraction is so small that the boundary exceeds the double range.
 */
export function obrienFlemingBoundaries(informationFractions: readonly number[], alpha = 0.05): number[] {
  if (!Array.isArray(informationFractions) || informationFractions.length === 0) {
    throw new StatsInputError('informationFractions must be a non-empty array');
  }
  assertFinite('alpha', alpha);
  if (!(alpha > 0 && alpha < 1)) throw new StatsInputError(`alpha must lie strictly between 0 and 1, got ${alpha}`);
  informationFractions.forEach((t, i) => {
    assertFinite(`informationFractions[${i}]`, t);
    if (!(t > 0 && t <= 1)) throw new StatsInputError(`informationFractions[${i}] must lie in (0, 1], got ${t}`);
    if (i > 0 && !(t > informationFractions[i - 1]))
      throw new StatsInputError('informationFractions must be strictly increasing');
  });
  const zq = normalUpperQuantile(alpha / 4);
  const spent = (t: number): number => 2 * normalUpper(zq / Math.sqrt(t)); // per side
  const R = 32;
  const bounds: number[] = [];
  let nodes: { z: Float64Array; w: Float64Array } | null = null;
  let dens: Float64Array | null = null;
  let prevT = 0;
  let prevSpent = 0;
  for (let k = 0; k < informationFractions.length; k++) {
    const t = informationFractions[k];
    const cum = spent(t);
    const target = cum - prevSpent;
    if (!(target > 1e-300)) {
      throw new StatsInputError(
        `information fraction ${t} is too small: the O'Brien–Fleming boundary is beyond the double range`,
      );
    }
    let c: number;
    if (k === 0) c = normalUpperQuantile(target);
    else {
      const zPrev = (nodes as { z: Float64Array }).z;
      const wPrev = (nodes as { w: Float64Array }).w;
      const f = dens as Float64Array;
      const sd = Math.sqrt(t - prevT);
      const st = Math.sqrt(t);
      const sp = Math.sqrt(prevT);
      const cross = (b: number): number => {
        let acc = 0;
        for (let i = 0; i < zPrev.length; i++) acc += wPrev[i] * f[i] * normalUpper((b * st - zPrev[i] * sp) / sd);
        return acc;
      };
      let lo = 0;
      let hi = 40;
      for (let it = 0; it < 200 && hi - lo > 1e-12; it++) {
        const mid = (lo + hi) / 2;
        if (cross(mid) > target) lo = mid;
        else hi = mid;
      }
      c = (lo + hi) / 2;
    }
    bounds.push(c);
    // sub-density of Z_k on (−c, c)
    const next = grid(-c, c, R);
    const nd = new Float64Array(next.z.length);
    if (k === 0) for (let i = 0; i < nd.length; i++) nd[i] = normalPdf(next.z[i]);
    else {
      const zPrev = (nodes as { z: Float64Array }).z;
      const wPrev = (nodes as { w: Float64Array }).w;
      const f = dens as Float64Array;
      const sd = Math.sqrt(t - prevT);
      const st = Math.sqrt(t);
      const sp = Math.sqrt(prevT);
      for (let j = 0; j < nd.length; j++) {
        let acc = 0;
        for (let i = 0; i < zPrev.length; i++)
          acc += wPrev[i] * f[i] * normalPdf((next.z[j] * st - zPrev[i] * sp) / sd);
        nd[j] = (acc * st) / sd;
      }
    }
    nodes = next;
    dens = nd;
    prevT = t;
    prevSpent = cum;
  }
  return bounds;
}
