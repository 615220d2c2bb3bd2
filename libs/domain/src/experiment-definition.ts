import type { FieldProblem } from './errors';
import {
  ALLOCATIONS,
  DESIGNS,
  METRICS,
  isOutcomeMetric,
  PHASES,
  RANDOMIZATIONS,
  type Allocation,
  type Design,
  type Randomization,
} from './vocabulary';
import { isValidIsoDate } from './dates';
import { validateDelivery, type DeliveryDefinition } from './fidelity';

/** An experiment as written in `experiments/<key>.yaml` (contracts.md §1). */
export interface ArmDefinition {
  key: string;
  name: string;
  weight: number;
  control?: boolean;
}

export interface ExperimentDefinition {
  key: string;
  title: string;
  hypothesis: string;
  interventionPhase: string;
  design: Design;
  allocation: Allocation;
  randomization: Randomization;
  arms: ArmDefinition[];
  primaryMetric: string;
  secondaryMetrics: string[];
  followUpDays: number;
  expectedBaseline?: number;
  minimumEffect?: number;
  plannedLooks: number;
  armCost?: Record<string, number>;
  gemeenten: string[];
  start?: string;
  end?: string;
  status?: string;
  /** Optional: planned number of participants (all arms), frozen in the plan at start. */
  plannedSize?: number;
  /** Optional, permuted_blocks only: strata are gemeente × klantprofiel instead of gemeente. */
  stratifyByKlantprofiel?: boolean;
  /** Optional, cluster_randomized only: allocate gemeenten in groups matched on size (pairs for 1:1). */
  balanceBySize?: boolean;
  /** Optional, stepped_wedge only: number of crossover steps (default: one per gemeente). */
  wedgeSteps?: number;
  /**
   * Optional, cluster_randomized and stepped_wedge: the expected intra-cluster correlation of the
   * primary metric between gemeenten (0 ≤ icc < 1), for the planned size with whole gemeenten
   * allocated (libs/stats clusterSampleSize).
   */
  icc?: number;
  /** historical_control: per gemeente its 0-meting (control) and 1-meting (intervention) period. */
  periods?: Record<string, MeasurementPeriodsDefinition>;
  /** Optional (AVG): erase the participant-level data this many months after `end` (1–600). */
  retentionMonths?: number;
  /**
   * Optional: the most days a participant is expected to go without a new milestone (1–1095;
   * default DEFAULT_EXPECTED_PACE_DAYS, 60). Longer puts the participant on the gemeente's worklist.
   */
  expectedPaceDays?: number;
  /**
   * Optional (fidelity, issue 14): per arm what counts as delivered and how often, e.g.
   * `{ jumbo_bon: { kind: bon_uitgereikt, label: Bon uitgereikt, expected: 1 } }`.
   */
  delivery?: Record<string, DeliveryDefinition>;
}

export interface MeasurementPeriodsDefinition {
  nulmeting: { start: string; end: string };
  eenmeting: { start: string; end: string };
}

export const EXPERIMENT_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ARM_KEY_PATTERN = /^[a-z0-9_]+$/;

/**
 * Every field of a definition, once. The type checks below make a field added to
 * {@link ExperimentDefinition} but not here (or the reverse) fail to compile, so the validator, the
 * PATCH and amendment merges and the pre-registered plan can never forget one again.
 */
export const DEFINITION_FIELDS = [
  'key',
  'title',
  'hypothesis',
  'interventionPhase',
  'design',
  'allocation',
  'randomization',
  'arms',
  'primaryMetric',
  'secondaryMetrics',
  'followUpDays',
  'expectedBaseline',
  'minimumEffect',
  'plannedLooks',
  'armCost',
  'gemeenten',
  'start',
  'end',
  'status',
  'plannedSize',
  'stratifyByKlantprofiel',
  'balanceBySize',
  'wedgeSteps',
  'icc',
  'periods',
  'retentionMonths',
  'expectedPaceDays',
  'delivery',
] as const satisfies readonly (keyof ExperimentDefinition)[];
export type DefinitionField = (typeof DEFINITION_FIELDS)[number];
const everyFieldListed: Exclude<keyof ExperimentDefinition, DefinitionField> extends never ? true : false = true;
void everyFieldListed;

/**
 * The fields a change of the plan may name (PATCH of a draft, an amendment): every field but the
 * identity (`key`) and the lifecycle (`status`, which moves by PATCH only).
 */
