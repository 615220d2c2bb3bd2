/**
 * The quarterly reflection report (GET /api/v1/reports/quarterly/{YYYY-Qn}): one typed model for
 * the service that builds it, the anonymiser, the renderers (HTML, PDF, XLSX) and the web app
 * (type-only import). Every number of people is a `Count` (results.ts).
 *
 * A reviewer gets `AnonymisedReport`: the same shape with every `Count` replaced by a
 * `ShownCount` — 0, 5 or more, `<5`, or `×` (a count of 5 or more hidden with a `<5` of the same
 * total). A `ShownCount` is made only by `showCount` (and the anonymiser's `×`), so a count
 * field the anonymiser does not handle keeps the type `Count` and the anonymiser fails to compile.
 */
import type { SectorContext } from './gemeente-context';
import type { ReportReflections } from './reflection';
import type { Count, ExperimentResults, Interval, UitvalPhaseCount } from './results';
import type { Warning } from './warnings';

/** What a reviewer sees instead of a count from 1 to 4 (and any figure built on it). */
export const SUPPRESSED = '<5';
/**
 * What a reviewer sees instead of a count of 5 or more that is hidden so that a `<5` cannot be
 * worked out as a total minus the other parts (complementary suppression, report-anonymise.ts).
 */
export const CONCEALED = '×';
export type Suppressed = typeof SUPPRESSED | typeof CONCEALED;

declare const SHOWN: unique symbol;
/** A count as a reviewer may see it: 0, 5 or more, `<5`, or `×`. Made by {@link showCount} (and `×` by the anonymiser). */
export type ShownCount = (number & { readonly [SHOWN]: true }) | Suppressed;

/** True for a count from 1 to 4 (a small cell). */
export const isSmall = (n: unknown): boolean => typeof n === 'number' && n >= 1 && n <= 4;

/** The one way to show a count to a reviewer: 1 to 4 becomes `<5`. */
export const showCount = (n: Count): ShownCount => (isSmall(n) ? SUPPRESSED : (n as number as ShownCount));

/**
 * Treats every number in a value as a count (for parts the anonymiser suppresses as a whole, such
 * as the data-quality pictures): a type-level statement, nothing changes at run time.
 */
export type AllCounts<T> = T extends number
  ? Count
  : T extends readonly (infer U)[]
    ? AllCounts<U>[]
    : T extends object
      ? { [K in keyof T]: AllCounts<T[K]> }
      : T;
export const allCounts = <T>(v: T): AllCounts<T> => v as unknown as AllCounts<T>;

/** Fields that the anonymiser may replace as a whole by `<5` (a curve, a distribution, shares). */
type WholeFields = 'curve' | 'cumulativeIncidence' | 'stepCurve' | 'distribution' | 'shares';

/**
 * A value with its counts as `C` (a reviewer's `ShownCount`, or what a renderer reads): every
 * `Count` becomes a `C`; any other number or interval may be `<5` (a rate or statistic built on a
 * small count); curves, distributions and shares may be `<5` as a whole.
 */
type WithCounts<T, C> = T extends Count
  ? C
  : T extends number
    ? T | Suppressed
    : T extends string | boolean | null | undefined
      ? T
      : T extends Interval
        ? T | Suppressed
        : T extends readonly (infer U)[]
          ? WithCounts<U, C>[]
          : T extends object
            ? { [K in keyof T]: K extends WholeFields ? WithCounts<T[K], C> | Suppressed : WithCounts<T[K], C> }
            : T;

/** The anonymised form of a value: every `Count` must have become a `ShownCount`. */
export type Anonymised<T> = WithCounts<T, ShownCount>;

/** A value as a renderer or the web app reads it: full or anonymised, a count is a number or `<5`. */
export type Readable<T> = WithCounts<T, number | Suppressed>;

export interface ReportArm {
  key: string;
  name: string;
  control?: boolean;
  weight: number;
}

