/**
 * Turns the sufficient statistics of one experiment into its results (analysis.md,
 * contracts.md §4). Pure: no database, no clock; every statistic comes from @living-lab/stats.
 */
import {
  adjustPValues,
  compareProportions,
  compareScores,
  costPerExtraSuccess,
  cumulativeIncidence,
  cumulativeIncidenceCurve,
  describeScores,
  grayTest,
  iccAndDesignEffect,
  kaplanMeier,
  logRankTest,
  mantelHaenszel,
  minimumDetectableEffect,
  numberNeededToTreat,
  obrienFlemingBoundaries,
  permutationTest,
  sampleSizeTwoProportions,
  twoProportionZTest,
  welchTTest,
  wilsonInterval,
  StatsInputError,
  type GroupedRecord,
} from '@living-lab/stats';
import {
  BELEVING_ITEMS,
  curveCause,
  LOWER_IS_BETTER,
  isOutcomeMetric,
  uitvalPhaseCounts,
  count,
  findingSentence,
  formatWarning,
  inJourneyOrder,
  looksTaken,
  sampleRatioMismatch,
  warning,
  type ArmCounts,
  type ArmResult,
  type BelevingComparison,
  type BelevingResult,
  type ClusterAnalysis,
  type Count,
  type Doorlooptijd,
  type DoorlooptijdEstimate,
  type DoorlooptijdPart,
  type Comparison,
  type EmotionResult,
  type ExperimentDefinition,
  type ExperimentResults,
  type MetricResult,
  type PowerGuard,
  type SequentialGuard,
  type SrmResult,
  type Subgroups,
  type UitvalWhere,
  type UitvalWhereArm,
  type Warning,
} from '@living-lab/domain';
import type {
  BelevingUitvalCountRow,
  CountRow,
  DurationRow,
  EmotionRow,
  ScoreRow,
  SurvivorshipRow,
  TimeRow,
  UitvalPhaseRow,
} from './results.repository';
import { belevingUitval, survivorshipByPhase } from './beleving-uitval.analysis';
import { DESIGN_LABELS } from './results.words';

export const CI_DAYS = [90, 180, 365];
/** Below this many complete participants an arm gets a warning and no sentence about a difference. */
export const SMALL_ARM = 20;

export interface ResultsInput {
  experiment: Pick<
    ExperimentDefinition,
    | 'key'
    | 'design'
    | 'arms'
    | 'primaryMetric'
    | 'secondaryMetrics'
    | 'followUpDays'
    | 'expectedBaseline'
    | 'minimumEffect'
    | 'plannedLooks'
    | 'armCost'
    | 'start'
    | 'end'
  >;
  asOf: string;
  counts: CountRow[];
  times: TimeRow[];
  scores: ScoreRow[];
  emotions: EmotionRow[];
  /** Also report the cumulative incidence curve at these days (for charts). */
  curveDays?: number[];
  /** Where uitval happened (repository.uitvalPhases); without it the results have no `uitvalByPhase`. */
  uitvalPhases?: UitvalPhaseRow[];
  /** Doorlooptijden (repository.durations); without them the results have no `doorlooptijd`. */
  durations?: { aanmeldingIntake: DurationRow[]; instroomGereed: DurationRow[] };
  /** Klantbeleving and later uitval (repository.belevingUitval); without it no `belevingUitval`. */
  belevingUitval?: BelevingUitvalCountRow[];
  /** Uitval before each phase (repository.survivorship); without it no `survivorship` per phase. */
  survivorship?: SurvivorshipRow[];
}

/** The NVVK norm for aanmelding → intake: four weeks. */
export const NVVK_NORM_DAYS = 28;

interface ArmCount {
  enrolled: number;
  complete: number;
  events: number;
}
const EMPTY: ArmCount = { enrolled: 0, complete: 0, events: 0 };

const add = (a: ArmCount, b: ArmCount): ArmCount => ({
  enrolled: a.enrolled + b.enrolled,
  complete: a.complete + b.complete,
  events: a.events + b.events,
});

