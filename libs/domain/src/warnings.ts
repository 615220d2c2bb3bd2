/**
 * Coded warnings: every warning of the results and of the enrolment monitoring is made as a
 * `Warning` — a code with typed params — and turned into its Dutch sentence (B1) here, in one
 * table, by one formatter. A param that is a number of people is a `Count` (results.ts), so the
 * anonymiser of the quarterly report must map it through `showCount` before the sentence is made:
 * a small count reads `<5` in the sentence ("Arm coaching heeft pas <5 deelnemers …"), and a count
 * it forgets is a compile error (the `Anonymised` type turns each `Count` into a `ShownCount`).
 *
 * Codes are part of the API (`warningDetails` beside `warnings`): add codes, never rename one.
 */
import type { Count } from './results';
import type { Suppressed } from './report';

/** The params of each warning, with `C` for a count (a `Count`, or a count as a reader sees it). */
export interface WarningParamsOf<C> {
  /** Results: the arms' enrolment is further from the weights than chance explains. */
  'results.srm_mismatch': { pValue: number };
  /** Results: an arm with nobody followed up for the whole window yet. */
  'results.arm_no_complete': { arm: string; days: number };
  /** Results: an arm with fewer complete participants than `minimum`. */
  'results.arm_small': { arm: string; complete: C; minimum: number };
  /** Results: participants enrolled less than the window ago (not yet in the rates). */
  'results.arm_waiting': { arm: string; waiting: C; days: number };
  /** Results: gemeenten left out of the pooled (Mantel–Haenszel) estimate. */
  'results.strata_excluded': { arm: string; gemeenten: C };
  /** Monitoring: sample ratio mismatch over all enrolments. */
  'monitoring.srm_mismatch': { pValue: number };
  /** Monitoring: the arms of one stratum drift beyond the block size. */
  'monitoring.stratum_drift': { stratum: string; gemeente: string; arms: { arm: string; n: C }[] };
}

export type WarningCode = keyof WarningParamsOf<Count>;

/** One warning with its counts as `C`. */
export type WarningOf<C> = { [K in WarningCode]: { code: K; params: WarningParamsOf<C>[K] } }[WarningCode];

/** A warning as it is made: its counts are `Count`s. */
export type Warning = WarningOf<Count>;

/** A warning as the formatter reads it: full or anonymised (any number may be `<5`). */
type Shown = number | Suppressed;
type ReadableParams<P> = {
  [K in keyof P]: P[K] extends number
    ? Shown
    : P[K] extends readonly (infer U)[]
      ? { [J in keyof U]: U[J] extends number ? Shown : U[J] }[]
      : P[K];
};
export type ReadableWarning = {
  [K in WarningCode]: { code: K; params: ReadableParams<WarningParamsOf<Count>[K]> };
}[WarningCode];

const decimals = (x: Shown, f: (n: number) => string): string => (typeof x === 'number' ? f(x) : x);
const comma = (s: string) => s.replace('.', ',');

/** The one table of warning sentences (plain Dutch, decimal comma). */
export const WARNING_TEMPLATES: {
  [K in WarningCode]: (p: Extract<ReadableWarning, { code: K }>['params']) => string;
} = {
  'results.srm_mismatch': (p) =>
    `De verdeling over de groepen wijkt meer af dan toeval verklaart (p = ${decimals(p.pValue, (x) => comma(x.toFixed(4)))}). Controleer de inschrijving voordat u de uitkomsten gebruikt.`,
  'results.arm_no_complete': (p) =>
    `In groep ${p.arm} is nog niemand de hele volgduur van ${p.days} dagen gevolgd; voor die groep is er nog geen percentage.`,
  'results.arm_small': (p) =>
    `Groep ${p.arm} heeft pas ${p.complete} deelnemers die de hele volgduur gevolgd zijn (minder dan ${p.minimum}): de uitkomst is nog erg onzeker.`,
  'results.arm_waiting': (p) =>
    `In groep ${p.arm} zijn ${p.waiting} deelnemers korter dan ${p.days} dagen geleden ingeschreven; zij tellen nog niet mee in de percentages, wel in de lijnen over de tijd.`,
  'results.strata_excluded': (p) =>
    `${p.gemeenten} gemeente(n) tellen niet mee in de gecombineerde schatting voor ${p.arm}, omdat een groep daar niemand heeft die de hele volgduur gevolgd is.`,
  'monitoring.srm_mismatch': (p) =>
    `De verdeling over de groepen wijkt af van de bedoelde verhouding (p = ${decimals(p.pValue, (x) => comma(x.toPrecision(2)))}). Controleer de inschrijving.`,
  'monitoring.stratum_drift': (p) =>
    `In ${p.stratum} wijken de groepen meer af dan een blok groot is (${p.arms.map((a) => `${a.arm} ${a.n}`).join(', ')}).`,
};

/** A warning's Dutch sentence. */
export function formatWarning(w: ReadableWarning): string {
  const template = WARNING_TEMPLATES[w.code] as (p: ReadableWarning['params']) => string;
  return template(w.params);
}

/** Makes a warning (typed by its code). */
export const warning = <K extends WarningCode>(code: K, params: WarningParamsOf<Count>[K]): Warning =>
  ({ code, params }) as Warning;

/** The warning with its arm keys replaced by the arms' names (quoted), for the sentence. */
export function withArmNames(w: ReadableWarning, name: (arm: string) => string): ReadableWarning {
  const quoted = (arm: string) => `‘${name(arm)}’`;
  const p = w.params as { arm?: unknown; arms?: { arm: string }[] };
  const params = {
    ...w.params,
    ...(typeof p.arm === 'string' ? { arm: quoted(p.arm) } : {}),
    ...(Array.isArray(p.arms) ? { arms: p.arms.map((a) => ({ ...a, arm: quoted(a.arm) })) } : {}),
  };
  return { ...w, params } as ReadableWarning;
}