/** The experiment's plan as the report shows it. */
export interface ReportPlan {
  key: string;
  title: string;
  hypothesis: string;
  interventionPhase: string;
  design: string;
  allocation: unknown;
  arms: ReportArm[];
  primaryMetric: string;
  secondaryMetrics: string[];
  followUpDays: number;
  plannedLooks: number;
  start: string | null;
  end: string | null;
  status: string;
  plannedPerArm: Record<string, number> | null;
  /** removed in the reviewer's view */
  gemeenten?: string[];
}

export interface PreRegistration {
  frozen: boolean;
  version: number | null;
  hash: string | null;
  frozenAt: string | null;
  preRegistered: { primaryMetric: string; secondaryMetrics: string[] } | null;
  changedAfterStart: boolean;
  changedFields: string[];
  metrics: { metric: string; role: 'primary' | 'secondary'; preRegistered: boolean }[];
}

export interface StratumMonitoring {
  stratum: string;
  gemeente: string;
  enrolled: Count;
  counts: Record<string, Count>;
  drift: number;
  threshold: number;
  flagged: boolean;
}

/** Monitoring of randomised enrolment (sample ratio mismatch, drift per stratum). */
export interface ReportMonitoring {
  applicable: boolean;
  enrolled: Count;
  counts: Record<string, Count>;
  srm: { chiSquare: number; df: number; pValue: number; mismatch: boolean; threshold: number } | null;
  strata: StratumMonitoring[];
  flagged: boolean;
  /** The warnings in Dutch: `formatWarning` of each of `warningDetails`. */
  warnings: string[];
  /** The same warnings, coded (warnings.ts); absent in a report version published before it was added. */
  warningDetails?: Warning[];
}

/** CONSORT-style flow of one arm. */
export interface ConsortArm {
  arm: string;
  enrolled: Count;
  complete: Count;
  gereed: Count;
  uitval: Count;
  other: Count;
  inProgress: Count;
  notYetComplete: Count;
}

export interface ForestGemeente {
  gemeente: string;
  treatment: { events: Count; complete: Count };
  control: { events: Count; complete: Count };
  riskDifference: number | null;
  ci95: Interval | null;
}

export interface ForestComparison {
  arm: string;
  vs: string;
  gemeenten: ForestGemeente[];
  pooled: { riskDifference: number | null; ci95: Interval | null };
}

export interface ReportExperiment {
  preRegistration: PreRegistration;
  monitoring: ReportMonitoring | null;
  plan: ReportPlan;
  consort: ConsortArm[];
  results: ExperimentResults;
  forest: ForestComparison[];
}

/** The funnel milestones of the sector figures, in funnel order. */
export type SectorStep =
  | 'aanmelding'
  | 'no_show'
  | 'intake'
  | 'instroom_stabilisatie'
  | 'gereed_voor_schuldregeling'
  | 'akkoord_schuldregeling'
  | 'langdurige_stabilisatie'
  | 'informatie_advies'
  | 'andere_oplossing'
  | 'andere_uitstroom'
  | 'uitval';

export type SectorShare = 'intakePerAanmelding' | 'gereedPerInstroom' | 'akkoordPerGereed';

export interface FunnelSummary {
  counts: Record<SectorStep, Count>;
  uitvalByReason: Record<string, Count>;
  /**
   * The quarter's uitval by the phase in which it happened (the last milestone before it), with
   * reasons, in journey order. Optional: a version published before it was added lacks it.
   */
  uitvalByPhase?: UitvalPhaseCount[];
  shares: Record<SectorShare, number | null>;
}

export type Reference2018 = Record<SectorShare, { value: number; range: Interval }>;

/** The sector funnel from the gemeenten's quarterly submissions (aggregates or participants). */
export interface SectorSubmissions {
  quarter: string;
  note: string;
  steps: { step: string; value: Count | null; byTag: Record<string, Count> }[];
  uitvalByReason: { reason: string; value: Count }[];
  gemeenten: { gemeente: string; source: string; steps: Partial<Record<string, Count>>; tags: string[] }[];
  /** removed in the reviewer's view (the sentences quote counts) */
  warnings?: string[];
}

