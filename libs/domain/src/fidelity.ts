/**
 * Fidelity (issue 14, item 7): what each arm actually received. Without it a null result (the
 * voucher did not help) cannot be told apart from an arm that was never delivered.
 *
 * - The experiment definition names per arm what counts as delivered and how often
 *   (`delivery: { <arm>: { kind, label, expected } }`), validated here and frozen in the plan.
 * - A delivery is a dated fact per participant and experiment (table intervention_delivery):
 *   kind, date, source, who recorded it. A delivery of another arm's kind is accepted and counted
 *   as contamination.
 * - The results show per arm how many received their arm's intervention, as often as expected,
 *   and the median number received: beside the intention-to-treat comparison, which stays primary.
 *
 * Pure: the browser imports it.
 */
import type { FieldProblem } from './errors';
import type { Count } from './results';

/** Where a delivery was recorded: the web app's timeline screen, the API, or a file import. */
export const DELIVERY_SOURCES = ['hand', 'api', 'import'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

/** A delivery kind: lower case letters, digits and `_` (bon_uitgereikt, coachingsgesprek_gehouden). */
export const DELIVERY_KIND_PATTERN = /^[a-z0-9_]{1,60}$/;
/** The most deliveries a plan may expect per participant (a weekly talk for about seven years). */
export const MAX_EXPECTED_DELIVERIES = 365;

/** What counts as delivered in one arm, and how often (the definition's `delivery.<arm>`). */
export interface DeliveryDefinition {
  /** the code of the fact, e.g. bon_uitgereikt */
  kind: string;
  /** the Dutch name shown on screens and in reports, e.g. "Bon uitgereikt" */
  label: string;
  /** how many deliveries each participant of the arm should receive (1 or more) */
  expected: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the definition's `delivery` map against the arms (keys of `armKeys`). Each arm at most one
 * kind; no two arms the same kind (a delivery must say which arm's intervention it was).
 */
export function validateDelivery(input: unknown, armKeys: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (input === undefined) return problems;
  if (!isObject(input)) {
    add('delivery', 'Geef per arm wat telt als geleverd: kind, label en expected.');
    return problems;
  }
  const kinds = new Map<string, string>();
  for (const [arm, d] of Object.entries(input)) {
    const f = `delivery.${arm}`;
    if (!armKeys.includes(arm)) {
      add(f, 'Deze arm bestaat niet.');
      continue;
    }
    if (!isObject(d)) {
      add(f, 'Geef kind, label en expected (bijvoorbeeld kind: bon_uitgereikt, label: Bon uitgereikt, expected: 1).');
      continue;
    }
    for (const k of Object.keys(d))
      if (k !== 'kind' && k !== 'label' && k !== 'expected') add(`${f}.${k}`, 'Onbekend veld.');
    if (typeof d.kind !== 'string' || !DELIVERY_KIND_PATTERN.test(d.kind))
      add(`${f}.kind`, 'Verplicht: kleine letters, cijfers en _ (bijvoorbeeld bon_uitgereikt).');
    else if (kinds.has(d.kind))
      add(`${f}.kind`, `Arm "${kinds.get(d.kind)}" heeft dezelfde soort levering. Geef elke arm een eigen soort.`);
    else kinds.set(d.kind, arm);
    if (typeof d.label !== 'string' || d.label.trim().length === 0 || d.label.length > 80)
      add(`${f}.label`, 'Verplicht: een naam van hoogstens 80 tekens (bijvoorbeeld Bon uitgereikt).');
    if (!(
      Number.isInteger(d.expected) &&
      (d.expected as number) >= 1 &&
      (d.expected as number) <= MAX_EXPECTED_DELIVERIES
    ))
      add(
        `${f}.expected`,
        `Moet een heel getal van 1 tot en met ${MAX_EXPECTED_DELIVERIES} zijn (hoe vaak iemand het krijgt).`,
      );
  }
  return problems;
}

/** The arm whose delivery kind this is, or undefined. */
export function armOfDeliveryKind(
  delivery: Record<string, DeliveryDefinition> | undefined,
  kind: string,
): string | undefined {
  return Object.entries(delivery ?? {}).find(([, d]) => d.kind === kind)?.[0];
}

/** Fidelity of one arm (results `fidelity.arms`). */
export interface FidelityArm {
  arm: string;
  /** the arm's delivery kind; null for an arm without one (usually the control arm) */
  kind: string | null;
  label: string | null;
  /** how many deliveries the plan expects per participant; null without a kind */
  expected: number | null;
  /** enrolled on or before asOf */
  enrolled: Count;
  /** of them, with at least one delivery of the arm's kind on or before asOf; null without a kind */
  received: Count | null;
  /** received ÷ enrolled */
  share: number | null;
  /** of them, with at least `expected` deliveries of the arm's kind on or before asOf */
  receivedAsExpected: Count | null;
  /** asExpected ÷ enrolled */
  shareAsExpected: number | null;
  /** median number of deliveries of the arm's kind per enrolled participant (0 for those without) */
  medianReceived: number | null;
  /** participants of this arm who received another arm's intervention (contamination) */
  contaminated: Count;
  /** per other arm's kind: how many of this arm's participants received it */
  contaminatedByKind: Record<string, Count>;
}

/**
 * Fidelity of an experiment: per arm what was delivered, over all gemeenten (or the one asked
 * for). Descriptive, beside the intention-to-treat comparison, which stays the primary analysis.
 */
export interface Fidelity {
  arms: FidelityArm[];
  /** The Dutch sentence that says the intention-to-treat comparison stays primary. */
  note: string;
}

export const FIDELITY_NOTE =
  'Wat elke groep echt kreeg. De vergelijking van de groepen blijft zoals ingeloot (intention to treat): dat is de hoofdanalyse. Deze cijfers helpen een uitkomst te begrijpen, ze veranderen haar niet.';
