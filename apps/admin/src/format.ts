/** Dutch number and date formats (decimal commas, Dutch month names) and the words of the domain. */
import {
  BELEVING_ITEMS,
  DESIGNS,
  EMOTIONS,
  EXPERIMENT_STATUSES,
  KLANTPROFIELEN,
  METRICS,
  MILESTONES,
  OUTCOME_METRICS,
  PHASES,
  SEGMENTS,
  UITVAL_REASONS,
  AANMELDROUTES,
} from '@living-lab/vocabulary';
import {
  AANMELDROUTE_LABELS,
  DESIGN_LABELS as DOMAIN_DESIGN_LABELS,
  EMOTION_LABELS as DOMAIN_EMOTION_LABELS,
  KLANTPROFIEL_LABELS,
  labelOf,
  METRIC_LABELS as DOMAIN_METRIC_LABELS,
  MILESTONE_LABELS,
  PHASE_LABELS as DOMAIN_PHASE_LABELS,
  ROLE_LABELS as DOMAIN_ROLE_LABELS,
  SCORE_LABELS,
  SEGMENT_LABELS,
  STATUS_LABELS as DOMAIN_STATUS_LABELS,
  UITVAL_PHASE_LABELS as DOMAIN_UITVAL_PHASE_LABELS,
  UITVAL_REASON_LABELS,
} from '@living-lab/labels';
import { formatChance, formatP, formatPValueNumber } from '@living-lab/findings';
import { toDutchDate } from '@living-lab/dates';

export const LOCALE = 'nl-NL';
const nf = (d: number) => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: d, maximumFractionDigits: d });
export const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : nf(digits).format(v);
export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${nf(digits).format(v * 100)}%`;
/** A difference in percentage points, with its sign. */
export const pp = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : `${v > 0 ? '+' : v < 0 ? '−' : ''}${nf(digits).format(Math.abs(v * 100))} procentpunt`;
export const interval = (ci: [number, number] | null | undefined, f: (v: number) => string = (v) => pct(v)) =>
  ci ? `${f(ci[0])} tot ${f(ci[1])}` : '–';
/** A p-value for a table: two significant digits, "< 0,001" (the one rule: libs/domain findings.ts). */
export const pValue = (p: number | null | undefined) => formatPValueNumber(p);
export { formatChance, formatP };
const DAY_TIME = new Intl.DateTimeFormat(LOCALE, {
  timeZone: 'Europe/Amsterdam',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const dayTimeParts = (d: Date) => {
  const parts = DAY_TIME.formatToParts(d);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: `${part('day')}-${part('month')}-${part('year')}`, time: `${part('hour')}:${part('minute')}` };
};
/**
 * A date as dd-mm-jjjj whatever the browser's language (issue 16): a calendar date (YYYY-MM-DD)
 * as it is, a timestamp as its day in the Netherlands.
 */
export const date = (iso: string | null | undefined) => {
  if (!iso) return '–';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return toDutchDate(iso);
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayTimeParts(d).day;
};
/** A date as dd-mm-jjjj (the DDAS pages, where dates are compared with the supplier's file). */
export const shortDate = (iso: string | null | undefined) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : (iso ?? '–');
};
/** A moment as dd-mm-jjjj uu:mm, in the Netherlands. */
export const dateTime = (iso: string | null | undefined) => {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const { day, time } = dayTimeParts(d);
  return `${day} ${time}`;
};
/** Today in the Netherlands (the API's own todayIso): the default of date fields and the limit it checks. */
export { todayIso } from '@living-lab/dates';

/**
 * The one label table of libs/domain (labels.ts), typed on the vocabulary there; here keyed by
 * any string, since the screens look up codes that come from the API.
 */
type Labels = Readonly<Record<string, string>>;
export const PHASE_LABELS: Labels = DOMAIN_PHASE_LABELS;
export const ITEM_LABELS: Labels = SCORE_LABELS;
export const EMOTION_LABELS: Labels = DOMAIN_EMOTION_LABELS;
export const REASON_LABELS: Labels = UITVAL_REASON_LABELS;
/** Where an uitval happened: the phase after the last milestone before it. */
export const UITVAL_PHASE_LABELS: Labels = DOMAIN_UITVAL_PHASE_LABELS;
export const STATUS_LABELS: Labels = DOMAIN_STATUS_LABELS;
export const DESIGN_LABELS: Labels = DOMAIN_DESIGN_LABELS;
export const ROLE_LABELS: Labels = DOMAIN_ROLE_LABELS;
export const METRIC_LABELS: Labels = DOMAIN_METRIC_LABELS;
export const KIND_LABELS: Record<string, string> = {
  enrolments: 'Inschrijvingen',
  events: 'Mijlpalen',
  beleving: 'Klantbeleving',
  funnel: 'Trechtertellingen',
};
export const metricLabel = (m: string) => labelOf(DOMAIN_METRIC_LABELS, m);

const choices = <K extends string>(codes: readonly K[], labels: Record<K, string>) =>
  codes.map((id) => ({ id, name: labels[id] }));
export const MILESTONE_CHOICES = choices(MILESTONES, MILESTONE_LABELS);
export const PHASE_CHOICES = choices(PHASES, DOMAIN_PHASE_LABELS);
export const EMOTION_CHOICES = choices(EMOTIONS, DOMAIN_EMOTION_LABELS);
export const REASON_CHOICES = choices(UITVAL_REASONS, UITVAL_REASON_LABELS);
export const STATUS_CHOICES = choices(EXPERIMENT_STATUSES, DOMAIN_STATUS_LABELS);
export const DESIGN_CHOICES = choices(DESIGNS, DOMAIN_DESIGN_LABELS);
export const METRIC_CHOICES = choices(METRICS, DOMAIN_METRIC_LABELS);
/** What a primary metric may be: a milestone or a composite outcome (gestabiliseerd), not a score. */
export const OUTCOME_METRIC_CHOICES = choices(OUTCOME_METRICS, DOMAIN_METRIC_LABELS);
export const KLANTPROFIEL_CHOICES = choices(KLANTPROFIELEN, KLANTPROFIEL_LABELS);
export const SEGMENT_CHOICES = choices(SEGMENTS, SEGMENT_LABELS);
export const AANMELDROUTE_CHOICES = choices(AANMELDROUTES, AANMELDROUTE_LABELS);
export const ROLE_CHOICES = choices(
  ['beheerder', 'projectleider', 'gemeente', 'reviewer'] as const,
  DOMAIN_ROLE_LABELS,
);
export { BELEVING_ITEMS, PHASES };