export const CHANGEABLE_FIELDS = DEFINITION_FIELDS.filter(
  (f): f is Exclude<DefinitionField, 'key' | 'status'> => f !== 'key' && f !== 'status',
);

/** The fields of the pre-registered plan: everything of the definition but its lifecycle status. */
export const PLAN_FIELDS = DEFINITION_FIELDS.filter((f): f is Exclude<DefinitionField, 'status'> => f !== 'status');

const KNOWN_FIELDS: ReadonlySet<string> = new Set(DEFINITION_FIELDS);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/**
 * Validates an experiment definition from YAML or the API. Returns every problem found, so a
 * file is refused with all its reasons at once; an empty list means the definition is valid.
 * Defaults (followUpDays 180, plannedLooks 4, allocation platform, randomization hash) are filled
 * in by {@link normalizeExperimentDefinition}.
 */
export function validateExperimentDefinition(input: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(input))
    return [{ field: '(bestand)', message: 'Verwacht een object met velden zoals key, title en arms.' }];
  for (const k of Object.keys(input)) if (!KNOWN_FIELDS.has(k)) add(k, 'Onbekend veld.');

  if (!nonEmptyString(input.key) || !EXPERIMENT_KEY_PATTERN.test(input.key))
    add('key', 'Verplicht: alleen kleine letters, cijfers en streepjes (bijvoorbeeld wekelijkse-coaching).');
  if (!nonEmptyString(input.title)) add('title', 'Verplicht: geef een titel.');
  if (!nonEmptyString(input.hypothesis)) add('hypothesis', 'Verplicht: schrijf de hypothese op.');
  if (!PHASES.includes(input.interventionPhase as never))
    add('interventionPhase', `Moet een fase van de klantreis zijn: ${PHASES.join(', ')}.`);
  if (!DESIGNS.includes(input.design as never)) add('design', `Moet een van deze zijn: ${DESIGNS.join(', ')}.`);
  if (input.allocation !== undefined && !ALLOCATIONS.includes(input.allocation as never))
    add('allocation', `Moet een van deze zijn: ${ALLOCATIONS.join(', ')}.`);
  if (input.randomization !== undefined && !RANDOMIZATIONS.includes(input.randomization as never))
    add('randomization', `Moet een van deze zijn: ${RANDOMIZATIONS.join(', ')}.`);

  const armKeys: string[] = [];
  if (!Array.isArray(input.arms) || input.arms.length < 2) {
    add('arms', 'Geef minstens twee armen: een controlearm en een interventie.');
  } else {
    input.arms.forEach((arm, i) => {
      const f = `arms[${i}]`;
      if (!isObject(arm)) return add(f, 'Elke arm heeft key, name en weight.');
      if (!nonEmptyString(arm.key) || !ARM_KEY_PATTERN.test(arm.key))
        add(`${f}.key`, 'Verplicht: kleine letters, cijfers en _.');
      else if (armKeys.includes(arm.key)) add(`${f}.key`, `Arm "${arm.key}" staat er twee keer in.`);
      else armKeys.push(arm.key);
      if (!nonEmptyString(arm.name)) add(`${f}.name`, 'Verplicht: geef de arm een naam.');
      if (typeof arm.weight !== 'number' || !(arm.weight > 0) || !Number.isFinite(arm.weight))
        add(`${f}.weight`, 'Moet een getal groter dan 0 zijn.');
      if (arm.control !== undefined && typeof arm.control !== 'boolean')
        add(`${f}.control`, 'Moet true of false zijn.');
    });
    const controls = input.arms.filter((a) => isObject(a) && a.control === true).length;
    if (controls !== 1) add('arms', 'Precies één arm moet de controlearm zijn (control: true).');
  }

  if (!METRICS.includes(input.primaryMetric as never)) add('primaryMetric', 'Onbekende uitkomstmaat.');
  else if (!isOutcomeMetric(input.primaryMetric))
    add(
      'primaryMetric',
      'De primaire uitkomst moet een mijlpaal zijn of gestabiliseerd (bijvoorbeeld gereed_voor_schuldregeling).',
    );
  if (input.secondaryMetrics !== undefined) {
    if (!Array.isArray(input.secondaryMetrics)) add('secondaryMetrics', 'Moet een lijst zijn.');
    else
      input.secondaryMetrics.forEach((m, i) => {
        if (!METRICS.includes(m as never)) add(`secondaryMetrics[${i}]`, `Onbekende uitkomstmaat "${String(m)}".`);
      });
  }
  if (
    input.followUpDays !== undefined &&
    !(
      Number.isInteger(input.followUpDays) &&
      (input.followUpDays as number) >= 1 &&
      (input.followUpDays as number) <= 1095
    )
  )
    add('followUpDays', 'Moet een heel getal van 1 tot en met 1095 zijn.');
  for (const f of ['expectedBaseline', 'minimumEffect'] as const) {
    const v = input[f];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && v < 1))
      add(f, 'Moet een fractie tussen 0 en 1 zijn (bijvoorbeeld 0.6).');
  }
  if (
    typeof input.expectedBaseline === 'number' &&
    typeof input.minimumEffect === 'number' &&
    input.expectedBaseline + input.minimumEffect >= 1
  )
    add('minimumEffect', 'Basiswaarde plus effect moet kleiner dan 1 zijn.');
  if (
    input.plannedLooks !== undefined &&
    !(
      Number.isInteger(input.plannedLooks) &&
      (input.plannedLooks as number) >= 1 &&
      (input.plannedLooks as number) <= 20
    )
  )
    add('plannedLooks', 'Moet een heel getal van 1 tot en met 20 zijn.');
  if (input.armCost !== undefined) {
    if (!isObject(input.armCost)) add('armCost', 'Moet per arm een getal geven.');
    else
      for (const [k, v] of Object.entries(input.armCost)) {
        if (!armKeys.includes(k)) add(`armCost.${k}`, 'Deze arm bestaat niet.');
        else if (typeof v !== 'number' || !(v >= 0)) add(`armCost.${k}`, 'Moet een getal van 0 of meer zijn.');
      }
  }
  if (
    !Array.isArray(input.gemeenten) ||
    input.gemeenten.length === 0 ||
    input.gemeenten.some((g) => !nonEmptyString(g))
  )
    add('gemeenten', 'Geef de codes van de deelnemende gemeenten als lijst (minstens één).');
  else if (new Set(input.gemeenten).size !== input.gemeenten.length)
    add('gemeenten', 'Een gemeente staat er twee keer in.');
  for (const f of ['start', 'end'] as const) {
    const v = input[f];
    if (v !== undefined && !(typeof v === 'string' && isValidIsoDate(v))) add(f, 'Moet een datum zijn als JJJJ-MM-DD.');
  }
  if (typeof input.start === 'string' && typeof input.end === 'string' && input.end < input.start)
    add('end', 'De einddatum ligt voor de startdatum.');
  if (input.status !== undefined && input.status !== 'draft' && input.status !== 'running')
    add('status', 'In een definitie mag alleen draft of running staan.');
  if (input.retentionMonths !== undefined) {
    if (!(
      Number.isInteger(input.retentionMonths) &&
      (input.retentionMonths as number) >= 1 &&
      (input.retentionMonths as number) <= 600
    ))
      add('retentionMonths', 'Moet een heel getal van 1 tot en met 600 zijn (maanden na de einddatum).');
    else if (input.end === undefined)
      add('retentionMonths', 'Geef ook een einddatum (end): de bewaartermijn telt vanaf het einde van het experiment.');
  }
  if (
    input.expectedPaceDays !== undefined &&
    !(
      Number.isInteger(input.expectedPaceDays) &&
      (input.expectedPaceDays as number) >= 1 &&
      (input.expectedPaceDays as number) <= 1095
    )
  )
    add('expectedPaceDays', 'Moet een heel getal van 1 tot en met 1095 zijn (dagen zonder nieuwe stap).');
  validateDesignOptions(input, add);
  problems.push(...validateDelivery(input.delivery, armKeys));
  return problems;
}