function armStats(c: ArmCount): ArmCounts {
  return {
    enrolled: count(c.enrolled),
    complete: count(c.complete),
    events: count(c.events),
    rate: c.complete > 0 ? c.events / c.complete : null,
    ci95: c.complete > 0 ? wilsonInterval(c.events, c.complete) : null,
  };
}

/**
 * The outcome metrics of an experiment (milestones and composite outcomes such as gestabiliseerd):
 * primary, secondary, and always uitval.
 */
export function milestoneMetrics(e: ResultsInput['experiment']): string[] {
  const all = [e.primaryMetric, ...e.secondaryMetrics, 'uitval'];
  return [...new Set(all.filter(isOutcomeMetric))];
}

export function analyse(input: ResultsInput): ExperimentResults {
  const { experiment: e, asOf } = input;
  const W = e.followUpDays;
  const control = e.arms.find((a) => a.control)!;
  const others = e.arms.filter((a) => !a.control);
  const label = DESIGN_LABELS[e.design];
  const clusterLevel = e.design === 'cluster_randomized' || e.design === 'concurrent_control';
  const warnings: Warning[] = [];

  // index the counts: metric → by → value → arm → counts
  const idx = new Map<string, ArmCount>();
  const key = (metric: string, by: string, value: string | null, arm: string) =>
    `${metric}\u0000${by}\u0000${value ?? ''}\u0000${arm}`;
  const groups = { gemeente: new Set<string>(), klantprofiel: new Set<string>(), segment: new Set<string>() };
  for (const r of input.counts) {
    idx.set(key(r.metric, r.by, r.value, r.arm), { enrolled: r.enrolled, complete: r.complete, events: r.events });
    if (r.value !== null) groups[r.by].add(r.value);
  }
  const get = (metric: string, by: string, value: string | null, arm: string) =>
    idx.get(key(metric, by, value, arm)) ?? EMPTY;
  const total = (metric: string, arm: string) =>
    [...groups.gemeente].reduce((s, g) => add(s, get(metric, 'gemeente', g, arm)), EMPTY);

  // competing-risk records per arm (expanded from counts), and per arm × gemeente for strata
  const records: GroupedRecord[] = [];
  for (const t of input.times)
    for (let i = 0; i < t.n; i++) records.push({ time: t.time, cause: t.cause, group: t.arm });
  const maxTime = records.reduce((m, r) => Math.max(m, r.time), 0);

  const metrics = milestoneMetrics(e).map((metric): MetricResult => {
    const cause = curveCause(metric);
    const lowerBetter = LOWER_IS_BETTER.has(metric);
    const arms = e.arms.map((a) => {
      const out: ArmResult = { arm: a.key, ...armStats(total(metric, a.key)) };
      if (cause) {
        // Every day for the arm: 0 where nobody in it had the event yet, null after the arm's last
        // follow-up time (nothing known there); the chart's curve stops at the last day anyone
        // was followed.
        const rs = records.filter((r) => r.group === a.key);
        const point = (p: { day: number; value: number | null; ci95: [number, number] | null }) => ({
          day: p.day,
          value: p.value,
          ci95: p.ci95,
        });
        out.cumulativeIncidence = cumulativeIncidence(rs, CI_DAYS, { causes: [cause] }).map(point);
        out.stepCurve = cumulativeIncidenceCurve(rs, { causes: [cause] })[0].steps.map((p) => ({
          day: p.time,
          value: p.value,
          ci95: p.ci95,
        }));
        if (input.curveDays) {
          out.curve = cumulativeIncidence(
            rs,
            input.curveDays.filter((d) => d <= maxTime),
            { causes: [cause] },
          ).map(point);
        }
      }
      return out;
    });

    const comparisons = others.map((a): Comparison => {
      const t = total(metric, a.key);
      const c = total(metric, control.key);
      const cmp = compareProportions(
        { successes: t.events, total: t.complete },
        { successes: c.events, total: c.complete },
      );
      const pair = records.filter((r) => r.group === a.key || r.group === control.key);
      const pairTestable =
        cause !== undefined && pair.some((r) => r.group === a.key) && pair.some((r) => r.group === control.key);
      const strataNames = [...groups.gemeente].sort();
      const strata = strataNames.map((g) => {
        const st = get(metric, 'gemeente', g, a.key);
        const sc = get(metric, 'gemeente', g, control.key);
        return {
          treatment: { successes: st.events, total: st.complete },
          control: { successes: sc.events, total: sc.complete },
        };
      });
      const mh = mantelHaenszel(strata);
      const nnt = numberNeededToTreat(cmp.riskDifference, cmp.riskDifferenceCi);
      const cost =
        e.armCost && e.armCost[a.key] !== undefined && e.armCost[control.key] !== undefined
          ? costPerExtraSuccess(e.armCost[a.key], e.armCost[control.key], cmp.riskDifference, cmp.riskDifferenceCi)
          : undefined;
      const comparison: Comparison = {
        arm: a.key,
        vs: control.key,
        riskDifference: cmp.riskDifference,
        ci95: cmp.riskDifferenceCi,
        riskRatio: cmp.riskRatio,
        riskRatioCi: cmp.riskRatioCi,
        oddsRatio: cmp.oddsRatio,
        oddsRatioCi: cmp.oddsRatioCi,
        fisherPValue: cmp.fisherPValue,
        chiSquarePValue: cmp.chiSquarePValue,
        zTestPValue: cmp.zTestPValue,
        probabilityBetter: lowerBetter ? 1 - cmp.probabilityBetter : cmp.probabilityBetter,
        grayPValue: pairTestable ? grayTest(pair, cause).pValue : null,
        logRankPValue: pairTestable ? logRankTest(pair, cause).pValue : null,
        stratified: {
          cmhPValue: mh.cmhPValue,
          cmhPValueCorrected: mh.cmhPValueCorrected,
          mhOddsRatio: mh.commonOddsRatio,
          mhOddsRatioCi: mh.commonOddsRatioCi,
          mhRiskDifference: mh.riskDifference,
          mhRiskDifferenceCi: mh.riskDifferenceCi,
          breslowDayPValue: mh.breslowDayPValue,
          excludedGemeenten: mh.strataExcluded.map((i) => strataNames[i]),
        },
        numberNeededToTreat: {
          value: nnt.nnt,
          ci95: nnt.ci,
          estimable: nnt.ci !== null,
          benefit: lowerBetter && nnt.benefit !== null ? !nnt.benefit : nnt.benefit,
        },
        ...(cost
          ? {
              extraCostPerExtraSuccess: {
                value: cost.value,
                estimable: cost.estimable,
                costs: { [a.key]: e.armCost![a.key], [control.key]: e.armCost![control.key] },
              },
            }
          : {}),
        // the words need Holm and the sequential guard: set below, once those are known
        sentence: '',
        subgroups: subgroupAnalysis(metric, a.key, control.key),
      };
      if (clusterLevel) comparison.cluster = clusterAnalysis(metric, a.key, control.key);
      if (mh.strataExcluded.length && metric === e.primaryMetric) {
        warnings.push(warning('results.strata_excluded', { arm: a.key, gemeenten: count(mh.strataExcluded.length) }));
      }
      return comparison;
    });

    const byGemeente = [...groups.gemeente].sort().map((g) => ({
      gemeente: g,
      arms: e.arms.map((a) => ({ arm: a.key, ...armStats(get(metric, 'gemeente', g, a.key)) })),
    }));
    return {
      metric,
      followUpDays: W,
      primary: metric === e.primaryMetric,
      preRegistered: metric === e.primaryMetric || e.secondaryMetrics.includes(metric),
      arms,
      comparisons,
      byGemeente,
    };
  });

  // Multiplicity: Holm within the experiment over the secondary metrics (the primary is not adjusted).
  const secondary = metrics.filter((m) => !m.primary).flatMap((m) => m.comparisons);
  const holm = adjustPValues(
    secondary.map((c) => c.fisherPValue),
    'holm',
  );
  secondary.forEach((c, i) => {
    c.holmPValue = holm[i];
  });

  function subgroupAnalysis(metric: string, arm: string, ctrl: string): Subgroups {
    const out: Subgroups = {};
    for (const by of ['klantprofiel', 'segment'] as const) {
      const values = [...groups[by]].sort();
      if (!values.length) continue;
      const shown = values.map((v) => {
        const t = get(metric, by, v, arm);
        const c = get(metric, by, v, ctrl);
        const enough = t.complete >= SMALL_ARM && c.complete >= SMALL_ARM;
        const cmp = enough
          ? compareProportions({ successes: t.events, total: t.complete }, { successes: c.events, total: c.complete })
          : undefined;
        return {
          ...(by === 'klantprofiel' ? { klantprofiel: v } : { segment: v }),
          treatment: armStats(t),
          control: armStats(c),
          riskDifference: cmp?.riskDifference ?? null,
          ci95: cmp?.riskDifferenceCi ?? null,
          fisherPValue: cmp?.fisherPValue ?? null,
          shown: enough,
        };
      });
      const strata = values.map((v) => {
        const t = get(metric, by, v, arm);
        const c = get(metric, by, v, ctrl);
        return {
          treatment: { successes: t.events, total: t.complete },
          control: { successes: c.events, total: c.complete },
        };
      });
      out[by] = { exploratory: true, groups: shown, homogeneityPValue: mantelHaenszel(strata).breslowDayPValue };
    }
    return out;
  }

  function clusterAnalysis(metric: string, arm: string, ctrl: string): ClusterAnalysis {
    const rates = (a: string) =>
      [...groups.gemeente].map((g) => get(metric, 'gemeente', g, a)).filter((c) => c.complete > 0);
    const t = rates(arm);
    const c = rates(ctrl);
    const pt = t.map((x) => x.events / x.complete);
    const pc = c.map((x) => x.events / x.complete);
    const icc = iccAndDesignEffect([...t, ...c].map((x) => ({ successes: x.events, total: x.complete })));
    return {
      clusters: { [arm]: t.length, [ctrl]: c.length },
      welchPValue: pt.length >= 2 && pc.length >= 2 ? welchTTest(pt, pc).pValue : null,
      permutationPValue:
        pt.length >= 1 && pc.length >= 1 && pt.length + pc.length <= 10 ? permutationTest(pt, pc).pValue : null,
      icc: icc.icc,
      designEffect: icc.designEffect,
    };
  }

  // Guards
  const primary = metrics.find((m) => m.primary)!;
  const enrolledPerArm = e.arms.map((a) => total(e.primaryMetric, a.key).enrolled);
  const srmRule = sampleRatioMismatch(
    e.design,
    enrolledPerArm,
    e.arms.map((a) => a.weight),
  );
  const srm: SrmResult | null = srmRule
    ? { chiSquare: srmRule.chiSquare, pValue: srmRule.pValue, mismatch: srmRule.mismatch }
    : null;
  if (srm?.mismatch) warnings.push(warning('results.srm_mismatch', { pValue: srm.pValue }));

  for (const a of e.arms) {
    const c = total(e.primaryMetric, a.key);
    if (c.complete === 0) warnings.push(warning('results.arm_no_complete', { arm: a.key, days: W }));
    else if (c.complete < SMALL_ARM)
      warnings.push(warning('results.arm_small', { arm: a.key, complete: count(c.complete), minimum: SMALL_ARM }));
    const waiting = c.enrolled - c.complete;
    if (waiting > 0) warnings.push(warning('results.arm_waiting', { arm: a.key, waiting: count(waiting), days: W }));
  }

  const running = !e.end || asOf < e.end;
  const power = powerGuard();
  const sequential = sequentialGuard();

  // The words of every comparison, by the one rule of libs/domain (findings.ts).
  for (const m of metrics)
    for (const c of m.comparisons) {
      const arm = (k: string) => e.arms.find((a) => a.key === k)!;
      c.sentence = findingSentence({
        metric: m.metric,
        followUpDays: W,
        armName: arm(c.arm).name,
        controlName: arm(c.vs).name,
        treatment: m.arms.find((x) => x.arm === c.arm)!,
        control: m.arms.find((x) => x.arm === c.vs)!,
        primary: m.primary,
        pValue: c.fisherPValue,
        holmPValue: c.holmPValue,
        sequential: m.primary ? sequential : null,
        running,
        association: label.kind === 'association',
      });
    }

  function powerGuard(): PowerGuard {
    const t = others[0] ? total(e.primaryMetric, others[0].key) : EMPTY;
    const c = total(e.primaryMetric, control.key);
    const baseline =
      e.expectedBaseline ??
      (c.complete > 0 && c.events > 0 && c.events < c.complete ? c.events / c.complete : undefined);
    const planned =
      e.expectedBaseline !== undefined && e.minimumEffect !== undefined && others[0]
        ? sampleSizeTwoProportions({
            baseline: e.expectedBaseline,
            effect: e.minimumEffect,
            alpha: 0.05,
            power: 0.8,
            ratio: others[0].weight / control.weight,
          })
        : null;
    const mdd =
      baseline !== undefined && c.complete > 0 && t.complete > 0
        ? minimumDetectableEffect({ baseline, control: c.complete, treatment: t.complete, alpha: 0.05, power: 0.8 })
        : null;
    return {
      plannedPerArm: planned
        ? {
            [control.key]: Math.ceil(planned.control),
            ...(others[0] ? { [others[0].key]: Math.ceil(planned.treatment) } : {}),
          }
        : null,
      completePerArm: Object.fromEntries(e.arms.map((a) => [a.key, count(total(e.primaryMetric, a.key).complete)])),
      minimumDetectableDifference: mdd,
      alpha: 0.05,
      power: 0.8,
    };
  }

  /**
   * The group-sequential guard for the primary metric: Lan–DeMets O'Brien–Fleming spending over
   * `plannedLooks`. Information fraction = complete participants ÷ planned participants (capped at
   * 1). The look number counts the looks actually taken: one per quarter from the start up to
   * `asOf` (findings.ts `looksTaken`); the earlier looks are taken at equally spaced fractions of
   * the current information. Without a start date the earlier looks are the planned equally
   * spaced fractions below the current one.
   */
  function sequentialGuard(): SequentialGuard {
    if (!others[0] || !power.plannedPerArm)
      return { available: false, reason: 'Geen geplande omvang (expectedBaseline en minimumEffect ontbreken).' };
    const plannedTotal = Object.values(power.plannedPerArm).reduce((s, n) => s + n, 0);
    const t = total(e.primaryMetric, others[0].key);
    const c = total(e.primaryMetric, control.key);
    const fraction = Math.min(1, (t.complete + c.complete) / plannedTotal);
    if (fraction <= 0 || t.complete === 0 || c.complete === 0)
      return { available: false, reason: 'Er is nog in geen van beide groepen iemand de hele volgduur gevolgd.' };
    const K = e.plannedLooks;
    const taken = looksTaken(e.start, asOf);
    const fractions =
      taken !== null
        ? Array.from({ length: taken }, (_, j) => (fraction * (j + 1)) / taken)
        : [...Array.from({ length: K - 1 }, (_, j) => (j + 1) / K).filter((f) => f < fraction - 1e-9), fraction];
    let boundaries: number[];
    try {
      boundaries = obrienFlemingBoundaries(fractions, 0.05);
    } catch (e) {
      // With a sliver of the planned information the boundary lies beyond any representable z.
      if (e instanceof StatsInputError)
        return {
          available: false,
          reason: 'Nog te weinig deelnemers zijn de hele volgduur gevolgd voor een tussentijdse grens.',
          informationFraction: fraction,
        };
      throw e;
    }
    const z = twoProportionZTest(
      { successes: t.events, total: t.complete },
      { successes: c.events, total: c.complete },
    ).z;
    const boundary = boundaries[boundaries.length - 1];
    return {
      available: true,
      look: fractions.length,
      plannedLooks: K,
      informationFraction: fraction,
      boundaryZ: boundary,
      z,
      crossed: Math.abs(z) >= boundary,
      interim: running || fractions.length < K,
    };
  }

  return {
    experiment: e.key,
    asOf,
    design: e.design,
    label: label.kind,
    labelText: label.text,
    srm,
    metrics,
    ...withSurvivorship(
      input,
      belevingResults(
        input,
        control.key,
        others.map((a) => a.key),
      ),
      emotionShares(input.emotions),
    ),
    ...(input.belevingUitval ? { belevingUitval: belevingUitval(input.belevingUitval, e.arms, W) } : {}),
    ...(input.uitvalPhases
      ? {
          uitvalByPhase: uitvalWhere(
            input.uitvalPhases,
            e.arms.map((a) => a.key),
            [...groups.gemeente].sort(),
            (arm, g) => (g === null ? total('uitval', arm) : get('uitval', 'gemeente', g, arm)).enrolled,
          ),
        }
      : {}),
    ...(input.durations
      ? {
          doorlooptijd: doorlooptijd(
            input.durations,
            e.arms.map((a) => a.key),
          ),
        }
      : {}),
    guards: { power, sequential, multiplicity: { primary: 'niet aangepast', secondary: 'Holm' } },
    primaryComparison: primary.comparisons[0] ?? null,
    running,
    warnings: warnings.map(formatWarning),
    warningDetails: warnings,
  };
}

