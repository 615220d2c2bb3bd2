import { SeededRandom } from './random';
import { AllocationDesignError } from './permuted-blocks';

export interface WedgeStep {
  code: string;
  /** 1-based step at which the gemeente crosses from control to intervention. */
  step: number;
  /** First day on which an enrolment in this gemeente takes the intervention arm. */
  crossoverOn: string;
}

const DAY = 86_400_000;
const toDays = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDays = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

/**
 * A stepped-wedge schedule: the period from `start` to `end` (inclusive) is cut into `steps + 1`
 * equal periods (the last takes the spare days); every gemeente begins in control, and at each
 * step a group of gemeenten crosses to the intervention. Which gemeente crosses at which step is a
 * random order drawn from the seed, spread as evenly as possible over the steps.
 * `steps` defaults to the number of gemeenten (one gemeente per step).
 */
export function steppedWedgeSchedule(input: {
  seed: string;
  clusters: readonly string[];
  start: string;
  end: string;
  steps?: number;
}): WedgeStep[] {
  const clusters = [...input.clusters].sort();
  const n = clusters.length;
  if (n < 1) throw new AllocationDesignError('A stepped wedge needs at least one gemeente.');
  const steps = input.steps ?? n;
  if (!Number.isInteger(steps) || steps < 1 || steps > n)
    throw new AllocationDesignError(
      `The number of steps must be a whole number from 1 to ${n} (the number of gemeenten).`,
    );
  const days = toDays(input.end) - toDays(input.start) + 1;
  const period = Math.floor(days / (steps + 1));
  if (!(period >= 1))
    throw new AllocationDesignError(`The period from ${input.start} to ${input.end} is too short for ${steps} steps.`);
  const order = new SeededRandom(input.seed, 'stepped-wedge').shuffle(clusters);
  return order
    .map((code, i) => {
      const step = Math.floor((i * steps) / n) + 1;
      return { code, step, crossoverOn: fromDays(toDays(input.start) + step * period) };
    })
    .sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** The arm of an enrolment in a stepped wedge: intervention from the crossover day on. */
export function wedgeArm(
  crossoverOn: string,
  enrolledOn: string,
  arms: { control: string; intervention: string },
): string {
  return enrolledOn >= crossoverOn ? arms.intervention : arms.control;
}

export interface MeasurementPeriods {
  /** 0-meting: the gemeente's usual way of working (control). */
  nulmeting: { start: string; end: string };
  /** 1-meting: the period with the intervention. */
  eenmeting: { start: string; end: string };
}

/** Historical control: the arm follows from the enrolment date; null when it lies in neither period. */
export function historicalArm(
  periods: MeasurementPeriods,
  enrolledOn: string,
  arms: { control: string; intervention: string },
): string | null {
  if (enrolledOn >= periods.nulmeting.start && enrolledOn <= periods.nulmeting.end) return arms.control;
  if (enrolledOn >= periods.eenmeting.start && enrolledOn <= periods.eenmeting.end) return arms.intervention;
  return null;
}
