/**
 * The study's three sector ratios by entry cohort (issue 14, item 2): "60% of those entering
 * stabilisation become gereed" is a figure about one group of people followed over time, not a
 * quarter's gereed divided by the same quarter's instroom (different people). The rules and the
 * words are here once; the report service, the renderers and the web app (alias
 * `@living-lab/cohort`) read them. Pure: the browser imports this file too.
 *
 * Definition: the cohort of a ratio is every participant whose first `from` milestone lies in the
 * entry quarter — by default the report quarter of one year earlier, so that a report of a whole
 * quarter has followed everyone for a year. The figure is the Aalen–Johansen probability of
 * reaching `to` within {@link COHORT_FOLLOW_UP_DAYS} days of that first `from` (day 365 counts,
 * day 366 does not), with uitval and the other ends of a trajectory (TRAJECTORY_ENDS) competing
 * when they come first (on the same date, `to` counts), and a participant still waiting censored
 * at the end of the data (the report's asOf).
 */
import { addDays, toDutchDate } from './dates';
import { previousQuarter, quarterName, type Quarter } from './quarters';
import type { SectorShare } from './report';
import { TRAJECTORY_ENDS, type Milestone } from './vocabulary';

/** A year: `to` reached on day 365 after the first `from` counts, on day 366 not. */
export const COHORT_FOLLOW_UP_DAYS = 365;

/** The milestones of each ratio of the study (domain.md: 95%, 60% and 85% in 2018). */
export const COHORT_RATIO_STEPS: Record<SectorShare, { from: Milestone; to: Milestone }> = {
  intakePerAanmelding: { from: 'aanmelding', to: 'intake' },
  gereedPerInstroom: { from: 'instroom_stabilisatie', to: 'gereed_voor_schuldregeling' },
  akkoordPerGereed: { from: 'gereed_voor_schuldregeling', to: 'akkoord_schuldregeling' },
};

/** The ratios in funnel order. */
export const COHORT_RATIOS = Object.keys(COHORT_RATIO_STEPS) as SectorShare[];

/**
 * The competing-risk causes of a cohort record (the convention of libs/stats): 0 still waiting
 * (censored), 1 reached `to`, 2 uitval first, 3 another end of the trajectory first.
 */
export const COHORT_CAUSE = { censored: 0, reached: 1, uitval: 2, otherEnd: 3 } as const;

/** The ends that compete with reaching `to`: uitval and the other TRAJECTORY_ENDS, never `from` or `to` themselves. */
export function cohortCompetingEnds(ratio: SectorShare): Milestone[] {
  const { from, to } = COHORT_RATIO_STEPS[ratio];
  return TRAJECTORY_ENDS.filter((m) => m !== from && m !== to);
}

/** The entry cohort of a report quarter: the same quarter one year earlier (2026-Q3 → 2025-Q3). */
export function cohortQuarterOf(reportQuarter: Quarter): Quarter {
  let q = reportQuarter;
  for (let i = 0; i < 4; i++) q = previousQuarter(q);
  return q;
}

/** True when every member of the cohort can have been followed a whole year by `asOf`. */
export function cohortFollowedAYear(cohort: Quarter, asOf: string): boolean {
  return asOf >= addDays(cohort.end, COHORT_FOLLOW_UP_DAYS);
}

/** How the entry of each ratio reads in a cohort's name. */
const ENTRY_WORDS: Record<SectorShare, string> = {
  intakePerAanmelding: 'Aanmelding',
  gereedPerInstroom: 'Instroom in stabilisatie',
  akkoordPerGereed: 'Gereed voor schuldregeling',
};

/**
 * The name of a ratio's cohort, said wherever its number appears: "Instroom in stabilisatie in
 * 2025-Q3, een jaar gevolgd"; a cohort not yet followed a year says until when it was followed.
 */
export function cohortLabel(ratio: SectorShare, cohort: string, complete: boolean, followedUntil: string): string {
  return complete
    ? `${ENTRY_WORDS[ratio]} in ${cohort}, een jaar gevolgd`
    : `${ENTRY_WORDS[ratio]} in ${cohort}, gevolgd tot ${toDutchDate(followedUntil)}: nog niet iedereen een jaar`;
}

/** The question a ratio answers, in B1: "Van wie zich in 2025-Q3 aanmeldde: welk deel kreeg binnen een jaar een intake?" */
export function cohortQuestion(ratio: SectorShare, cohort: string): string {
  const q: Record<SectorShare, string> = {
    intakePerAanmelding: `Van wie zich in ${cohort} aanmeldde: welk deel kreeg binnen een jaar een intake?`,
    gereedPerInstroom: `Van wie in ${cohort} aan stabilisatie begon: welk deel werd binnen een jaar gereed voor een schuldregeling?`,
    akkoordPerGereed: `Van wie in ${cohort} gereed werd voor een schuldregeling: welk deel kreeg binnen een jaar een akkoord?`,
  };
  return q[ratio];
}