/** Every phase comparison of klantbeleving with the arms' uitval before that phase (issue 14, item 5). */
function withSurvivorship(
  input: ResultsInput,
  beleving: BelevingResult[],
  emotions: EmotionResult[],
): { beleving: BelevingResult[]; emotions: EmotionResult[] } {
  if (!input.survivorship) return { beleving, emotions };
  const byPhase = survivorshipByPhase(
    input.survivorship,
    input.experiment.arms.map((a) => a.key),
  );
  const attach = <T extends { phase: string }>(x: T): T => {
    const s = byPhase.get(x.phase);
    return s ? { ...x, survivorship: s } : x;
  };
  return { beleving: beleving.map(attach), emotions: emotions.map(attach) };
}

function expand(rows: ScoreRow[]): number[] {
  const xs: number[] = [];
  for (const r of rows) for (let i = 0; i < r.n; i++) xs.push(r.value);
  return xs;
}

function belevingResults(input: ResultsInput, control: string, others: string[]): BelevingResult[] {
  const items = ['rapportcijfer', ...BELEVING_ITEMS];
  // journey order (aanmelding … financiële stabiliteit), never the database's alphabetical order
  const phases = inJourneyOrder([...new Set(input.scores.map((s) => s.phase))], (p) => p);
  const out: BelevingResult[] = [];
  for (const phase of phases) {
    for (const item of items) {
      const rows = input.scores.filter((s) => s.phase === phase && s.item === item);
      if (!rows.length) continue;
      const sample = (arm: string) => expand(rows.filter((r) => r.arm === arm));
      const arms = input.experiment.arms.map((a) => {
        const xs = sample(a.key);
        const d = describeScores(xs);
        const distribution: Record<string, Count> = {};
        for (const r of rows.filter((x) => x.arm === a.key)) distribution[String(r.value)] = count(r.n);
        return { arm: a.key, n: count(d.n), mean: d.mean, sd: d.sd, median: d.median, distribution };
      });
      const comparisons = others.map((arm): BelevingComparison => {
        const x = sample(arm);
        const y = sample(control);
        if (x.length < 2 || y.length < 2)
          return {
            arm,
            vs: control,
            meanDifference: null,
            welchCi: null,
            welchPValue: null,
            mannWhitneyU: null,
            mannWhitneyPValue: null,
          };
        return { arm, vs: control, ...compareScores(x, y) };
      });
      out.push({ phase, item, arms, comparisons });
    }
  }
  return out;
}

