/**
 * Time to event with competing risks: Aalen–Johansen cumulative incidence, Gray's K-sample test
 * and the cause-specific log-rank test.
 *
 * Conventions (as R `survival` and `cmprsk`): time is measured from 0 (day of enrolment) and
 * must be ≥ 0; cause 0 = censored, 1, 2, … = the cause of the first terminal event. A subject
 * censored at time t is still at risk for events at t (events before censorings at tied times).
 * Every function sorts the distinct times once (native Float64Array sort) and is O(n log n).
 */
import { StatsInputError } from './errors';
import { chiSquareUpper, normalUpperQuantile } from './special';
import { Interval } from './proportions';

/** One participant: time to the first terminal event or censoring, and its cause (0 = censored). */
export interface CompetingRiskRecord {
  time: number;
  cause: number;
}

/** A record with the arm (group) it belongs to. */
export interface GroupedRecord extends CompetingRiskRecord {
  group: string | number;
}

/** Cumulative incidence of one cause at one day. */
export interface CumulativeIncidencePoint {
  day: number;
  cause: number;
  /** 0 where no event of the cause happened by `day`; null after the last follow-up time (unknown). */
  value: number | null;
  /** 95% (or `level`) interval; [0, 0] when the estimate is 0; null when the value is. */
  ci95: Interval | null;
  /** standard error of the estimate (infinitesimal jackknife, as `survfit`); null when the value is. */
  se: number | null;
}

/** The causes reported by default: 1 (gereed), 2 (uitval), 3 (another end) — analysis.md. */
const DEFAULT_CAUSES: readonly number[] = [1, 2, 3];

/** Options of {@link cumulativeIncidence}. */
export interface CumulativeIncidenceOptions {
  /** causes to report (default: 1, 2 and 3, and any higher cause present in the records, ascending). */
  causes?: number[];
  /** confidence level (default 0.95). */
  level?: number;
  /** report days after the last observed time with the last estimate carried forward (as
   * `summary(fit, times, extend = TRUE)`); default false: such days have value null. */
  extend?: boolean;
}

interface Tabulated {
  /** distinct times, ascending */
  times: Float64Array;
  /** index into `times` for each record */
  timeIndex: Uint32Array;
}

function validateRecords(records: readonly CompetingRiskRecord[], name: string): void {
  if (!Array.isArray(records)) throw new StatsInputError(`${name} must be an array of { time, cause }`);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!r || typeof r.time !== 'number' || !Number.isFinite(r.time) || r.time < 0) {
      throw new StatsInputError(`${name}[${i}].time must be a finite number ≥ 0, got ${r ? String(r.time) : r}`);
    }
    if (typeof r.cause !== 'number' || !Number.isInteger(r.cause) || r.cause < 0) {
      throw new StatsInputError(`${name}[${i}].cause must be an integer ≥ 0 (0 = censored), got ${String(r.cause)}`);
    }
  }
}

/**
 * Finds the distinct times once and maps every record to its time's index: by counting when the
 * times are whole days in a modest range (the usual case, O(n + max time)), otherwise by one
 * native Float64Array sort and binary search (O(n log n)).
 */
function tabulate(records: readonly CompetingRiskRecord[]): Tabulated {
  const n = records.length;
  const timeIndex = new Uint32Array(n);
  let max = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = records[i].time;
    if (t > max) max = t;
    if (integral && !Number.isInteger(t)) integral = false;
  }
  if (integral && max <= 4 * n + 100000) {
    // whole days in a modest range: counting "sort", O(n + max)
    const slot = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) slot[records[i].time] = 0;
    let k = 0;
    for (let t = 0; t <= max; t++) if (slot[t] === 0) slot[t] = k++;
    const times = new Float64Array(k);
    for (let t = 0; t <= max; t++) if (slot[t] >= 0) times[slot[t]] = t;
    for (let i = 0; i < n; i++) timeIndex[i] = slot[records[i].time];
    return { times, timeIndex };
  }
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = records[i].time;
  sorted.sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
  const times = sorted.slice(0, k);
  for (let i = 0; i < n; i++) {
    const t = records[i].time;
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    timeIndex[i] = lo;
  }
  return { times, timeIndex };
}

