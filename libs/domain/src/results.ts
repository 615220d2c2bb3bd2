/**
 * The results of one experiment (contracts.md §4, analysis.md): one typed model shared by the
 * results endpoint, the quarterly report, its anonymiser and renderers, and the web app (which
 * imports this file type-only). The JSON shape is the contract: add fields, never rename one.
 *
 * Every number of people (or of events) is a `Count`. A count from 1 to 4 could point at a person,
 * so the anonymiser must turn each one into a `ShownCount` (report.ts); the brand makes a count it
 * forgets a compile error instead of a silent leak.
 */

import type { Fidelity } from './fidelity';
import type { Warning } from './warnings';

declare const COUNT: unique symbol;

/** A number of participants or events. Made only by {@link count}; at run time a plain number. */
export type Count = number & { readonly [COUNT]: true };

/** Marks a number as a count of people or events (the anonymiser must handle it). */
export const count = (n: number): Count => n as Count;

/** A 95% interval [lower, upper]. */
export type Interval = [number, number];

/** Cumulative incidence at one day, with its 95% interval (null after the last follow-up time). */
export interface IncidencePoint {
  day: number;
  value: number | null;
  ci95: Interval | null;
}

/** The window counts of one arm (or one arm within a group) and the rate built on them. */
export interface ArmCounts {
  enrolled: Count;
  complete: Count;
  events: Count;
  /** events ÷ complete; null without complete participants */
  rate: number | null;
  /** Wilson score interval of the rate */
  ci95: Interval | null;
}

/** One arm of one metric, over every gemeente (or the one asked for). */
export interface ArmResult extends ArmCounts {
  arm: string;
  /** At day 90, 180 and 365 (where observed); only for gereed_voor_schuldregeling and uitval. */
  cumulativeIncidence?: IncidencePoint[];
  /** The curve at the requested days (the report's charts). */
  curve?: IncidencePoint[];
  /**
   * The whole curve as a step function (Aalen–Johansen at every event time, value and interval
   * from `day` on until the next step), from day 0 to the arm's last follow-up time, where it ends.
   * The reviewer's view has it only at the days of `curve` (report-anonymise.ts). Optional: a
   * report version published before it was added lacks it.
   */
  stepCurve?: IncidenceStep[];
}

/** One step of a cumulative incidence curve: the estimate from `day` on, until the next step. */
export interface IncidenceStep {
  day: number;
  value: number;
  ci95: Interval | null;
}

export interface GemeenteArm extends ArmCounts {
  arm: string;
}

export interface GemeenteResult {
  gemeente: string;
  arms: GemeenteArm[];
}

/** Pooled over gemeenten (Cochran–Mantel–Haenszel, Mantel–Haenszel, Breslow–Day). */
export interface StratifiedResult {
  cmhPValue: number;
  cmhPValueCorrected: number;
  mhOddsRatio: number | null;
  mhOddsRatioCi: Interval | null;
  mhRiskDifference: number | null;
  mhRiskDifferenceCi: Interval | null;
  breslowDayPValue: number | null;
  excludedGemeenten: string[];
}

export interface NumberNeededToTreat {
  value: number | null;
  ci95: Interval | null;
  estimable: boolean;
  benefit: boolean | null;
}

export interface ExtraCostPerExtraSuccess {
  value: number | null;
  estimable: boolean;
  /** cost per participant per arm, as the plan gives it */
  costs: Record<string, number>;
}

export type SubgroupBy = 'klantprofiel' | 'segment';

/** One subgroup (a klantprofiel or a segment value): shown only with enough complete participants. */
export interface SubgroupRow {
  klantprofiel?: string;
  segment?: string;
  treatment: ArmCounts;
  control: ArmCounts;
  riskDifference: number | null;
  ci95: Interval | null;
  fisherPValue: number | null;
  shown: boolean;
}

export interface SubgroupAnalysis {
  exploratory: true;
  groups: SubgroupRow[];
  homogeneityPValue: number | null;
}

export type Subgroups = Partial<Record<SubgroupBy, SubgroupAnalysis>>;

/** Cluster-level analysis (cluster and concurrent-control designs). */
export interface ClusterAnalysis {
  /** number of gemeenten (clusters) per arm: not people */
  clusters: Record<string, number>;
  welchPValue: number | null;
  permutationPValue: number | null;
  icc: number | null;
  designEffect: number | null;
}

/** One arm against the control arm, for one metric. */
export interface Comparison {
  arm: string;
  vs: string;
  riskDifference: number | null;
  ci95: Interval | null;
  riskRatio: number | null;
  riskRatioCi: Interval | null;
  oddsRatio: number | null;
  oddsRatioCi: Interval | null;
  fisherPValue: number;
  chiSquarePValue: number;
  zTestPValue: number;
  probabilityBetter: number;
  grayPValue: number | null;
  logRankPValue: number | null;
  stratified: StratifiedResult;
  numberNeededToTreat: NumberNeededToTreat;
  extraCostPerExtraSuccess?: ExtraCostPerExtraSuccess;
  sentence: string;
  subgroups: Subgroups;
  cluster?: ClusterAnalysis;
  /** Holm-adjusted within the experiment (secondary metrics only). */
  holmPValue?: number;
  /** Benjamini–Hochberg across every comparison of a quarterly report (the report only). */
  qValue?: number;
}

