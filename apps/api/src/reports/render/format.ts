/**
 * Dutch notation for every renderer (decimal comma, Dutch dates) and the B1 labels of codes.
 * HTML and PDF format with these; the XLSX keeps numbers as numbers and uses matching formats.
 */

import {
  formatChance,
  formatPValueNumber,
  ALLOCATION_LABELS,
  DESIGN_LABELS,
  EMOTION_LABELS,
  FUNNEL_STEP_LABELS,
  KLANTPROFIEL_LABELS,
  METRIC_LABELS,
  MILESTONE_LABELS,
  PHASE_LABELS,
  PHASES as DOMAIN_PHASES,
  SCORE_LABELS,
  SEGMENT_LABELS,
  STATUS_LABELS,
  UITVAL_PHASE_LABELS,
  UITVAL_REASON_LABELS,
  UITVAL_REASONS,
  type Emotion,
} from '@living-lab/domain';

/** What a reviewer sees instead of a small count (report-anonymise.ts). */
export const SUPPRESSED = '<5';
/** What a reviewer sees instead of a count hidden so that a `<5` cannot be worked out from a total. */
export const CONCEALED = '×';

export type Num = number | string | null | undefined;

const nf = new Map<string, Intl.NumberFormat>();
function fmt(opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(opts);
  if (!nf.has(key)) nf.set(key, new Intl.NumberFormat('nl-NL', opts));
  return nf.get(key)!;
}

/** A value that is not a finite number: `<5` stays `<5`, nothing becomes an en dash. */
function passThrough(v: Num): string | null {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return null;
}

export const int = (v: Num) => passThrough(v) ?? fmt({ maximumFractionDigits: 0 }).format(v as number);
export const dec = (v: Num, digits = 1) =>
  passThrough(v) ?? fmt({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v as number);
/** A fraction as a percentage with one decimal: 0.3214 → "32,1%". */
export const pct = (v: Num, digits = 1) =>
  passThrough(v) ??
  fmt({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v as number);
/** A difference of two fractions in percentage points, with sign: 0.0346 → "+3,5". */
export const pp = (v: Num) =>
  passThrough(v) ??
  fmt({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format((v as number) * 100);
/** A p-value: "< 0,001" or two significant digits (findings.ts, the one rule of the words). */
export const pval = (v: Num) => passThrough(v) ?? formatPValueNumber(v as number);
/** A chance: whole percentages, "meer dan 99%" and "minder dan 1%" at the ends (findings.ts). */
export const chance = (v: Num) => passThrough(v) ?? formatChance(v as number);
export const ratio = (v: Num) => dec(v, 2);

/** An interval of two values with the same format: "24,9% – 40,0%". */
export function interval(v: unknown, f: (x: Num) => string): string {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v) || v.length < 2) return '–';
  return `${f(v[0])} tot ${f(v[1])}`;
}

const dateFmt = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
});
/** "2026-09-30" → "30 september 2026". */
export function date(v: unknown): string {
  if (typeof v !== 'string' || !v) return '–';
  const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) return v;
  return v.length === 10 ? dateFmt.format(d) : dateTimeFmt.format(d);
}

const titleCase = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const fromCode = (code: string) => titleCase(String(code).replace(/_/g, ' '));

/* The labels come from the one label table of libs/domain; a code it does not know is shown readably. */
const label =
  <K extends string>(table: Record<K, string>) =>
  (code: string): string =>
    Object.hasOwn(table, code) ? (table as Record<string, string>)[code] : fromCode(code);

export const metric = label(METRIC_LABELS);
export const phase = label(PHASE_LABELS);
/** Journey phases in their order (the order of tables and charts). */
export const PHASES: readonly string[] = DOMAIN_PHASES;
/** Emotions in the order the report shows them: the negative ones (drop-out risks) first. */
export const EMOTIONS: readonly Emotion[] = ['angst', 'frustratie', 'moedeloos', 'hoopvol', 'rust'];
/** The tables whose key order orders rows (model.ts). */
export const REASON = UITVAL_REASON_LABELS;
export const ITEM = SCORE_LABELS;
export const item = label(SCORE_LABELS);
export const emotion = label(EMOTION_LABELS);
export const design = label(DESIGN_LABELS);
export const status = label(STATUS_LABELS);
export const allocation = (a: unknown) =>
  typeof a === 'string'
    ? label(ALLOCATION_LABELS)(a)
    : a && typeof a === 'object'
      ? fromCode(String((a as { mode?: unknown }).mode ?? (a as { method?: unknown }).method ?? JSON.stringify(a)))
      : '–';
/** A step of the report's funnel: a milestone. */
export const step = label(MILESTONE_LABELS);
export const reason = label(UITVAL_REASON_LABELS);
/** A step of a gemeente's aggregate submission (funnel.ts). */
export const funnelStep = label(FUNNEL_STEP_LABELS);
/** The uitval reasons in vocabulary order (the columns of the uitval tables). */
export const REASONS: readonly string[] = UITVAL_REASONS;
/** Where an uitval happened: the phase after the last milestone before it. */
export const uitvalPhase = label(UITVAL_PHASE_LABELS);
export const klantprofiel = label(KLANTPROFIEL_LABELS);
export const segment = label(SEGMENT_LABELS);

export const SHARE: Record<string, string> = {
  intakePerAanmelding: 'Intake per aanmelding',
  gereedPerInstroom: 'Gereed per instroom',
  akkoordPerGereed: 'Akkoord per gereed',
};
export const share = (s: string) => SHARE[s] ?? fromCode(s);

export const yesNo = (b: unknown) => (b === true ? 'ja' : b === false ? 'nee' : '–');
