/**
 * Klantbeleving and uitval (issue 14, items 4 and 5): the rules and the words, in one place for
 * the results endpoint, the anonymiser, the report renderers and the web app.
 *
 * Item 4 — klantbeleving and later uitval. The study warns that negative emotions are a risk of
 * uitval. Per klantbeleving phase: of the enrolled participants with a first score in that phase,
 * a score is *negative* when its emotion is one of NEGATIVE_EMOTIONS or its rapportcijfer is below
 * NEGATIVE_CIJFER_BELOW; a score with an emotion or a rapportcijfer that is neither is one of the
 * *others*; a score with neither (only the five items) is not classified. The window runs from
 * the score date d: complete when d + followUpDays ≤ asOf; an event is an uitval dated after d and
 * at most followUpDays after it (d < uitval ≤ d + followUpDays). A participant whose uitval came on
 * or before d (also on d itself: the order on one day is unknown) was no longer at risk and is in
 * neither group. This is an association: the groups are not formed by lot, and a negative score
 * may as well be a sign of what causes the uitval as a cause of it.
 *
 * Item 5 — survivorship. Klantbeleving in a later phase is measured only among participants still
 * in the process. Per arm: the share of the enrolled participants whose first uitval (on or before
 * asOf) came before any milestone that reaches the phase (milestonesReaching). When the shares of
 * the arms differ by SURVIVORSHIP_DIFFERENCE or more, every comparison of that phase says so.
 */
import { formatNumber, formatP, formatPercent } from './findings';
import { PHASE_LABELS, labelOf } from './labels';
import { MAIN_LINE, NEGATIVE_EMOTIONS, PHASE_REACHED_BY, phaseRank, type Milestone, type Phase } from './vocabulary';

/** A rapportcijfer below this is a negative score (a fail mark on the Dutch 1–10 scale). */
export const NEGATIVE_CIJFER_BELOW = 6;

/**
 * Below this many complete participants in either group there is no ratio and no sentence about
 * a difference (the same minimum as a comparison of arms and a subgroup: SMALL_ARM).
 */
export const BELEVING_UITVAL_MINIMUM = 20;

/**
 * The rule for "the arms' uitval before this phase differs": the shares of the arms (uitval
 * before the phase ÷ enrolled) lie 5 percentage points or more apart. A fixed difference of the
 * observed shares, not a test: survivorship bias comes from who is left in the groups that are
 * compared, whether chance made the difference or not, and a test would stay silent exactly in
 * the small experiments where a few drop-outs change the measured group most. At 5 points, one
 * in twenty of the enrolled participants of one arm is missing from the phase for a reason the
 * other arm does not share — about the differential attrition at which trial-quality standards
 * (such as the What Works Clearinghouse's) begin to doubt a comparison at low overall attrition.
 */
export const SURVIVORSHIP_DIFFERENCE = 0.05;

/** The label of the analysis of klantbeleving and later uitval: an association, never an effect. */
export const BELEVING_UITVAL_LABEL =
  'Samenhang, geen bewijs dat het een het ander veroorzaakt: de deelnemers kozen hun score zelf, ze zijn niet door loting ingedeeld.';

/** The last sentence of every finding about klantbeleving and later uitval. */
export const ASSOCIATION_ONLY = 'Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt.';

/**
 * Is a first score negative? true: a negative emotion or a rapportcijfer below 6; false: an
 * emotion or a rapportcijfer that is neither; null: neither was given (not classified). The SQL
 * (results.repository.ts) applies the same rule with these constants as parameters.
 */
export function isNegativeScore(s: { emotie?: string | null; rapportcijfer?: number | null }): boolean | null {
  const emotion = s.emotie ?? null;
  const cijfer = s.rapportcijfer ?? null;
  if ((emotion !== null && NEGATIVE.has(emotion)) || (cijfer !== null && cijfer < NEGATIVE_CIJFER_BELOW)) return true;
  return emotion !== null || cijfer !== null ? false : null;
}
const NEGATIVE: ReadonlySet<string> = new Set(NEGATIVE_EMOTIONS);

/**
 * The milestones that show a participant reached a klantbeleving phase: the one that opens it
 * (PHASE_REACHED_BY) and every later one on the main line; langdurige stabilisatie starts in
 * stabilisation, so it shows the phases up to overzicht were reached; a no-show or a new
 * aanmelding shows the aanmelding.
 */
export function milestonesReaching(phase: Phase): Milestone[] {
  const later: Milestone[] = MAIN_LINE.slice(MAIN_LINE.indexOf(PHASE_REACHED_BY[phase] as (typeof MAIN_LINE)[number]));
  if (phaseRank(phase) <= phaseRank('overzicht')) later.push('langdurige_stabilisatie');
  if (phase === 'aanmelding') later.push('no_show', 'heraanmelding');
  return later;
}