/** Fills in defaults; call only on a definition that passed validation. */
export function normalizeExperimentDefinition(input: Record<string, unknown>): ExperimentDefinition {
  const d = input as unknown as ExperimentDefinition;
  return {
    ...d,
    allocation: d.allocation ?? 'platform',
    randomization: d.randomization ?? 'hash',
    secondaryMetrics: d.secondaryMetrics ?? [],
    followUpDays: d.followUpDays ?? 180,
    plannedLooks: d.plannedLooks ?? 4,
    arms: d.arms.map((a) => ({ key: a.key, name: a.name, weight: a.weight, control: a.control === true })),
  };
}

/** JSON with object keys sorted at every level: equal values give equal strings (for hashes). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The plan of a definition in canonical form: defaults filled in, lifecycle status left out, the
 * gemeenten sorted (their order means nothing). Two definitions describe the same plan exactly
 * when their canonical plans are equal.
 */
export function canonicalPlan(input: Record<string, unknown>): string {
  const { status: _status, ...rest } = normalizeExperimentDefinition(input);
  return canonicalJson({ ...rest, gemeenten: [...rest.gemeenten].sort() });
}

/** The optional design fields (issue 5); each belongs to one design. */
function validateDesignOptions(input: Record<string, unknown>, add: (field: string, message: string) => void): void {
  if (input.plannedSize !== undefined && !(Number.isInteger(input.plannedSize) && (input.plannedSize as number) >= 2))
    add('plannedSize', 'Moet een heel getal van 2 of meer zijn (het geplande aantal deelnemers).');
  if (input.stratifyByKlantprofiel !== undefined) {
    if (typeof input.stratifyByKlantprofiel !== 'boolean') add('stratifyByKlantprofiel', 'Moet true of false zijn.');
    else if (input.randomization !== 'permuted_blocks')
      add('stratifyByKlantprofiel', 'Alleen bij randomization: permuted_blocks.');
  }
  if (input.balanceBySize !== undefined) {
    if (typeof input.balanceBySize !== 'boolean') add('balanceBySize', 'Moet true of false zijn.');
    else if (input.design !== 'cluster_randomized') add('balanceBySize', 'Alleen bij design: cluster_randomized.');
  }
  if (input.wedgeSteps !== undefined) {
    const n = Array.isArray(input.gemeenten) ? input.gemeenten.length : 0;
    if (input.design !== 'stepped_wedge') add('wedgeSteps', 'Alleen bij design: stepped_wedge.');
    else if (!(
      Number.isInteger(input.wedgeSteps) &&
      (input.wedgeSteps as number) >= 1 &&
      (input.wedgeSteps as number) <= Math.max(1, n)
    ))
      add('wedgeSteps', `Moet een heel getal van 1 tot en met het aantal gemeenten (${n}) zijn.`);
  }
  if (input.icc !== undefined) {
    if (input.design !== 'cluster_randomized' && input.design !== 'stepped_wedge')
      add('icc', 'Alleen bij design: cluster_randomized of stepped_wedge.');
    else if (!(typeof input.icc === 'number' && Number.isFinite(input.icc) && input.icc >= 0 && input.icc < 1))
      add('icc', 'Moet een getal van 0 tot 1 zijn, bijvoorbeeld 0,02.');
  }
  if (input.periods !== undefined) {
    if (input.design !== 'historical_control') return add('periods', 'Alleen bij design: historical_control.');
    if (!isObject(input.periods))
      return add('periods', 'Geef per gemeente een nulmeting en een eenmeting met start en end.');
    const gemeenten = Array.isArray(input.gemeenten) ? input.gemeenten : [];
    for (const [g, p] of Object.entries(input.periods)) {
      const f = `periods.${g}`;
      if (!gemeenten.includes(g)) {
        add(f, 'Deze gemeente doet niet mee aan het experiment.');
        continue;
      }
      if (!isObject(p)) {
        add(f, 'Geef een nulmeting en een eenmeting met start en end.');
        continue;
      }
      for (const k of Object.keys(p)) if (k !== 'nulmeting' && k !== 'eenmeting') add(`${f}.${k}`, 'Onbekend veld.');
      let ok = true;
      for (const m of ['nulmeting', 'eenmeting'] as const) {
        const period = p[m];
        if (
          !isObject(period) ||
          typeof period.start !== 'string' ||
          typeof period.end !== 'string' ||
          !isValidIsoDate(period.start) ||
          !isValidIsoDate(period.end)
        ) {
          add(`${f}.${m}`, 'Geef start en end als JJJJ-MM-DD.');
          ok = false;
        } else if (period.end < period.start) {
          add(`${f}.${m}`, 'De einddatum ligt voor de startdatum.');
          ok = false;
        } else {
          if (typeof input.start === 'string' && period.start < input.start) {
            add(`${f}.${m}`, 'Ligt voor de start van het experiment.');
            ok = false;
          }
          if (typeof input.end === 'string' && period.end > input.end) {
            add(`${f}.${m}`, 'Ligt na het einde van het experiment.');
            ok = false;
          }
        }
      }
      if (ok && (p.eenmeting as { start: string }).start <= (p.nulmeting as { end: string }).end)
        add(`${f}.eenmeting`, 'De eenmeting begint pas na het einde van de nulmeting.');
    }
  }
}