export interface SectorReport {
  /** What the quarterly flows are: counts of the quarter, not the study's ratios (cohort.ts SECTOR_FLOW_NOTE). */
  note: string;
  /** The quarter's flows. `shares` divide counts of different people: kept for the contract, shown nowhere as a ratio. */
  total: FunnelSummary;
  byGemeente: (FunnelSummary & { gemeente: string })[];
  reference2018: Reference2018;
  trend: (FunnelSummary & { quarter: string })[];
  submissions: SectorSubmissions;
  /** The study's three ratios per entry cohort (issue 14). Optional: a version published before it was added lacks it. */
  cohortRatios?: CohortRatios;
  /**
   * Each gemeente's werkwijze, regisseur, uitbesteding and caseload of the report's year, and the
   * sector counts split by werkwijze (issue 14, item 8). Optional: a version published before it lacks it.
   */
  context?: SectorContext;
}

/**
 * Why a cohort estimate has a number or not: `estimate` (a number), `empty` (nobody in the
 * cohort), `not_yet` (nobody followed a year yet: the estimate at day 365 is unknown).
 */
export type CohortStatus = 'estimate' | 'empty' | 'not_yet';

/**
 * One cohort estimate (cohort.ts): of the `n` participants whose first `from` lies in the entry
 * quarter, the Aalen–Johansen probability of reaching `to` within 365 days (uitval and other
 * ends competing, still waiting censored at `followedUntil`), with its 95% interval.
 */
export interface CohortEstimate {
  /** participants in the cohort */
  n: Count;
  /** of them, who reached `to` within 365 days (on or before followedUntil) */
  events: Count;
  /** of them, whose uitval or other end came first, within 365 days */
  competing: Count;
  /** of them, still waiting and followed less than 365 days (censored before a year) */
  waitingUnderAYear: Count;
  status: CohortStatus;
  /** Aalen–Johansen estimate at day 365; null unless status is `estimate` */
  estimate: number | null;
  /** 95% interval (log scale, as R survfit); null unless status is `estimate` */
  ci95: Interval | null;
}

/** One of the study's ratios for one entry cohort, for the sector and per gemeente. */
export interface CohortRatio {
  ratio: SectorShare;
  from: string;
  to: string;
  /** The cohort's name, said wherever its number appears: "Instroom in stabilisatie in 2025-Q3, een jaar gevolgd". */
  cohortLabel: string;
  /** The question the number answers, in B1. */
  question: string;
  /** every gemeente with participant-level data together (the aggregate-only ones are not in it) */
  total: CohortEstimate;
  byGemeente: (CohortEstimate & { gemeente: string })[];
}

/** The study's ratios per entry cohort (issue 14): which cohort, followed until when, and the figures. */
export interface CohortRatios {
  /** the entry quarter, e.g. `2025-Q3` for the report of 2026-Q3 */
  cohort: string;
  period: { start: string; end: string };
  /** follow-up: 365 days */
  days: number;
  /** the end of the data: the report's asOf */
  followedUntil: string;
  /** true when every member can have been followed a whole year by followedUntil */
  complete: boolean;
  note: string;
  ratios: CohortRatio[];
  /** gemeenten that submitted only quarterly totals from the entry quarter on: no cohort, said in words */
  aggregateOnly: { gemeente: string; note: string }[];
}

/** The data-quality picture of one gemeente in the quarter. */
export interface DataQualityPicture {
  gemeente: string;
  quarter: string;
  asOf: string;
  participants: Count;
  milestones: { milestone: string; expected: Count; recorded: Count; completeness: number | null }[];
  impossibleOrder: {
    participants: Count;
    gereedBeforeIntake: Count;
    eventsBeforeAanmelding: Count;
    eventsAfterTerminal: Count;
  };
  unregisteredNoShows: { due: Count; count: Count };
  beleving: { phase: string; reached: Count; measured: Count; missing: Count }[];
  completenessScore: number | null;
  /** removed in the reviewer's view (the sentences quote counts) */
  warnings?: string[];
  /** What DDAS deliveries added (the data-quality page only; not in the quarterly report). */
  ddas?: DdasQuality;
}