function emotionShares(rows: EmotionRow[]): EmotionResult[] {
  const phases = inJourneyOrder([...new Set(rows.map((r) => r.phase))], (p) => p);
  return phases.map((phase) => {
    const arms = [...new Set(rows.filter((r) => r.phase === phase).map((r) => r.arm))].map((arm) => {
      const rs = rows.filter((r) => r.phase === phase && r.arm === arm);
      const n = rs.reduce((s, r) => s + r.n, 0);
      return { arm, n: count(n), shares: Object.fromEntries(rs.map((r) => [r.emotie, r.n / n])) };
    });
    return { phase, arms };
  });
}

/** Uitval by phase and reason per arm, over all gemeenten and per gemeente (counts only). */
export function uitvalWhere(
  rows: UitvalPhaseRow[],
  arms: string[],
  gemeenten: string[],
  enrolled: (arm: string, gemeente: string | null) => number,
): UitvalWhere {
  const armRow = (arm: string, gemeente: string | null): UitvalWhereArm => {
    const rs = rows.filter((r) => r.arm === arm && (gemeente === null || r.gemeente === gemeente));
    return {
      arm,
      enrolled: count(enrolled(arm, gemeente)),
      uitval: count(rs.reduce((s, r) => s + r.n, 0)),
      phases: uitvalPhaseCounts(rs),
    };
  };
  return {
    arms: arms.map((a) => armRow(a, null)),
    byGemeente: gemeenten.map((g) => ({ gemeente: g, arms: arms.map((a) => armRow(a, g)) })),
  };
}