export interface MetricResult {
  metric: string;
  followUpDays: number;
  primary: boolean;
  preRegistered: boolean;
  arms: ArmResult[];
  comparisons: Comparison[];
  byGemeente: GemeenteResult[];
}

export interface BelevingArm {
  arm: string;
  n: Count;
  mean: number | null;
  sd: number | null;
  median: number | null;
  /** participants per score value */
  distribution: Record<string, Count>;
}

export interface BelevingComparison {
  arm: string;
  vs: string;
  meanDifference: number | null;
  welchCi: Interval | null;
  welchPValue: number | null;
  mannWhitneyU: number | null;
  mannWhitneyPValue: number | null;
}

export interface BelevingResult {
  phase: string;
  item: string;
  arms: BelevingArm[];
  comparisons: BelevingComparison[];
  /**
   * Who could still be measured in this phase (issue 14, beleving-uitval.ts): per arm the uitval
   * before reaching it. Optional: a report version published before it was added lacks it.
   */
  survivorship?: Survivorship;
}

export interface EmotionArm {
  arm: string;
  n: Count;
  /** share of the participants per emotion */
  shares: Record<string, number>;
}

export interface EmotionResult {
  phase: string;
  arms: EmotionArm[];
  /** As in {@link BelevingResult}: the uitval per arm before this phase. Optional. */
  survivorship?: Survivorship;
}

/** One arm's uitval before reaching a klantbeleving phase (issue 14, item 5). */
export interface SurvivorshipArm {
  arm: string;
  /** enrolled on or before asOf */
  enrolled: Count;
  /** of them, whose first uitval (on or before asOf) came before any milestone that reaches the phase */
  uitvalBefore: Count;
  /** uitvalBefore ÷ enrolled; null without enrolled participants */
  share: number | null;
}

/**
 * Klantbeleving in a later phase is measured only among participants still in the process. When
 * the arms lost a different share before the phase (beleving-uitval.ts: SURVIVORSHIP_DIFFERENCE),
 * the groups measured there may differ for that reason alone, and `sentence` says so.
 */
export interface Survivorship {
  arms: SurvivorshipArm[];
  /** largest minus smallest share over the arms; null with fewer than two arms with a share */
  difference: number | null;
  differs: boolean;
  /** the Dutch caveat when `differs`, else null */
  sentence: string | null;
}

/** Uitval within the follow-up window after a score, of one group (negative or the others). */
export interface BelevingUitvalGroup {
  /** first score in the phase on or before asOf, and no uitval on or before the score date */
  scored: Count;
  /** of them, whose window (score date + followUpDays) ended on or before asOf */
  complete: Count;
  /** of them, with uitval after the score date and at most followUpDays after it */
  events: Count;
  /** events ÷ complete; null without complete participants */
  risk: number | null;
  /** Wilson score interval of the risk */
  ci95: Interval | null;
}

/** Negative klantbeleving against the others in one phase, all arms together (arm null) or one arm. */
export interface BelevingUitvalRow {
  arm: string | null;
  negative: BelevingUitvalGroup;
  others: BelevingUitvalGroup;
  /** scored, but the uitval came on or before the score date: in neither group */
  uitvalBeforeScore: Count;
  /** scored without an emotion and without a rapportcijfer: in neither group */
  unclassified: Count;
  /** negative risk ÷ others' risk; null with too few complete participants or no uitval among the others */
  riskRatio: number | null;
  /** log (Katz) 95% interval */
  riskRatioCi: Interval | null;
  /** negative risk − others' risk, with the Newcombe interval */
  riskDifference: number | null;
  riskDifferenceCi: Interval | null;
  fisherPValue: number | null;
  /** both groups have enough complete participants for a ratio and a sentence about it */
  enough: boolean;
  /** the Dutch sentence, always labelled as samenhang (beleving-uitval.ts) */
  sentence: string;
}

export interface BelevingUitvalPhase {
  phase: string;
  all: BelevingUitvalRow;
  arms: BelevingUitvalRow[];
}

/**
 * Klantbeleving and later uitval (issue 14, item 4): an association, never an effect. Per
 * klantbeleving phase in journey order, the participants with a negative first score (a negative
 * emotion or a rapportcijfer below 6) against the others.
 */
export interface BelevingUitval {
  followUpDays: number;
  label: 'association';
  labelText: string;
  /** the emotions that count as negative, and the rapportcijfer below which a score is negative */
  negativeEmotions: string[];
  negativeBelow: number;
  phases: BelevingUitvalPhase[];
}

/** Uitval in one phase (the phase after the last milestone before it: UITVAL_PHASES), with its reasons. */
export interface UitvalPhaseCount {
  phase: string;
  n: Count;
  /** per uitval reason (UITVAL_REASONS) */
  byReason: Record<string, Count>;
}