/** Per gemeente and quarter: how much DDAS delivered and where it disagrees with the own registration. */
export interface DdasQuality {
  /** Participants active in the quarter with facts from a DDAS delivery. */
  withDdas: number;
  /** withDdas / participants of the quarter (null without participants). */
  share: number | null;
  /** The gemeente's latest DDAS delivery, when there is one. */
  lastDelivery: {
    deliveredAt: string;
    importedAt: string;
    supplier: string;
    periodStart: string;
    periodEnd: string;
    trajectories: number;
  } | null;
  /**
   * Per milestone: participants whose DDAS delivery gives another date than the fact entered by
   * hand or by a CSV/XLSX import (e.g. another intake date).
   */
  disagreements: { milestone: string; participants: number }[];
}

export interface Publication {
  version: number;
  publishedAt: string;
  publishedBy: string;
  inputHash: string;
  engineVersion: string;
  changes: ReportChange[];
}

/**
 * A key number that changed between two published versions. A count (`kind: 'count'`: an arm's
 * enrolled, complete or events, a sector step) holds `Count`s, which the anonymiser must show as
 * `ShownCount`s; any other figure (a rate, a risk difference, a p-value) has `kind: 'figure'`.
 * Versions published before `kind` was added have none: see `isCountChange`.
 */
export type ReportChange =
  | { path: string; kind: 'count'; before: Count | null; after: Count | null }
  | { path: string; kind?: 'figure'; before: unknown; after: unknown };

/** The count fields of an arm among a report's key numbers (the last part of a change's path). */
export const ARM_COUNT_FIELDS = ['enrolled', 'complete', 'events'] as const;

/**
 * True for a change of a count. A change stored without `kind` (an older version) is a count when
 * its path ends in an arm's count field or is a sector step (`sector.<step>`), as `diffReports` made it.
 */
export const isCountChange = (c: ReportChange): c is Extract<ReportChange, { kind: 'count' }> =>
  c.kind === 'count' ||
  (c.kind === undefined &&
    (c.path.startsWith('sector.') || (ARM_COUNT_FIELDS as readonly string[]).includes(c.path.split('.').pop() ?? '')));

/** The full report as computed (names, no suppression); stored as a draft or a published version. */
export interface QuarterlyReportContent {
  report: 'kwartaalreflectie';
  quarter: string;
  period: { start: string; end: string };
  asOf: string;
  generatedAt: string;
  engineVersion: string;
  experiments: ReportExperiment[];
  sector: SectorReport;
  dataQuality: DataQualityPicture[];
  /** The quarter's reflections and the previous quarter's with what came of them; absent in versions published before. */
  reflections?: ReportReflections;
}

/** The report as a projectleider or beheerder gets it. */
export interface QuarterlyReport extends QuarterlyReportContent {
  /** null for a live draft */
  publication: Publication | null;
}

/** The report as a reviewer or gemeente user gets it: letter codes, counts 1–4 as `<5`. */
export type AnonymisedReport = Anonymised<QuarterlyReport> & {
  view: 'reviewer';
  anonymisation: string;
  /** A gemeente user's view: the name of their own gemeente, the one gemeente shown by name besides those that consented. */
  ownGemeente?: string;
};

/**
 * What every renderer and the web app read: the full report or the reviewer's view (both are
 * assignable to it).
 */
export type ReportView = Readable<QuarterlyReport> & {
  view?: 'reviewer';
  anonymisation?: string;
  ownGemeente?: string;
};
export type ReportExperimentView = ReportView['experiments'][number];
export type ResultsView = Readable<ExperimentResults>;

export const isAnonymised = (r: ReportView): boolean => r.view === 'reviewer';

/** The anonymisation note of a reviewer's view; undefined for the full report. */
export const anonymisationNote = (r: ReportView): string | undefined => r.anonymisation;