/**
 * Aalen–Johansen estimate of the cumulative incidence F_j(t) = P(T ≤ t, cause = j) for each
 * cause, at each requested day (Aalen & Johansen 1978; Putter, Fiocco & Geskus 2007 eq. 9):
 * F_j(t) = Σ_{t_l ≤ t} S(t_l−)·d_jl/n_l, with S the all-cause Kaplan–Meier, n_l the number at
 * risk and d_jl the cause-j events at t_l.
 *
 * Interval: the same as R `survival::survfit(Surv(time, factor(cause, 0:K)) ~ 1)` (survival ≥ 3,
 * read with `summary(fit, times)$lower/upper`): the standard error is the infinitesimal jackknife
 * (the robust variance `survfit` always uses for multi-state data: Σᵢ Uᵢ², Uᵢ = ∂F̂_j(t)/∂wᵢ),
 * and the interval is on the log scale, F·exp(∓z·se/F), with the upper limit capped at 1
 * (`conf.type = "log"`, survfit's default). At F = 0 the interval is [0, 0] (survfit gives NA).
 * See the package README for the influence formula.
 *
 * Days are reported from the last event time ≤ day (a step function). Returns one point for
 * every requested day and every cause, ordered as the days are given, then by cause (contracts.md
 * §5): value 0 (interval [0, 0]) where no event of that cause happened by that day — also for a
 * cause without any event — and value, interval and se null after the last observed time
 * (event or censoring), where nothing is known any more (as `cmprsk::timepoints`, which gives NA
 * there), unless `extend` is set. No records: every value null.
 */
