import { addDays } from '@living-lab/domain';
import { Rng } from './prng';

/**
 * The national-scale synthetic workload for benchmarks: 342 gemeenten, about 500,000 enrolled
 * participants in 12 experiments and about 4,000,000 milestone events, streamed row by row (the
 * rows are never held in memory together). Deterministic for a seed. Outcomes follow the demo
 * calibration loosely (about 60% gereed eventually, uitval mostly early); odd-numbered experiments
 * have a small true effect, even-numbered none.
 */
export interface NationalSink {
  gemeente(code: string, naam: string, inwoners: number): void;
  experiment(key: string, gemeenten: string[], start: string): void;
  participant(gemeente: string, ref: string, klantprofiel: string, segment: string): void;
  enrolment(experiment: string, gemeente: string, ref: string, enrolledOn: string, arm: string): void;
  event(gemeente: string, ref: string, milestone: string, occurredOn: string, reason: string | null): void;
}

export const NATIONAL = {
  gemeenten: 342,
  experiments: 12,
  participants: 500_000,
  until: '2026-11-15',
  start: '2024-01-01',
};

const PROFIELEN = ['onwetende', 'aanpakker', 'kwetsbare', 'benadeelde', 'struisvogel'];
const SEGMENTS = ['enkelvoudig', 'multi', 'crisis'];
const REASONS = [
  'afgewezen',
  'buiten_behandeling',
  'zelf_ingetrokken',
  'niet_verschenen',
  'niet_in_aanmerking',
  'onbekend',
];

export function generateNational(
  sink: NationalSink,
  opts: { seed?: number; participants?: number } = {},
): { participants: number; events: number } {
  const rng = new Rng(opts.seed ?? 342);
  const total = opts.participants ?? NATIONAL.participants;
  const codes = Array.from({ length: NATIONAL.gemeenten }, (_, i) => `gemeente-${String(i + 1).padStart(3, '0')}`);
  const size = codes.map(() => Math.exp(rng.normal(0, 1)));
  const sizeSum = size.reduce((s, x) => s + x, 0);
  codes.forEach((c, i) => sink.gemeente(c, `Gemeente ${i + 1}`, Math.round(20_000 + size[i] * 40_000)));
  const baseRate = codes.map(() => 0.42 + rng.uniform() * 0.5);

  // every gemeente takes part in exactly one experiment (experiments are disjoint by gemeente)
  const expOf = codes.map((_, i) => i % NATIONAL.experiments);
  const keys = Array.from({ length: NATIONAL.experiments }, (_, k) => `landelijk-${k + 1}`);
  keys.forEach((key, k) =>
    sink.experiment(
      key,
      codes.filter((_, i) => expOf[i] === k),
      NATIONAL.start,
    ),
  );
  const span = 1000; // days of enrolment from the start

  let events = 0;
  let n = 0;
  codes.forEach((g, gi) => {
    const count = gi === codes.length - 1 ? total - n : Math.round((total * size[gi]) / sizeSum);
    const k = expOf[gi];
    for (let j = 0; j < count; j++, n++) {
      const ref = `N${gi}-${j}`;
      sink.participant(g, ref, PROFIELEN[rng.int(0, 4)], SEGMENTS[rng.int(0, 2)]);
      const enrolled = addDays(NATIONAL.start, rng.int(0, span));
      const arm = rng.chance(0.5) ? 'interventie' : 'controle';
      sink.enrolment(keys[k], g, ref, enrolled, arm);
      const emit = (ms: string, day: number, reason: string | null = null) => {
        const d = addDays(enrolled, day);
        if (d <= NATIONAL.until) {
          sink.event(g, ref, ms, d, reason);
          events++;
        }
      };
      emit('aanmelding', -rng.int(20, 60));
      emit('intake', -rng.int(5, 19));
      emit('instroom_stabilisatie', 0);
      const effect = k % 2 === 0 && arm === 'interventie' ? 0.08 : 0;
      const u = rng.uniform();
      if (u < baseRate[gi] + effect) {
        const t = rng.int(60, 330);
        emit('overzicht_gereed', Math.round(t * 0.4));
        emit('financieel_stabiel', Math.round(t * 0.8));
        emit('gereed_voor_schuldregeling', t);
        if (rng.chance(0.85)) emit('akkoord_schuldregeling', t + rng.int(14, 60));
      } else if (u < 0.97) {
        emit('uitval', rng.int(10, 200), REASONS[rng.int(0, 5)]);
        if (rng.chance(0.3)) emit('heraanmelding', rng.int(220, 400));
      } else {
        emit('langdurige_stabilisatie', rng.int(100, 300));
      }
    }
  });
  return { participants: n, events };
}
