/**
 * The words of a finding: the one place that decides the plain Dutch (B1) sentence of a comparison
 * and how its numbers read (decimal comma, p-values with two significant digits, chances capped at
 * "meer dan 99%"). Used by the results endpoint, the quarterly report's renderers (HTML, PDF,
 * XLSX) and the web app (through the `@living-lab/findings` alias), so every screen and file says
 * the same. Pure: the browser imports this file too.
 *
 * Rules (issue 15):
 * - the primary metric at an interim look follows the group-sequential boundary: p < 0,05 without
 *   crossing it reads "nog niet zeker: het experiment loopt nog";
 * - a secondary metric is judged on its Holm-adjusted p-value;
 * - the look number counts the looks actually taken (one per quarter since the start), against the
 *   planned looks.
 */
import { labelOf, MILESTONE_LABELS } from './labels';
import { quarterOf } from './quarters';
import type { OutcomeMetric } from './vocabulary';

/** What a reviewer sees instead of a small count (report.ts). */
type Shown = number | string | null | undefined;

const finite = (v: Shown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number the Dutch way with a fixed number of decimals: 1.25 → "1,3" (1 decimal). */
export function formatNumber(x: number, decimals = 1): string {
  return x.toFixed(decimals).replace('.', ',');
}

/** A fraction as a whole percentage: 0.714 → "71%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * A p-value without "p": two significant digits and a decimal comma (0.015 → "0,015", 0.4 →
 * "0,40"), below 0,001 as "< 0,001". For table cells.
 */
export function formatPValueNumber(p: Shown): string {
  if (typeof p === 'string') return p;
  if (!finite(p)) return '–';
  if (p < 0.001) return '< 0,001';
  return p.toPrecision(2).replace('.', ',');
}

/** A p-value in a sentence: "p = 0,015", "p < 0,001" (never "p = < 0,001"). */
export function formatP(p: number): string {
  const n = formatPValueNumber(p);
  return n.startsWith('<') ? `p ${n}` : `p = ${n}`;
}

/**
 * A chance (such as the chance that a group does better): whole percentages, but never 100% or 0%
 * — above 99% "meer dan 99%", below 1% "minder dan 1%".
 */
export function formatChance(x: Shown): string {
  if (typeof x === 'string') return x;
  if (!finite(x)) return '–';
  if (x > 0.99) return 'meer dan 99%';
  if (x < 0.01) return 'minder dan 1%';
  return formatPercent(x);
}

/** What reaching a milestone means, completing "was 60% binnen 180 dagen …". */
const REACHED: Record<OutcomeMetric, string> = {
  gereed_voor_schuldregeling: 'gereed voor schuldregeling',
  uitval: 'uitgevallen',
  akkoord_schuldregeling: 'akkoord voor een schuldregeling',
  succesvol_afgerond: 'succesvol afgerond',
  intake: 'op intake geweest',
  no_show: 'niet verschenen',
  instroom_stabilisatie: 'ingestroomd in stabilisatie',
  overzicht_gereed: 'klaar met het overzicht',
  financieel_stabiel: 'financieel stabiel',
  langdurige_stabilisatie: 'in langdurige stabilisatie',
  informatie_advies: 'geholpen met informatie en advies',
  andere_oplossing: 'naar een andere oplossing',
  andere_uitstroom: 'uit beeld (verhuisd, overleden of anders)',
  gestabiliseerd: 'gestabiliseerd (gereed voor schuldregeling of in langdurige stabilisatie)',
  terugval: 'teruggevallen',
  heraanmelding: 'opnieuw aangemeld',
  aanmelding: 'aangemeld',
};

export const reachedPhrase = (metric: string) =>
  Object.hasOwn(REACHED, metric) ? REACHED[metric as OutcomeMetric] : labelOf(MILESTONE_LABELS, metric).toLowerCase();

/**
 * The look number of a quarterly look: the quarters from the experiment's start up to and
 * including the quarter of `asOf` (a look at 30 June of an experiment that started in January is
 * look 2). At least 1. Without a start date: null (the caller falls back to the information).
 */
export function looksTaken(start: string | null | undefined, asOf: string): number | null {
  if (!start || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return null;
  const a = quarterOf(start);
  const b = quarterOf(asOf);
  return Math.max(1, (b.year - a.year) * 4 + (b.q - a.q) + 1);
}

/** The group-sequential guard as the words read it (results.ts SequentialGuard, full or readable). */
export type GuardWords =
  | { available: false; reason?: string }
  | {
      available: true;
      look: Shown;
      plannedLooks: Shown;
      crossed: boolean;
      boundaryZ?: Shown;
      z?: Shown;
      interim?: boolean;
    };

/** "Tussenstand 2 van 4", or "Tussenstand 5 (er waren 4 gepland)" after the planned looks. */
export function lookText(s: { look: Shown; plannedLooks: Shown }): string {
  const look = finite(s.look) ? s.look : null;
  const planned = finite(s.plannedLooks) ? s.plannedLooks : null;
  if (look === null) return 'Tussenstand';
  if (planned === null) return `Tussenstand ${look}`;
  if (look > planned) return `Tussenstand ${look} (er waren ${planned} gepland)`;
  return `Tussenstand ${look} van ${planned}`;
}

/**
 * True for an interim look: the experiment still runs on the report date, or the look comes before
 * the last planned one (a guard stored before `interim` was added: the latter only).
 */
export const isInterimLook = (s: GuardWords): boolean =>
  s.available && (s.interim ?? (finite(s.look) && finite(s.plannedLooks) && s.look < s.plannedLooks));

/** The sentence about the group-sequential boundary (the report's "Let op" and the results screen). */
export function boundarySentence(s: GuardWords): string {
  if (!s.available) return s.reason ?? 'Er is nog geen grens voor een tussenstand.';
  const z = (v: Shown) => (finite(v) ? formatNumber(v, 2) : '–');
  const head = lookText(s);
  if (s.crossed)
    return `${head}: het verschil is groter dan de strenge grens voor een tussenstand (z = ${z(s.z)}, grens ${z(s.boundaryZ)}). Dat verschil is waarschijnlijk geen toeval.`;
  return isInterimLook(s)
    ? `${head}: het verschil haalt de strenge grens voor een tussenstand niet (z = ${z(s.z)}, grens ${z(s.boundaryZ)}). Trek nog geen eindconclusie: het experiment loopt nog.`
    : `${head}: het verschil haalt de grens niet (z = ${z(s.z)}, grens ${z(s.boundaryZ)}).`;
}

/** The counts of one group in a comparison: a number, or `<5` in a reviewer's view. */
export interface GroupFigures {
  complete: Shown;
  events: Shown;
  /** events ÷ complete; `<5` when hidden */
  rate?: Shown;
}

export interface FindingInput {
  metric: string;
  followUpDays: number;
  armName: string;
  controlName: string;
  treatment: GroupFigures;
  control: GroupFigures;
  /** The primary metric: judged against the group-sequential boundary. */
  primary: boolean;
  /** Fisher's exact p-value of the comparison. */
  pValue: number;
  /** Holm-adjusted p-value (secondary metrics). */
  holmPValue?: number | null;
  /** The group-sequential guard of the primary metric. */
  sequential?: GuardWords | null;
  /** The experiment was still running on the report date (no planned boundary: never a conclusion). */
  running?: boolean;
  /** The design shows a samenhang, not an effect. */
  association: boolean;
  /** Below this many complete participants in a group there is no sentence about a difference. */
  minimumComplete?: number;
}

export const TOO_FEW = 'Er zijn nog te weinig deelnemers om een verschil te kunnen zien.';

const rateOf = (g: GroupFigures): Shown => {
  if (g.rate !== undefined && g.rate !== null) return g.rate;
  return finite(g.events) && finite(g.complete) && g.complete > 0 ? g.events / g.complete : '<5';
};
const share = (r: Shown) => (finite(r) ? formatPercent(r) : 'minder dan 5 deelnemers');

/**
 * The one sentence of a comparison, e.g. "Van de deelnemers met wekelijkse coaching was 71% binnen
 * 180 dagen gereed voor schuldregeling, tegen 58% bij de gewone werkwijze. Dat verschil is
 * waarschijnlijk geen toeval (p = 0,010)."
 */
export function findingSentence(s: FindingInput): string {
  const min = s.minimumComplete ?? 20;
  const enough = (g: GroupFigures) => finite(g.complete) && g.complete >= min;
  if (!enough(s.treatment) || !enough(s.control)) return TOO_FEW;
  const first = `Van de deelnemers met ${lower(s.armName)} was ${share(rateOf(s.treatment))} binnen ${s.followUpDays} dagen ${reachedPhrase(s.metric)}, tegen ${share(rateOf(s.control))} bij ${lower(s.controlName)}.`;

  let second: string;
  let significant: boolean;
  if (s.primary) {
    const p = formatP(s.pValue);
    const seq = s.sequential;
    if (seq?.available) {
      significant = seq.crossed;
      if (seq.crossed)
        second = isInterimLook(seq)
          ? `Dat verschil is waarschijnlijk geen toeval (${p}; ook de strenge grens voor een tussenstand is gehaald).`
          : `Dat verschil is waarschijnlijk geen toeval (${p}).`;
      else if (s.pValue < 0.05)
        second = isInterimLook(seq)
          ? `Dat verschil is nog niet zeker: het experiment loopt nog (${p}; bij een tussenstand geldt een strengere grens, die is niet gehaald).`
          : `Dat verschil is nog niet zeker (${p}; de grens voor het experiment is niet gehaald).`;
      else second = `Dat verschil kan goed toeval zijn (${p}).`;
    } else {
      significant = s.pValue < 0.05 && !s.running;
      if (s.pValue >= 0.05) second = `Dat verschil kan goed toeval zijn (${p}).`;
      else if (s.running) second = `Dat verschil is nog niet zeker: het experiment loopt nog (${p}).`;
      else second = `Dat verschil is waarschijnlijk geen toeval (${p}).`;
    }
  } else {
    const adjusted = s.holmPValue !== undefined && s.holmPValue !== null;
    const q = adjusted ? (s.holmPValue as number) : s.pValue;
    const p = `${formatP(q)}${adjusted ? ', gecorrigeerd voor meerdere uitkomsten' : ''}`;
    significant = q < 0.05;
    second = significant
      ? `Dat verschil is waarschijnlijk geen toeval (${p}).`
      : `Dat verschil kan goed toeval zijn (${p}).`;
  }
  if (s.association && significant)
    second +=
      ' Maar de groepen zijn niet door loting gevormd: het is een samenhang, geen bewijs dat de werkwijze het verschil maakt.';
  return `${first} ${second}`;
}

const lower = (s: string) => (s.length > 1 && s[1] === s[1].toLowerCase() ? s[0].toLowerCase() + s.slice(1) : s);

/** The parts of an experiment's results the words read (full, or a reviewer's readable view). */
export interface ResultsForWords {
  label?: string;
  running?: boolean;
  guards?: { sequential?: GuardWords | null } | null;
}
export interface MetricForWords {
  metric: string;
  followUpDays: number | string;
  primary: boolean;
  arms: readonly ({ arm: string } & GroupFigures)[];
}
export interface ComparisonForWords {
  arm: string;
  vs: string;
  fisherPValue: number | string;
  holmPValue?: number | string | null;
}

/**
 * The sentence of one comparison of a results object (the endpoint's, a stored report's or a
 * reviewer's view): what the web app and every report format show.
 */
export function comparisonFinding(
  r: ResultsForWords,
  m: MetricForWords,
  c: ComparisonForWords,
  armName: (arm: string) => string,
): string {
  const t = m.arms.find((a) => a.arm === c.arm);
  const k = m.arms.find((a) => a.arm === c.vs);
  if (!t || !k || typeof c.fisherPValue !== 'number') return TOO_FEW;
  return findingSentence({
    metric: m.metric,
    followUpDays: Number(m.followUpDays),
    armName: armName(c.arm),
    controlName: armName(c.vs),
    treatment: t,
    control: k,
    primary: m.primary,
    pValue: c.fisherPValue,
    holmPValue: typeof c.holmPValue === 'number' ? c.holmPValue : null,
    sequential: m.primary ? (r.guards?.sequential ?? null) : null,
    running: r.running,
    association: r.label === 'association',
  });
}

/** One klantbeleving item in one phase, as the words read it (full or a reviewer's view). */
export interface BelevingForWords {
  phase: string;
  item: string;
  arms: readonly { arm: string; n: Shown; mean: Shown }[];
  comparisons: readonly { arm: string; vs: string; meanDifference: Shown; welchPValue: Shown }[];
}

/**
 * The sentence of a klantbeleving comparison, e.g. "In de fase intake gaven deelnemers met
 * coaching gemiddeld een 7,4, tegen een 6,9 bij de gewone werkwijze. Dat verschil kan goed toeval
 * zijn (p = 0,21)." `phaseName` and `itemName` are the labels of the phase and the score.
 */
export function belevingFinding(
  b: BelevingForWords,
  c: BelevingForWords['comparisons'][number],
  armName: (arm: string) => string,
  phaseName: string,
  itemName = 'een rapportcijfer',
): string {
  const t = b.arms.find((a) => a.arm === c.arm);
  const k = b.arms.find((a) => a.arm === c.vs);
  const enough = (a: typeof t) => a !== undefined && finite(a.n) && a.n >= 20 && finite(a.mean);
  if (!enough(t) || !enough(k))
    return `In de fase ${phaseName.toLowerCase()}: ${TOO_FEW.charAt(0).toLowerCase()}${TOO_FEW.slice(1)}`;
  const mean = (a: typeof t) => formatNumber(a!.mean as number, 1);
  const first = `In de fase ${phaseName.toLowerCase()} gaven deelnemers met ${lower(armName(c.arm))} gemiddeld ${itemName === 'een rapportcijfer' ? 'een ' : ''}${mean(t)}${itemName === 'een rapportcijfer' ? '' : ` voor ${itemName.toLowerCase()}`}, tegen ${mean(k)} bij ${lower(armName(c.vs))}.`;
  if (!finite(c.welchPValue)) return first;
  const p = formatP(c.welchPValue);
  return `${first} ${c.welchPValue < 0.05 ? `Dat verschil is waarschijnlijk geen toeval (${p}).` : `Dat verschil kan goed toeval zijn (${p}).`}`;
}