export function cumulativeIncidence(
  records: readonly CompetingRiskRecord[],
  days: readonly number[],
  options: CumulativeIncidenceOptions = {},
): CumulativeIncidencePoint[] {
  validateRecords(records, 'records');
  if (!Array.isArray(days)) throw new StatsInputError('days must be an array of numbers');
  for (const d of days)
    if (typeof d !== 'number' || !Number.isFinite(d))
      throw new StatsInputError(`days must be finite numbers, got ${String(d)}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsInputError(`level must lie strictly between 0 and 1, got ${level}`);
  const n = records.length;
  let causes = options.causes;
  if (causes) {
    if (!Array.isArray(causes)) throw new StatsInputError('causes must be an array of integers ≥ 1');
    for (const c of causes)
      if (!Number.isInteger(c) || c < 1) throw new StatsInputError(`causes must be integers ≥ 1, got ${c}`);
  } else {
    const seen = new Set<number>(DEFAULT_CAUSES);
    for (const r of records) if (r.cause > 0) seen.add(r.cause);
    causes = [...seen].sort((a, b) => a - b);
  }
  if (n === 0) return days.flatMap((day) => causes.map((cause) => ({ day, cause, value: null, ci95: null, se: null })));
  const { times, timeIndex } = tabulate(records);
  const T = times.length;
  // column of each cause in the count tables; column 0 = censored, others = not reported
  const causeColumn = new Map<number, number>();
  causes.forEach((c, i) => causeColumn.set(c, i + 1));
  const C = causes.length + 1;
  const other = C; // events of causes not reported
  const W = C + 1;
  const counts = new Float64Array(T * W); // counts[u*W + col]
  const total = new Float64Array(T); // all records at time u
  const events = new Float64Array(T); // all events (any cause) at time u
  for (let i = 0; i < n; i++) {
    const u = timeIndex[i];
    const cause = records[i].cause;
    const col = cause === 0 ? 0 : (causeColumn.get(cause) ?? other);
    counts[u * W + col]++;
    total[u]++;
    if (cause !== 0) events[u]++;
  }
  // forward pass: at risk, survival before each time, cumulative incidence after each time
  const atRisk = new Float64Array(T);
  const sBefore = new Float64Array(T);
  const lambda = new Float64Array(T);
  const F = new Float64Array(T * C); // F[u*C + j] after time u (j ≥ 1)
  let risk = n;
  let S = 1;
  const cum = new Float64Array(C);
  for (let u = 0; u < T; u++) {
    atRisk[u] = risk;
    sBefore[u] = S;
    if (events[u] > 0) {
      for (let j = 1; j < C; j++) cum[j] += (S * counts[u * W + j]) / risk;
      lambda[u] = events[u] / risk;
      S *= 1 - lambda[u];
    }
    for (let j = 1; j < C; j++) F[u * C + j] = cum[j];
    risk -= total[u];
  }
  const z = normalUpperQuantile((1 - level) / 2);
  const lastTime = times[T - 1];
  const out: CumulativeIncidencePoint[] = [];
  const A = new Float64Array(T);
  for (const day of days) {
    if (day > lastTime && !options.extend) {
      for (const cause of causes) out.push({ day, cause, value: null, ci95: null, se: null });
      continue;
    }
    // index of the last time ≤ day (binary search)
    let lo = 0;
    let hi = T - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] <= day) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let j = 1; j < C; j++) {
      const value = idx < 0 ? 0 : F[idx * C + j];
      let variance = 0;
      if (idx >= 0 && value > 0) {
        const Ft = value;
        // A(s) = Σ_{t_l ≤ s} [ (d_l/n_l²)(F(t) − F(t_l))/(1 − λ_l) − S(t_l−) d_jl/n_l² ]
        let acc = 0;
        for (let u = 0; u <= idx; u++) {
          if (events[u] > 0) {
            const nl = atRisk[u];
            const gap = Ft - F[u * C + j];
            const first = lambda[u] < 1 && gap !== 0 ? ((events[u] / (nl * nl)) * gap) / (1 - lambda[u]) : 0;
            acc += first - (sBefore[u] * counts[u * W + j]) / (nl * nl);
          }
          A[u] = acc;
        }
        // every subject with time index u and cause c has the same influence
        for (let u = 0; u < T; u++) {
          const base = A[Math.min(u, idx)];
          const k0 = counts[u * W]; // censored
          if (k0 > 0) variance += k0 * base * base;
          if (events[u] === 0) continue;
          const nl = atRisk[u];
          const gap = u <= idx ? Ft - F[u * C + j] : 0;
          const common = u <= idx && lambda[u] < 1 && gap !== 0 ? -gap / (1 - lambda[u]) / nl : 0;
          for (let col = 1; col < W; col++) {
            const k = counts[u * W + col];
            if (k === 0) continue;
            let U = base;
            if (u <= idx) U += common + (col === j ? sBefore[u] / nl : 0);
            variance += k * U * U;
          }
        }
      }
      const se = Math.sqrt(variance);
      let ci: Interval;
      if (value <= 0) ci = [0, 0];
      else {
        const w = (z * se) / value;
        ci = [value * Math.exp(-w), Math.min(1, value * Math.exp(w))];
      }
      out.push({ day, cause: causes[j - 1], value, ci95: ci, se });
    }
  }
  return out;
}

/** One step of a cumulative incidence curve: the estimate from `time` on (until the next step). */
export interface CumulativeIncidenceStep {
  time: number;
  value: number;
  /** 95% (or `level`) interval as {@link cumulativeIncidence}; [0, 0] while the estimate is 0. */
  ci95: Interval;
  se: number;
}

/** The whole step curve of one cause, from time 0 to the last follow-up time. */
export interface CumulativeIncidenceCurve {
  cause: number;
  /**
   * Time 0 (value 0), then every event time (any cause) at which the estimate or its interval
   * changes, then the last follow-up time (event or censoring) with the last estimate: the curve
   * ends there, nothing is known after it. Empty without records.
   */
  steps: CumulativeIncidenceStep[];
  /** the last observed time (event or censoring); null without records */
  lastTime: number | null;
}

/**
 * The Aalen–Johansen cumulative incidence of each cause as a whole step function (what
 * `cmprsk::cuminc` returns as `$time`/`$est`, without its doubled points): the same estimate
 * and interval as {@link cumulativeIncidence} at each step, so a chart can draw the curve where
 * events happened and stop it at the last follow-up time. Causes as {@link cumulativeIncidence}.
 * The interval changes also at events of other causes (the all-cause survival changes), so those
 * times are steps too where the interval moves. O(T²) in the number T of distinct event times.
 */
export function cumulativeIncidenceCurve(
  records: readonly CompetingRiskRecord[],
  options: Omit<CumulativeIncidenceOptions, 'extend'> = {},
): CumulativeIncidenceCurve[] {
  validateRecords(records, 'records');
  const eventTimes = [...new Set(records.filter((r) => r.cause > 0).map((r) => r.time))].sort((a, b) => a - b);
  const lastTime = records.length ? records.reduce((m, r) => Math.max(m, r.time), 0) : null;
  const days = lastTime === null ? [] : [0, ...eventTimes.filter((t) => t > 0), lastTime];
  const points = cumulativeIncidence(records, days, options);
  const causes = [...new Set(points.map((p) => p.cause))];
  if (lastTime === null) {
    const fallback = options.causes ?? [...DEFAULT_CAUSES];
    return (causes.length ? causes : fallback).map((cause) => ({ cause, steps: [], lastTime }));
  }
  return causes.map((cause) => {
    const own = points.filter((p) => p.cause === cause);
    const steps: CumulativeIncidenceStep[] = [];
    own.forEach((p, i) => {
      const prev = steps[steps.length - 1];
      const step = { time: p.day, value: p.value as number, ci95: p.ci95 as Interval, se: p.se as number };
      const same =
        prev !== undefined &&
        prev.value === step.value &&
        prev.ci95[0] === step.ci95[0] &&
        prev.ci95[1] === step.ci95[1];
      // the last point (the end of follow-up) is always kept: the curve stops there
      if (i === own.length - 1) {
        if (prev && prev.time === step.time) steps[steps.length - 1] = step;
        else steps.push(step);
      } else if (!same) {
        if (prev && prev.time === step.time) steps[steps.length - 1] = step;
        else steps.push(step);
      }
    });
    return { cause, steps, lastTime };
  });
}

/** Result of a K-sample test. */
export interface KSampleTestResult {
  statistic: number;
  /** degrees of freedom (number of groups that can be compared − 1). */
  df: number;
  pValue: number;
}

function validateGrouped(records: readonly GroupedRecord[]): (string | number)[] {
  validateRecords(records, 'records');
  const levels = new Set<string | number>();
  for (let i = 0; i < records.length; i++) {
    const g = records[i].group;
    if (!(typeof g === 'string' || (typeof g === 'number' && Number.isFinite(g)))) {
      throw new StatsInputError(`records[${i}].group must be a string or a finite number, got ${String(g)}`);
    }
    levels.add(g);
  }
  // factor levels as R orders them: numbers numerically, strings by code point
  return [...levels].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
}

/**
 * Solves the quadratic form s'V⁻¹s by Gaussian elimination with partial pivoting; returns null
 * when V is (numerically) singular (relative pivot below 1e-10).
 */
function quadraticForm(s: number[], V: number[][]): number | null {
  const m = s.length;
  const M = V.map((row, i) => [...row, s[i]]);
  const scale = Math.max(...V.map((row, i) => Math.abs(row[i])), 0);
  if (!(scale > 0)) return null;
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(M[r][col]) > Math.abs(M[piv][col])) piv = r;
    if (!(Math.abs(M[piv][col]) > 1e-10 * scale)) return null;
    [M[col], M[piv]] = [M[piv], M[col]];
    for (let r = col + 1; r < m; r++) {
      const f = M[r][col] / M[col][col];
      for (let c2 = col; c2 <= m; c2++) M[r][c2] -= f * M[col][c2];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let acc = M[r][m];
    for (let c2 = r + 1; c2 < m; c2++) acc -= M[r][c2] * x[c2];
    x[r] = acc / M[r][r];
  }
  let q = 0;
  for (let i = 0; i < m; i++) q += s[i] * x[i];
  return Number.isFinite(q) ? Math.max(0, q) : null;
}

/**
 * Gray's K-sample test for equality of the cumulative incidence of `cause` across groups
 * (Gray 1988, Ann. Statist. 16:1141–1154), with weight ρ = 0, as R
 * `cmprsk::cuminc(time, cause, group)$Tests[cause, ]`. The score for group k is
 * ∫ K(t){dF̂_k(t)/(1 − F̂_k(t−)) − dF̂⁰(t)/(1 − F̂⁰(t−))} with the subdistribution risk sets
 * R_k(t) = Y_k(t)(1 − F̂_k(t−))/Ŝ_k(t−); its variance is Gray's §2 estimator (the same terms
 * cmprsk accumulates). Statistic s'V⁻¹s over the first K − 1 groups, chi-square with K − 1 df.
 * p = 1 (statistic 0) with fewer than two groups, no events, or a singular variance (cmprsk
 * reports statistic −1 and p = 1 there).
 */
export function grayTest(records: readonly GroupedRecord[], cause = 1): KSampleTestResult {
  if (!Number.isInteger(cause) || cause < 1) throw new StatsInputError(`cause must be an integer ≥ 1, got ${cause}`);
  const levels = validateGrouped(records);
  const G = levels.length;
  if (G < 2) return { statistic: 0, df: Math.max(0, G - 1), pValue: 1 };
  const df = G - 1;
  const groupOf = new Map<string | number, number>();
  levels.forEach((g, i) => groupOf.set(g, i));
  const { times, timeIndex } = tabulate(records);
  const T = times.length;
  // per time, per group: [removed, cause of interest, other cause]
  const cnt = new Float64Array(T * G * 3);
  const riskSet = new Float64Array(G);
  for (let i = 0; i < records.length; i++) {
    const g = groupOf.get(records[i].group) as number;
    const c = records[i].cause;
    const base = (timeIndex[i] * G + g) * 3;
    cnt[base]++;
    if (c === cause) cnt[base + 1]++;
    else if (c !== 0) cnt[base + 2]++;
    riskSet[g]++;
  }
  const G1 = G - 1;
  const score = new Float64Array(G1);
  const V = Array.from({ length: G1 }, () => new Float64Array(G1));
  const C = Array.from({ length: G }, () => new Float64Array(G)); // accumulated c_{ik}
  const Acur = Array.from({ length: G }, () => new Float64Array(G));
  const V2 = Array.from({ length: G1 }, () => new Float64Array(G));
  const V3 = new Float64Array(G);
  const survBefore = new Float64Array(G).fill(1); // Ŝ_k(t−), all-cause KM per group
  const survAfter = new Float64Array(G).fill(1);
  const incBefore = new Float64Array(G); // F̂_k(t−) of the cause of interest
  const incAfter = new Float64Array(G);
  let pooledBefore = 0; // F̂⁰(t−)
  let pooledAfter = 0;
  let anyEvent = false;
  for (let u = 0; u < T; u++) {
    let d1 = 0;
    let d2 = 0;
    for (let g = 0; g < G; g++) {
      d1 += cnt[(u * G + g) * 3 + 1];
      d2 += cnt[(u * G + g) * 3 + 2];
    }
    if (d1 > 0 || d2 > 0) {
      if (d1 > 0) anyEvent = true;
      let sumH = 0; // Σ_k Y_k/Ŝ_k(t−)
      let sumR = 0; // Σ_k R_k = Σ_k Y_k(1 − F̂_k(t−))/Ŝ_k(t−)
      for (let g = 0; g < G; g++) {
        const y = riskSet[g];
        if (y <= 0) continue;
        const b = (u * G + g) * 3;
        survAfter[g] = (survBefore[g] * (y - cnt[b + 1] - cnt[b + 2])) / y;
        incAfter[g] = incBefore[g] + (survBefore[g] * cnt[b + 1]) / y;
        sumH += y / survBefore[g];
        sumR += (y * (1 - incBefore[g])) / survBefore[g];
      }
      pooledAfter = pooledBefore + d1 / sumH;
      // a_{ik}: derivative terms of the score weights at this time
      for (let i = 0; i < G; i++) {
        Acur[i].fill(0);
      }
      for (let i = 0; i < G; i++) {
        if (riskSet[i] <= 0) continue;
        const hi = riskSet[i] / survBefore[i];
        Acur[i][i] = hi * (1 - hi / sumH);
        C[i][i] += (Acur[i][i] * d1) / (sumH * (1 - pooledBefore));
        for (let k = i + 1; k < G; k++) {
          if (riskSet[k] <= 0) continue;
          const aik = (-hi * riskSet[k]) / (survBefore[k] * sumH);
          Acur[i][k] = aik;
          Acur[k][i] = aik;
          const inc = (aik * d1) / (sumH * (1 - pooledBefore));
          C[i][k] += inc;
          if (k !== i) C[k][i] += inc;
        }
      }
      for (let i = 0; i < G1; i++) {
        const y = riskSet[i];
        if (y <= 0) continue;
        score[i] += cnt[(u * G + i) * 3 + 1] - (d1 * y * (1 - incBefore[i])) / (survBefore[i] * sumR);
      }
      if (d1 > 0) {
        for (let k = 0; k < G; k++) {
          const y = riskSet[k];
          if (y <= 0) continue;
          const t4 = survAfter[k] > 0 ? 1 - (1 - pooledAfter) / survAfter[k] : 1;
          const t5 = d1 > 1 ? 1 - (d1 - 1) / (sumH * survBefore[k] - 1) : 1;
          const t3 = (t5 * survBefore[k] * d1) / (sumH * y);
          V3[k] += t4 * t4 * t3;
          for (let i = 0; i < G1; i++) {
            const ti = Acur[i][k] - t4 * C[i][k];
            V2[i][k] += ti * t4 * t3;
            for (let j = 0; j <= i; j++) V[i][j] += ti * (Acur[j][k] - t4 * C[j][k]) * t3;
          }
        }
      }
      if (d2 > 0) {
        for (let k = 0; k < G; k++) {
          const y = riskSet[k];
          const dk = cnt[(u * G + k) * 3 + 2];
          if (survAfter[k] <= 0 || dk <= 0) continue;
          const t4 = (1 - pooledAfter) / survAfter[k];
          const t5 = dk > 1 ? 1 - (dk - 1) / (y - 1) : 1;
          const t3 = (t5 * survBefore[k] * survBefore[k] * dk) / (y * y);
          V3[k] += t4 * t4 * t3;
          for (let i = 0; i < G1; i++) {
            const ti = t4 * C[i][k];
            V2[i][k] -= ti * t4 * t3;
            for (let j = 0; j <= i; j++) V[i][j] += ti * t4 * C[j][k] * t3;
          }
        }
      }
    }
    for (let g = 0; g < G; g++) riskSet[g] -= cnt[(u * G + g) * 3];
    pooledBefore = pooledAfter;
    for (let g = 0; g < G; g++) {
      incBefore[g] = incAfter[g];
      survBefore[g] = survAfter[g];
    }
  }
  if (!anyEvent) return { statistic: 0, df, pValue: 1 };
  const Vfull: number[][] = [];
  for (let i = 0; i < G1; i++) {
    Vfull.push(new Array<number>(G1).fill(0));
  }
  for (let i = 0; i < G1; i++) {
    for (let j = 0; j <= i; j++) {
      let v = V[i][j];
      for (let k = 0; k < G; k++) v += C[i][k] * C[j][k] * V3[k] + C[i][k] * V2[j][k] + C[j][k] * V2[i][k];
      Vfull[i][j] = v;
      Vfull[j][i] = v;
    }
  }
  const statistic = quadraticForm([...score], Vfull);
  if (statistic === null) return { statistic: 0, df, pValue: 1 };
  return { statistic, df, pValue: chiSquareUpper(statistic, df) };
}

/**
 * Cause-specific log-rank test (Mantel 1966; Peto & Peto 1972) of equal hazards of `cause`
 * across groups, events of other causes counted as censored, as R
 * `survdiff(Surv(time, cause == k) ~ group)`: O − E and the hypergeometric variance
 * V_gh = Σ_t d(n − d)/(n − 1)·(n_g/n)(δ_gh − n_h/n); statistic (O − E)'V⁻¹(O − E) over the
 * groups with E > 0 (the first one dropped), df = their number − 1. p = 1 (statistic 0) when
 * fewer than two groups have expected events.
 */
export function logRankTest(records: readonly GroupedRecord[], cause = 1): KSampleTestResult {
  if (!Number.isInteger(cause) || cause < 1) throw new StatsInputError(`cause must be an integer ≥ 1, got ${cause}`);
  const levels = validateGrouped(records);
  const G = levels.length;
  const groupOf = new Map<string | number, number>();
  levels.forEach((g, i) => groupOf.set(g, i));
  const { times, timeIndex } = tabulate(records);
  const T = times.length;
  const removed = new Float64Array(T * G);
  const dead = new Float64Array(T * G);
  const risk = new Float64Array(G);
  for (let i = 0; i < records.length; i++) {
    const g = groupOf.get(records[i].group) as number;
    removed[timeIndex[i] * G + g]++;
    if (records[i].cause === cause) dead[timeIndex[i] * G + g]++;
    risk[g]++;
  }
  const O = new Float64Array(G);
  const E = new Float64Array(G);
  const Vm = Array.from({ length: G }, () => new Float64Array(G));
  for (let u = 0; u < T; u++) {
    let n = 0;
    let d = 0;
    for (let g = 0; g < G; g++) {
      n += risk[g];
      d += dead[u * G + g];
    }
    if (d > 0) {
      const f = n > 1 ? (d * (n - d)) / (n - 1) : 0;
      for (let g = 0; g < G; g++) {
        O[g] += dead[u * G + g];
        E[g] += (d * risk[g]) / n;
        if (f === 0) continue;
        const pg = risk[g] / n;
        for (let h = 0; h < G; h++) Vm[g][h] += f * pg * ((g === h ? 1 : 0) - risk[h] / n);
      }
    }
    for (let g = 0; g < G; g++) risk[g] -= removed[u * G + g];
  }
  const keep: number[] = [];
  for (let g = 0; g < G; g++) if (E[g] > 0) keep.push(g);
  if (keep.length < 2) return { statistic: 0, df: Math.max(0, keep.length - 1), pValue: 1 };
  const sub = keep.slice(1);
  const s = sub.map((g) => O[g] - E[g]);
  const V = sub.map((g) => sub.map((h) => Vm[g][h]));
  const df = keep.length - 1;
  const statistic = quadraticForm(s, V);
  if (statistic === null) return { statistic: 0, df, pValue: 1 };
  return { statistic, df, pValue: chiSquareUpper(statistic, df) };
}
