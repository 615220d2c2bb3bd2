/**
 * The worklist of a gemeente (issue 16): participants that need something from staff. The rules
 * (how many days, which milestone opens which phase, what ends a trajectory) live here only; the
 * repository takes them as parameters and the web app shows the sentences built here. Pure: the
 * browser imports this file too.
 */
import { PHASE_REACHED_BY, TRAJECTORY_ENDS, type Milestone, type Phase } from './vocabulary';
import { MILESTONE_LABELS, PHASE_LABELS } from './labels';
import { toDutchDate } from './dates';

/** Days without a new milestone an experiment expects at most, when its definition says nothing (`expectedPaceDays`). */
export const DEFAULT_EXPECTED_PACE_DAYS = 60;
/** A client link (client_form_link) not answered after this many days needs a call. */
export const CLIENT_LINK_ANSWER_DAYS = 14;
/** NVVK norm: an aanmelding gets its intake (or a registered no-show) within four weeks. */
export const NVVK_INTAKE_DAYS = 28;

/** Statuses of an experiment whose enrolled participants are expected to move at its pace. */
export const PACED_EXPERIMENT_STATUSES = ['running', 'paused'] as const;

/** Milestones that start the NVVK clock: the latest of them counts (a heraanmelding starts it again). */
export const INTAKE_CLOCK_STARTS = ['aanmelding', 'heraanmelding'] as const satisfies readonly Milestone[];
/** Milestones that answer an aanmelding (on or after it): an intake took place, or the client did not come. */
export const INTAKE_ANSWERS = ['intake', 'no_show'] as const satisfies readonly Milestone[];

/** A milestone that opens a trajectory again after it ended. */
export const REOPENING_MILESTONE: Milestone = 'heraanmelding';
/** A trajectory that ended (and was not reopened after) needs nothing more from staff. */
export const WORKLIST_ENDS = TRAJECTORY_ENDS;
/**
 * After these the stabilisation pace no longer applies: an arrangement runs for years, and
 * langdurige stabilisatie is long-term support by design (domain.md).
 */
export const PACE_STOPS = ['akkoord_schuldregeling', 'langdurige_stabilisatie'] as const satisfies readonly Milestone[];

/** The phases in journey order with the milestone that shows a participant reached each one. */
export const PHASE_OPENINGS: readonly { phase: Phase; milestone: Milestone }[] = Object.entries(PHASE_REACHED_BY).map(
  ([phase, milestone]) => ({ phase: phase as Phase, milestone }),
);

export const WORKLIST_REASONS = [
  'geen_voortgang',
  'klantbeleving_ontbreekt',
  'klantlink_onbeantwoord',
  'geen_intake',
] as const;
export type WorklistReason = (typeof WORKLIST_REASONS)[number];

export const WORKLIST_REASON_LABELS: Record<WorklistReason, string> = {
  geen_voortgang: 'Geen nieuwe stap',
  klantbeleving_ontbreekt: 'Klantbeleving ontbreekt',
  klantlink_onbeantwoord: 'Klantlink niet ingevuld',
  geen_intake: 'Geen intake na aanmelding',
};

/** One row of the worklist as the API returns it. */
export interface WorklistRow {
  gemeente: string;
  participantRef: string;
  reason: WorklistReason;
  /** The date the clock started (YYYY-MM-DD): the last milestone, the phase reached, the link made, the aanmelding. */
  since: string;
  /** Whole days from `since` to the list's date. */
  days: number;
  /** The limit in days that was passed (0 for a missing klantbeleving score: due when the phase starts). */
  limitDays: number;
  /** geen_voortgang: the experiment whose pace applies. */
  experiment?: string;
  /** klantbeleving_ontbreekt, klantlink_onbeantwoord: the phase. */
  phase?: Phase;
  /** geen_voortgang: the last milestone (absent when only the enrolment is known). */
  lastMilestone?: Milestone;
  /** Why, in plain Dutch (B1). */
  text: string;
}

export interface WorklistResult {
  /** The list's date: today in the Netherlands. */
  asOf: string;
  /** The gemeente the list is for; absent when it covers every gemeente (beheerder). */
  gemeente?: string;
  total: number;
  byReason: Record<WorklistReason, number>;
  rows: WorklistRow[];
}

/** `YYYY-MM-DD` as `dd-mm-jjjj`, the way Dutch users write a date (dates.ts toDutchDate). */
export const dutchDate = toDutchDate;

const dagen = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagen'}`;

/** The plain-Dutch sentence of a row: what is wrong, since when, and what the rule is. */
export function worklistText(row: Omit<WorklistRow, 'text'>): string {
  const since = dutchDate(row.since);
  switch (row.reason) {
    case 'geen_voortgang':
      return row.lastMilestone
        ? `Geen nieuwe stap sinds ${since} (${MILESTONE_LABELS[row.lastMilestone].toLowerCase()}), al ${dagen(row.days)}. Het experiment verwacht binnen ${dagen(row.limitDays)} een volgende stap.`
        : `Geen stap vastgelegd sinds de inschrijving op ${since}, al ${dagen(row.days)}. Het experiment verwacht binnen ${dagen(row.limitDays)} een stap.`;
    case 'klantbeleving_ontbreekt':
      return `In de fase ${PHASE_LABELS[row.phase!].toLowerCase()} sinds ${since}, maar er is nog geen klantbeleving gemeten voor deze fase.`;
    case 'klantlink_onbeantwoord':
      return `De klantlink voor de fase ${PHASE_LABELS[row.phase!].toLowerCase()} is op ${since} gemaakt en na ${dagen(row.days)} nog niet ingevuld (wij verwachten een antwoord binnen ${dagen(row.limitDays)}).`;
    case 'geen_intake':
      return `Aangemeld op ${since}, maar na ${dagen(row.days)} is er geen intake en geen no-show vastgelegd (NVVK-norm: ${dagen(row.limitDays)}).`;
  }
}
