/**
 * The start page per role (issue 16): what the lab is doing and what needs attention. The shape
 * the API returns and the web app shows, and the pure rules behind it (the enrolment pace, when
 * the planned size is reached, the next look and the next report). Pure: the browser imports it.
 */
import { addDays } from './dates';
import { quarterOf } from './quarters';
import type { Role } from './vocabulary';
import type { WorklistReason } from './worklist';

/** The enrolment pace is the enrolments of this many recent days, per day. */
export const ENROLMENT_PACE_WINDOW_DAYS = 90;
/** How many recent imports and reports the start page lists. */
export const OVERVIEW_RECENT = 5;

export interface OverviewExperiment {
  key: string;
  title: string;
  status: string;
  start: string | null;
  end: string | null;
  /** Enrolments in all gemeenten (an aggregate, as in the quarterly report). */
  enrolled: number;
  /** Gemeente user: enrolments of their own gemeente. */
  enrolledOwn?: number;
  /** `plannedSize` of the definition, or else the size the power calculation asks for; null when neither is known. */
  plannedSize: number | null;
  plannedSizeFrom: 'plan' | 'power' | null;
  /** Enrolments in the last ENROLMENT_PACE_WINDOW_DAYS days. */
  enrolledRecently: number;
  /** The date the planned size is reached at the recent pace (YYYY-MM-DD); null when it is reached, unknown or the pace is 0. */
  expectedReachOn: string | null;
  reached: boolean;
  /** The next quarterly look of the sequential analysis: its number, of how many, on which date. */
  nextLook: { number: number; of: number; on: string } | null;
}

export interface OverviewImport {
  kind: string;
  fileName: string;
  status: string;
  rows: number;
  errors: number;
  createdAt: string;
  by: string;
  gemeente: string | null;
}

export interface Overview {
  role: Role;
  gemeente?: string;
  asOf: string;
  experiments: OverviewExperiment[];
  /** The next quarterly report: the quarter running now, drafted the day after it ends. */
  nextReport: { quarter: string; draftOn: string };
  /** Projectleider, beheerder: drafts not yet published (or changed since the last publication). */
  reportsToPublish?: { quarter: string; draftedAt: string }[];
  /**
   * Reviewer, projectleider, beheerder: quarters whose reflection (what was concluded and decided)
   * is written but not yet published with the report: a reviewer may still comment on it.
   */
  reflectionsToReview?: { quarter: string; subjects: number; updatedAt: string }[];
  /** Everyone: the latest published report versions (what a reviewer reads). */
  reportsPublished: { quarter: string; version: number; publishedAt: string }[];
  /** Not for reviewers: per gemeente the data-quality score and number of problems this quarter. */
  dataQuality?: { quarter: string; gemeenten: { gemeente: string; score: number | null; problems: number }[] };
  /** Gemeente: the worklist count. */
  worklist?: { total: number; byReason: Record<WorklistReason, number> };
  /** Not for reviewers: the latest imports (a gemeente's own). */
  imports?: OverviewImport[];
}

/** Planned size reached at the recent pace: today + remaining ÷ (recent ÷ window days), rounded up. */
export function expectedReachDate(
  enrolled: number,
  planned: number | null,
  recent: number,
  today: string,
  windowDays = ENROLMENT_PACE_WINDOW_DAYS,
): string | null {
  if (planned === null || enrolled >= planned || recent <= 0) return null;
  return addDays(today, Math.ceil(((planned - enrolled) * windowDays) / recent));
}

/**
 * The next quarterly look: one look per calendar quarter from the start's quarter, taken at the
 * quarter's end (as the analysis counts them, findings.ts looksTaken). Null without a start, after
 * the planned looks, or when the experiment ended before this quarter.
 */
export function nextLook(
  start: string | null,
  end: string | null,
  plannedLooks: number,
  today: string,
): { number: number; of: number; on: string } | null {
  if (!start) return null;
  const a = quarterOf(start);
  const b = quarterOf(start > today ? start : today);
  const number = (b.year - a.year) * 4 + (b.q - a.q) + 1;
  if (number > plannedLooks || (end !== null && end < b.start)) return null;
  return { number, of: plannedLooks, on: b.end };
}

/** The report of the quarter running today, drafted the day after it ends. */
export function nextReport(today: string): { quarter: string; draftOn: string } {
  const q = quarterOf(today);
  return { quarter: q.label, draftOn: addDays(q.end, 1) };
}