/** The note above the cohort figures (report JSON `sector.cohortRatios.note`, every format, the web app). */
export function cohortNote(cohort: string, complete: boolean, followedUntil: string): string {
  return (
    `Verhoudingen per cohort: de mensen die in ${cohort} (${quarterName(cohort)}) bij de eerste stap kwamen, ` +
    `en welk deel van hen binnen een jaar (365 dagen) de volgende stap bereikte. ` +
    `Wie eerst uitviel of op een andere manier stopte, bereikte de stap niet. ` +
    `Wie nog wacht, telt mee zolang we hem of haar volgen (tot ${toDutchDate(followedUntil)}). ` +
    (complete
      ? 'Iedereen in dit cohort is een jaar gevolgd.'
      : 'Nog niet iedereen in dit cohort is een jaar gevolgd: het cijfer kan nog veranderen.') +
    ' Zo zijn de cijfers te vergelijken met die van de studie uit 2018.'
  );
}

/** Said instead of a number for a gemeente that submits only quarterly totals. */
export const COHORT_AGGREGATE_ONLY =
  'Deze gemeente levert alleen totalen per kwartaal aan. Daaruit is niet te volgen wie de volgende stap bereikte: geen cohortcijfer.';

/** The data-quality line under the cohort figures. */
export function cohortQuality(complete: boolean): string {
  return `Herkomst: bron (gegevens per deelnemer). ${complete ? 'Iedereen in het cohort is een jaar gevolgd.' : 'Nog niet iedereen in het cohort is een jaar gevolgd: het cijfer kan nog veranderen.'}`;
}

/** The note of the per-gemeente cohort figures. */
export const COHORT_AGGREGATE_ONLY_NOTE =
  'Per gemeente dezelfde verhoudingen, voor hetzelfde cohort. Alleen gemeenten met gegevens per deelnemer hebben een cohort; een gemeente die alleen totalen per kwartaal aanlevert, staat er zonder cijfer in.';

/** Said instead of a number when the data do not reach a year after entry (nobody followed 365 days yet). */
export const COHORT_NOT_YET = 'Nog niet te zeggen: nog niemand in dit cohort is een jaar gevolgd.';

/** Said instead of a number for an empty cohort. */
export const COHORT_EMPTY = 'Niemand in dit cohort.';

/**
 * The note of the quarterly flows (`sector.note`): counts of this quarter, not the study's ratios.
 * Stored with each report version.
 */
export const SECTOR_FLOW_NOTE =
  'Aantallen in dit kwartaal: elke stap telt de deelnemers die die stap in dit kwartaal bereikten. Dit zijn tellingen, geen verhoudingen: wie in dit kwartaal gereed werd, begon meestal in een eerder kwartaal. De verhoudingen van de studie staan bij de verhoudingen per cohort.';

/** What reaching `to` is, as a verb phrase: "… werd binnen een jaar gereed voor een schuldregeling". */
const REACHED_WORDS: Record<SectorShare, string> = {
  intakePerAanmelding: 'kreeg binnen een jaar een intake',
  gereedPerInstroom: 'werd binnen een jaar gereed voor een schuldregeling',
  akkoordPerGereed: 'kreeg binnen een jaar een akkoord voor een schuldregeling',
};

type Shown = number | string | null | undefined;

/**
 * The B1 sentence of one ratio for the whole sector, naming its cohort: "Instroom in stabilisatie
 * in 2025-Q3, een jaar gevolgd: 50,0% werd binnen een jaar gereed voor een schuldregeling
 * (95%-interval 32,3% tot 77,5%; 10 van de 20 mensen). In 2018: 60%." The caller formats the
 * numbers (the web app and the renderers each have the Dutch notation).
 */
export function cohortSentence(
  r: {
    ratio: SectorShare;
    cohortLabel: string;
    total: { n: Shown; events: Shown; status: string; estimate: Shown; ci95: unknown };
  },
  reference: number | undefined,
  fmt: { pct: (v: number) => string; pct0: (v: number) => string; int: (v: number) => string },
): string {
  const e = r.total;
  const show = (v: Shown, f: (x: number) => string) => (typeof v === 'number' ? f(v) : (v ?? '–'));
  const ref = typeof reference === 'number' ? ` In 2018: ${fmt.pct0(reference)}.` : '';
  if (e.status === 'empty') return `${r.cohortLabel}: ${COHORT_EMPTY}`;
  if (e.status === 'not_yet') return `${r.cohortLabel}: ${COHORT_NOT_YET}${ref}`;
  if (typeof e.estimate !== 'number')
    return `${r.cohortLabel}: geen cijfer, want het gaat om weinig mensen (kleine aantallen blijven afgeschermd).${ref}`;
  const ci = Array.isArray(e.ci95) ? `95%-interval ${show(e.ci95[0], fmt.pct)} tot ${show(e.ci95[1], fmt.pct)}; ` : '';
  return `${r.cohortLabel}: ${fmt.pct(e.estimate)} ${REACHED_WORDS[r.ratio]} (${ci}${show(e.events, fmt.int)} van de ${show(e.n, fmt.int)} mensen).${ref}`;
}