/** The rule of item 5 on the arms' shares of uitval before a phase. */
export function survivorshipDifference(shares: readonly (number | null)[]): {
  difference: number | null;
  differs: boolean;
} {
  const xs = shares.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (xs.length < 2) return { difference: null, differs: false };
  const difference = Math.max(...xs) - Math.min(...xs);
  // a tolerance for shares such as 0.15 − 0.10, which is 0.04999… in floating point
  return { difference, differs: difference >= SURVIVORSHIP_DIFFERENCE - 1e-12 };
}

/** The caveat of a phase comparison whose arms lost a different share before it (no numbers: the table has them). */
export function survivorshipSentence(phase: string): string {
  return `Let op: in de fase ${phaseName(phase)} is de klantbeleving alleen gemeten bij deelnemers die toen nog meededen. Vóór deze fase viel in de ene groep een groter deel uit dan in de andere (5 procentpunten of meer verschil). Een verschil in klantbeleving kan dus ook komen doordat andere mensen overbleven, niet alleen door de werkwijze.`;
}

const phaseName = (phase: string) => labelOf(PHASE_LABELS, phase).toLowerCase();

/** A figure as the words read it: a number, `<5` in a reviewer's view, or missing. */
type Shown = number | string | null | undefined;
const finite = (v: Shown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One row of the analysis as the words read it (full, or a reviewer's view with `<5`). */
export interface BelevingUitvalWords {
  negative: { complete: Shown; risk: Shown };
  others: { complete: Shown; risk: Shown };
  riskRatio: Shown;
  riskRatioCi: readonly [Shown, Shown] | string | null | undefined;
  fisherPValue: Shown;
}

/**
 * The sentence of one row, e.g. "In de fase overzicht viel van de deelnemers met een negatieve
 * beleving 32% uit binnen 180 dagen na de meting, tegen 18% van de anderen (relatief risico 1,78;
 * 95%-interval 1,21 tot 2,62). Dat verschil is waarschijnlijk geen toeval (p = 0,004). Dit is een
 * samenhang, geen bewijs dat het een het ander veroorzaakt." `armName` for a row of one arm.
 */
export function belevingUitvalSentence(
  row: BelevingUitvalWords,
  phase: string,
  followUpDays: number,
  armName?: string | null,
): string {
  const where = `In de fase ${phaseName(phase)}${armName ? `, in de groep ${lower(armName)},` : ''}`;
  // a reviewer's view: a figure hidden as `<5` (or `×`, concealed so that no `<5` can be worked out)
  const hidden = [row.negative.complete, row.others.complete, row.negative.risk, row.others.risk].some(
    (v) => typeof v === 'string',
  );
  const enough = (c: Shown) => finite(c) && c >= BELEVING_UITVAL_MINIMUM;
  if (!hidden && (!enough(row.negative.complete) || !enough(row.others.complete)))
    return `${where} zijn nog te weinig deelnemers de hele volgduur na hun score gevolgd om een verschil te kunnen zien. ${ASSOCIATION_ONLY}`;
  if (hidden || !finite(row.negative.risk) || !finite(row.others.risk))
    return `${where} staan de cijfers er niet in: ze zouden een aantal van minder dan 5 deelnemers verraden. ${ASSOCIATION_ONLY}`;
  const first = `${where} viel van de deelnemers met een negatieve beleving ${formatPercent(row.negative.risk)} uit binnen ${followUpDays} dagen na de meting, tegen ${formatPercent(row.others.risk)} van de anderen`;
  const ci = Array.isArray(row.riskRatioCi) ? row.riskRatioCi : null;
  const ratio = finite(row.riskRatio)
    ? ` (relatief risico ${formatNumber(row.riskRatio, 2)}${ci && finite(ci[0]) && finite(ci[1]) ? `; 95%-interval ${formatNumber(ci[0], 2)} tot ${formatNumber(ci[1], 2)}` : ''})`
    : '';
  const p = finite(row.fisherPValue)
    ? row.fisherPValue < 0.05
      ? ` Dat verschil is waarschijnlijk geen toeval (${formatP(row.fisherPValue)}).`
      : ` Dat verschil kan goed toeval zijn (${formatP(row.fisherPValue)}).`
    : '';
  return `${first}${ratio}.${p} ${ASSOCIATION_ONLY}`;
}

const lower = (s: string) => (s.length > 1 && s[1] === s[1].toLowerCase() ? s[0].toLowerCase() + s.slice(1) : s);