/** Where the uitval of one arm happened. */
export interface UitvalWhereArm {
  arm: string;
  /** enrolled on or before asOf */
  enrolled: Count;
  /** of them, with an uitval on or after enrolment and on or before asOf */
  uitval: Count;
  /** per phase in journey order, only phases with uitval */
  phases: UitvalPhaseCount[];
}

/** Uitval by the phase in which it happened and by reason, per arm and per gemeente (issue 14). */
export interface UitvalWhere {
  arms: UitvalWhereArm[];
  byGemeente: { gemeente: string; arms: UitvalWhereArm[] }[];
}

/** A doorlooptijd estimated with censoring (Kaplan–Meier; median interval as R survfit). */
export interface DoorlooptijdEstimate {
  /** participants who reached the start step on or before asOf */
  n: Count;
  /** of them, who reached the end step (the others count as still waiting, censored) */
  events: Count;
  /** median days; null when fewer than half reached the end step (not reached yet) */
  median: number | null;
  /** interval of the median; a limit is null when it is not reached */
  medianCi95: [number | null, number | null];
  /** share within the norm (aanmelding → intake: the NVVK norm of 28 days), 1 − S(days) */
  withinNorm?: { days: number; share: number | null; ci95: Interval | null };
}

/** One doorlooptijd of an experiment's participants, per arm, per gemeente (all arms together) and per gemeente per arm. */
export interface DoorlooptijdPart {
  from: string;
  to: string;
  arms: (DoorlooptijdEstimate & { arm: string })[];
  byGemeente: (DoorlooptijdEstimate & { gemeente: string })[];
  /**
   * Per gemeente per arm: gemeenten in alphabetical order, arms in the experiment's order, only
   * the combinations with someone who reached the start step. Optional: a report version
   * published before it was added lacks it.
   */
  byGemeenteArm?: (DoorlooptijdEstimate & { gemeente: string; arm: string })[];
}

/** Doorlooptijden (issue 14): aanmelding → intake with the NVVK norm, instroom → gereed. */
export interface Doorlooptijd {
  aanmeldingIntake: DoorlooptijdPart;
  instroomGereed: DoorlooptijdPart;
}

export interface SrmResult {
  chiSquare: number;
  pValue: number;
  mismatch: boolean;
}

export interface PowerGuard {
  /** planned participants per arm, from the plan's baseline and minimum effect */
  plannedPerArm: Record<string, number> | null;
  completePerArm: Record<string, Count>;
  minimumDetectableDifference: number | null;
  alpha: number;
  power: number;
}

export type SequentialGuard =
  | { available: false; reason: string; informationFraction?: number }
  | {
      available: true;
      /** Looks actually taken: one per quarter from the start up to and including `asOf`'s quarter. */
      look: number;
      plannedLooks: number;
      informationFraction: number;
      boundaryZ: number;
      z: number;
      crossed: boolean;
      /** An interim look: the experiment still runs on `asOf`, or the look comes before the last planned one. */
      interim?: boolean;
    };

export interface Guards {
  power: PowerGuard;
  sequential: SequentialGuard;
  multiplicity: { primary: string; secondary: string };
}

export type DesignLabelKind = 'effect' | 'association';

/** GET /api/v1/experiments/{key}/results */
export interface ExperimentResults {
  experiment: string;
  asOf: string;
  design: string;
  label: DesignLabelKind;
  labelText: string;
  srm: SrmResult | null;
  metrics: MetricResult[];
  beleving: BelevingResult[];
  emotions: EmotionResult[];
  /**
   * Where uitval happened: every uitval of enrolled participants up to asOf, also of those without
   * complete follow-up (descriptive; the window rates are in `metrics`). Optional: a report
   * version published before it was added lacks it.
   */
  uitvalByPhase?: UitvalWhere;
  /** Doorlooptijden of the enrolled participants. Optional: a version published before it lacks it. */
  doorlooptijd?: Doorlooptijd;
  /** Klantbeleving and later uitval, as association (issue 14). Optional: a version published before it lacks it. */
  belevingUitval?: BelevingUitval;
  /**
   * Fidelity (issue 14): per arm what was actually delivered, beside the intention-to-treat
   * comparison (which stays primary). Only for an experiment whose plan names `delivery`; a report
   * version published before it was added lacks it.
   */
  fidelity?: Fidelity;
  guards: Guards;
  /** The first comparison of the primary metric (the same object as in `metrics`). */
  primaryComparison: Comparison | null;
  /** The warnings in Dutch: `formatWarning` of each of `warningDetails` (the reviewer's view re-formats them). */
  warnings: string[];
  /**
   * The same warnings, coded (warnings.ts), their counts as `Count`s. Optional: a report version
   * published before it was added has only the sentences.
   */
  warningDetails?: Warning[];
  /** The experiment was still running on `asOf` (no end date, or `asOf` before it): every look is an interim look. */
  running?: boolean;
  /** Set when the results cover one gemeente's participants only. */
  gemeente?: string;
}