/** Kaplan–Meier of the rows (counts per days and event), with the share within `norm` days. */
function estimate(rows: DurationRow[], norm?: number): DoorlooptijdEstimate {
  const records = rows.flatMap((r) => Array.from({ length: r.n }, () => ({ time: r.time, event: r.event })));
  const km = kaplanMeier(records, { days: norm === undefined ? [] : [norm] });
  const out: DoorlooptijdEstimate = {
    n: count(km.n),
    events: count(km.events),
    median: km.median,
    medianCi95: km.medianCi95,
  };
  if (norm !== undefined) {
    const s = km.at[0];
    out.withinNorm = {
      days: norm,
      share: s.survival === null ? null : 1 - s.survival,
      ci95: s.ci95 === null ? null : [1 - s.ci95[1], 1 - s.ci95[0]],
    };
  }
  return out;
}

/** Doorlooptijden per arm, per gemeente (all arms together) and per gemeente per arm: aanmelding → intake with the NVVK norm, instroom → gereed. */
export function doorlooptijd(
  durations: { aanmeldingIntake: DurationRow[]; instroomGereed: DurationRow[] },
  arms: string[],
): Doorlooptijd {
  const part = (rows: DurationRow[], from: string, to: string, norm?: number): DoorlooptijdPart => ({
    from,
    to,
    arms: arms.map((arm) => ({
      arm,
      ...estimate(
        rows.filter((r) => r.arm === arm),
        norm,
      ),
    })),
    byGemeente: [...new Set(rows.map((r) => r.gemeente))].sort().map((gemeente) => ({
      gemeente,
      ...estimate(
        rows.filter((r) => r.gemeente === gemeente),
        norm,
      ),
    })),
    byGemeenteArm: [...new Set(rows.map((r) => r.gemeente))].sort().flatMap((gemeente) =>
      arms.flatMap((arm) => {
        const own = rows.filter((r) => r.gemeente === gemeente && r.arm === arm);
        return own.length ? [{ gemeente, arm, ...estimate(own, norm) }] : [];
      }),
    ),
  });
  return {
    aanmeldingIntake: part(durations.aanmeldingIntake, 'aanmelding', 'intake', NVVK_NORM_DAYS),
    instroomGereed: part(durations.instroomGereed, 'instroom_stabilisatie', 'gereed_voor_schuldregeling'),
  };
}
