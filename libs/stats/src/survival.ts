/**
 * Kaplan–Meier with censoring, its median and the median's interval, as R `survival::survfit`
 * (survival 3.5) gives them — for doorlooptijden such as aanmelding → intake, where a client still
 * waiting counts as waiting (censored), not as missing.
 *
 * - S(t) = Π_{t_i ≤ t} (1 − d_i/n_i); a record censored at t is at risk for events at t.
 * - Interval of S(t): survfit's default `conf.type = "log"`: S·exp(∓z·se), se² = Σ d/(n(n−d))
 *   (Greenwood on the log scale), the upper limit capped at 1; none where S = 0.
 * - Median and its interval: survfit's `quantile()` (Brookmeyer & Crowley 1982 as survfit does
 *   it): the first time S ≤ 0.5 — the midpoint to the next event time when S is exactly 0.5 on a
 *   step, or to the last observed time when that step is the last — and the same rule applied to
 *   the lower curve (lower limit of the median) and to the upper curve (upper limit). Null where
 *   the curve never comes down to 0.5 (the median, or a limit, is not reached).
 */
import { StatsInputError } from './errors';
import { normalUpperQuantile } from './special';

/** One participant: days until the event (`event: true`) or until censoring (`event: false`). */
export interface SurvivalRecord {
  time: number;
  event: boolean;
}

export interface KaplanMeierPoint {
  day: number;
  /** S(day); null after the last observed time (nothing known there). */
  survival: number | null;
  /** log interval of S(day); null when S is null or 0. */
  ci95: [number, number] | null;
}

export interface KaplanMeierResult {
  n: number;
  events: number;
  /** Median time to the event; null when fewer than half had it (not reached). */
  median: number | null;
  /** Interval of the median; a limit is null when it is not reached. */
  medianCi95: [number | null, number | null];
  /** S at each requested day, in the order given. */
  at: KaplanMeierPoint[];
}

/** survfit's tolerance in quantile(): sqrt(.Machine$double.eps). */
const TOL = Math.sqrt(2.220446049250313e-16);

/**
 * R survival's `findq`: the p-quantile from x (0 and the times) and y (0 and 1 − the curve,
 * non-decreasing; NaN where unknown).
 */
function findq(x: number[], y: number[], p: number): number | null {
  const known = y.filter((v) => !Number.isNaN(v));
  if (known.length === 0 || Math.max(...known) < p) return null;
  const xmax = x[x.length - 1];
  // keep the first of equal y values (R's duplicated(); NaN equals NaN there)
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const dup = ys.some((v) => (Number.isNaN(v) && Number.isNaN(y[i])) || v === y[i]);
    if (!dup) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  // approx(y ± tol, 1:n, p, "constant", f = 1) over the known points: approx sorts by value, so the
  // index of the smallest value that reaches p (NA outside the values' range). A limit of the
  // interval need not be monotone (1 − upper falls again where the at-risk set gets small): the
  // first time it reaches p is then not the answer, the smallest value at or above p is.
  const index = (shift: number): number | null => {
    const pts = ys
      .map((v, i) => ({ v: v + shift, i }))
      .filter((q) => !Number.isNaN(q.v))
      .sort((a, b) => a.v - b.v);
    if (pts.length === 0 || p < pts[0].v || p > pts[pts.length - 1].v) return null;
    for (const q of pts) if (q.v >= p) return q.i;
    return null;
  };
  const i1 = index(TOL);
  const i2 = index(-TOL);
  const last = ys[ys.length - 1];
  if (!Number.isNaN(last) && Math.abs(p - last) < TOL) return i1 === null ? null : (xs[i1] + xmax) / 2;
  if (i1 === null || i2 === null) return null;
  return (xs[i1] + xs[i2]) / 2;
}

/**
 * Kaplan–Meier estimate with survfit's log interval, median and median interval; `days`: where
 * to read S (e.g. 28 for the NVVK norm of four weeks: 1 − S(28) is the share within it).
 */
export function kaplanMeier(
  records: readonly SurvivalRecord[],
  options: { days?: readonly number[]; level?: number } = {},
): KaplanMeierResult {
  if (!Array.isArray(records)) throw new StatsInputError('records must be an array of { time, event }');
  records.forEach((r, i) => {
    if (!r || typeof r.time !== 'number' || !Number.isFinite(r.time) || r.time < 0)
      throw new StatsInputError(`records[${i}].time must be a finite number ≥ 0, got ${r ? String(r.time) : r}`);
    if (typeof r.event !== 'boolean') throw new StatsInputError(`records[${i}].event must be true or false`);
  });
  const days = options.days ?? [];
  for (const d of days)
    if (typeof d !== 'number' || !Number.isFinite(d)) throw new StatsInputError(`days must be finite numbers`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
  const z = normalUpperQuantile((1 - level) / 2);

  const n = records.length;
  const events = records.filter((r) => r.event).length;
  const times = [...new Set(records.map((r) => r.time))].sort((a, b) => a - b);
  const atTime = new Map<number, { d: number; total: number }>();
  for (const r of records) {
    const c = atTime.get(r.time) ?? { d: 0, total: 0 };
    c.total++;
    if (r.event) c.d++;
    atTime.set(r.time, c);
  }
  // the curve and its limits after each observed time (survfit's time, surv, lower, upper)
  const surv: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let risk = n;
  let S = 1;
  let greenwood = 0;
  for (const t of times) {
    const { d, total } = atTime.get(t)!;
    if (d > 0) {
      S *= 1 - d / risk;
      greenwood += d < risk ? d / (risk * (risk - d)) : Infinity;
    }
    surv.push(S);
    if (S > 0) {
      const se = Math.sqrt(greenwood);
      lower.push(S * Math.exp(-z * se));
      upper.push(Math.min(1, S * Math.exp(z * se)));
    } else {
      lower.push(NaN);
      upper.push(NaN);
    }
    risk -= total;
  }

  const x = [0, ...times];
  const F = (curve: number[]) => [0, ...curve.map((s) => (Number.isNaN(s) ? NaN : 1 - s))];
  const median = n === 0 ? null : findq(x, F(surv), 0.5);
  const medianCi95: [number | null, number | null] =
    n === 0 ? [null, null] : [findq(x, F(lower), 0.5), findq(x, F(upper), 0.5)];

  const lastTime = times.length ? times[times.length - 1] : -Infinity;
  const at = days.map((day): KaplanMeierPoint => {
    if (day > lastTime) return { day, survival: null, ci95: null };
    let k = -1;
    for (let i = 0; i < times.length && times[i] <= day; i++) k = i;
    if (k < 0) return { day, survival: 1, ci95: [1, 1] };
    const s = surv[k];
    return { day, survival: s, ci95: s > 0 ? [lower[k], upper[k]] : null };
  });
  return { n, events, median, medianCi95, at };
}
