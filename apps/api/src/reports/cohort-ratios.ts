/**
 * The study's sector ratios per entry cohort (issue 14, item 2; the rules in libs/domain
 * cohort.ts): from the repository's rows (per gemeente × days × cause, FunnelRepository.cohort) to
 * the report's `sector.cohortRatios`. Pure: no database, no clock; the estimator is
 * `cumulativeIncidence` of libs/stats (Aalen–Johansen, point estimate as R `cmprsk::cuminc`,
 * interval as R `survival::survfit`).
 */
import { cumulativeIncidence, type CompetingRiskRecord } from '@living-lab/stats';
import {
  COHORT_AGGREGATE_ONLY,
  COHORT_CAUSE,
  COHORT_FOLLOW_UP_DAYS,
  COHORT_RATIO_STEPS,
  COHORT_RATIOS,
  cohortFollowedAYear,
  cohortLabel,
  cohortNote,
  cohortQuestion,
  count,
  type CohortEstimate,
  type CohortRatio,
  type CohortRatios,
  type Quarter,
  type SectorShare,
} from '@living-lab/domain';

/** Participants of one cohort with the same gemeente, days and cause (0 waiting, 1 reached, 2 uitval, 3 other end). */
export interface CohortRow {
  gemeente: string;
  /** days from the first `from` to `to`, to the first competing end, or to the end of the data */
  time: number;
  cause: number;
  n: number;
}

/**
 * The estimate of one group of rows at day 365. The Aalen–Johansen estimate is unknown after the
 * last follow-up time, except when everybody still at risk then had an event (the all-cause
 * survival reached 0): then nothing can change any more and the last value holds (as R
 * `summary(survfit(...), times = 365, extend = TRUE)`).
 */
export function cohortEstimate(rows: readonly CohortRow[], days = COHORT_FOLLOW_UP_DAYS): CohortEstimate {
  const records: CompetingRiskRecord[] = rows.flatMap((r) =>
    Array.from({ length: r.n }, () => ({ time: r.time, cause: r.cause })),
  );
  const within = (r: CohortRow) => r.time <= days;
  const sum = (f: (r: CohortRow) => boolean) => rows.filter(f).reduce((s, r) => s + r.n, 0);
  const out: CohortEstimate = {
    n: count(records.length),
    events: count(sum((r) => r.cause === COHORT_CAUSE.reached && within(r))),
    competing: count(sum((r) => r.cause !== COHORT_CAUSE.censored && r.cause !== COHORT_CAUSE.reached && within(r))),
    waitingUnderAYear: count(sum((r) => r.cause === COHORT_CAUSE.censored && r.time < days)),
    status: 'empty',
    estimate: null,
    ci95: null,
  };
  if (records.length === 0) return out;
  const last = Math.max(...records.map((r) => r.time));
  const allEndedAtLast = records.every((r) => r.time < last || r.cause !== COHORT_CAUSE.censored);
  const [p] = cumulativeIncidence(records, [days], { causes: [COHORT_CAUSE.reached], extend: allEndedAtLast });
  if (p.value === null) return { ...out, status: 'not_yet' };
  return { ...out, status: 'estimate', estimate: p.value, ci95: p.ci95 };
}

/**
 * The cohort figures of a report: per ratio the sector (every gemeente with participant-level
 * data) and each gemeente; gemeenten that submitted only quarterly totals get a sentence instead.
 */
export function cohortRatios(input: {
  cohort: Quarter;
  asOf: string;
  rows: Record<SectorShare, CohortRow[]>;
  /** gemeenten with an aggregate submission from the entry quarter on: left out of every figure */
  aggregateOnly: readonly string[];
}): CohortRatios {
  const { cohort, asOf } = input;
  const aggregate = new Set(input.aggregateOnly);
  const complete = cohortFollowedAYear(cohort, asOf);
  const ratios = COHORT_RATIOS.map((ratio): CohortRatio => {
    const rows = input.rows[ratio].filter((r) => !aggregate.has(r.gemeente));
    const gemeenten = [...new Set(rows.map((r) => r.gemeente))].sort();
    return {
      ratio,
      ...COHORT_RATIO_STEPS[ratio],
      cohortLabel: cohortLabel(ratio, cohort.label, complete, asOf),
      question: cohortQuestion(ratio, cohort.label),
      total: cohortEstimate(rows),
      byGemeente: gemeenten.map((g) => ({ gemeente: g, ...cohortEstimate(rows.filter((r) => r.gemeente === g)) })),
    };
  });
  return {
    cohort: cohort.label,
    period: { start: cohort.start, end: cohort.end },
    days: COHORT_FOLLOW_UP_DAYS,
    followedUntil: asOf,
    complete,
    note: cohortNote(cohort.label, complete, asOf),
    ratios,
    aggregateOnly: [...aggregate].sort().map((gemeente) => ({ gemeente, note: COHORT_AGGREGATE_ONLY })),
  };
}
