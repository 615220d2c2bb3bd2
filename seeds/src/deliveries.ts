/**
 * Fidelity in the demo data (issue 14, item 7): deliveries of each arm's intervention, recorded
 * for most participants of a treatment arm (not all: some never got it, some got fewer than
 * planned), none for the control arms except a couple who got another arm's intervention
 * (contamination). Drawn from a stream of its own, after the journeys, so the rest of the demo
 * data is the same with or without deliveries.
 */
import type { ExperimentDefinition } from '@living-lab/domain';
import { Rng } from './prng';
import { DEMO_DATA_UNTIL, type SeedDelivery, type SeedEnrolment, type SeedEvent } from './types';

/** Share of a treatment arm's participants with at least one delivery recorded. */
export const DELIVERED_SHARE = 0.82;
/** Control participants per experiment who got another arm's intervention. */
export const CONTAMINATED_PER_EXPERIMENT = 2;

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** Milestones after which no intervention is delivered any more. */
const ENDS = new Set(['uitval', 'gereed_voor_schuldregeling', 'informatie_advies', 'andere_oplossing']);

export function demoDeliveries(
  seed: number,
  experiments: readonly Pick<ExperimentDefinition, 'key' | 'arms' | 'delivery'>[],
  enrolments: readonly SeedEnrolment[],
  events: readonly SeedEvent[],
): SeedDelivery[] {
  const rng = new Rng((seed ^ 0x5eed_f1de) >>> 0);
  const ends = new Map<string, string[]>();
  for (const e of events)
    if (ENDS.has(e.milestone)) {
      const k = `${e.gemeente}/${e.participantRef}`;
      ends.set(k, [...(ends.get(k) ?? []), e.occurredOn]);
    }
  const out: SeedDelivery[] = [];
  for (const x of experiments) {
    if (!x.delivery) continue;
    const mine = enrolments.filter((n) => n.experiment === x.key);
    const control = x.arms.find((a) => a.control)?.key;
    const deliver = (n: SeedEnrolment, kind: string, on: string) =>
      out.push({ experiment: x.key, gemeente: n.gemeente, participantRef: n.participantRef, kind, deliveredOn: on });
    for (const n of mine) {
      const d = x.delivery[n.arm];
      if (!d || n.arm === control || !rng.chance(DELIVERED_SHARE)) continue;
      // the end of the participant's journey after enrolment (or the end of the data)
      const end = (ends.get(`${n.gemeente}/${n.participantRef}`) ?? [])
        .filter((on) => on >= n.enrolledOn)
        .reduce((a, b) => (a < b ? a : b), DEMO_DATA_UNTIL);
      if (d.expected === 1) {
        const on = addDays(n.enrolledOn, rng.chance(0.8) ? 0 : rng.int(1, 7));
        if (on <= end) deliver(n, d.kind, on);
        continue;
      }
      // repeated (weekly) deliveries: most get about the planned number, some stop early
      const planned = rng.chance(0.7) ? d.expected + rng.int(-1, 1) : rng.int(1, Math.max(1, d.expected - 2));
      let on = addDays(n.enrolledOn, rng.int(2, 10));
      for (let i = 0; i < planned && on <= end; i++) {
        deliver(n, d.kind, on);
        on = addDays(on, rng.int(6, 9));
      }
    }
    // a couple of control participants got another arm's intervention (contamination)
    const other = Object.entries(x.delivery).find(([arm]) => arm !== control)?.[1];
    const controls = mine.filter((n) => n.arm === control && n.enrolledOn < DEMO_DATA_UNTIL);
    for (let i = 0; other && i < CONTAMINATED_PER_EXPERIMENT && controls.length; i++) {
      const n = controls.splice(rng.int(0, controls.length - 1), 1)[0];
      deliver(n, other.kind, addDays(n.enrolledOn, 1) <= DEMO_DATA_UNTIL ? addDays(n.enrolledOn, 1) : n.enrolledOn);
    }
  }
  return out;
}
