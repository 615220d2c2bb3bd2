import { fidelityOf } from './fidelity.analysis';

/**
 * Fidelity per arm from the per-arm distribution of deliveries (pure).
 *
 * R reference (R 4, base `median()`), recorded output:
 *   Rscript -e 'x <- rep(c(0,1,2,3,6,7), c(7,3,4,5,9,2)); cat(median(x), length(x), sum(x>=1), sum(x>=6), "\n");
 *               y <- rep(c(0,1,2,4), c(4,1,2,3)); cat(median(y), "\n")'
 *   3 30 23 11
 *   1.5
 */
const R = { coach: { median: 3, n: 30, received: 23, asExpected: 11 }, controle: { median: 1.5 } };

describe('fidelityOf', () => {
  const arms = [{ key: 'controle' }, { key: 'coach' }, { key: 'bon' }];
  const delivery = {
    coach: { kind: 'gesprek', label: 'Gesprek gehouden', expected: 6 },
    controle: { kind: 'folder', label: 'Folder gegeven', expected: 2 },
    bon: { kind: 'bon', label: 'Bon uitgereikt', expected: 1 },
  };
  const row = (arm: string, delivered: number, n: number, contaminated = false) => ({
    arm,
    delivered,
    n,
    contaminated,
  });

  it('counts, shares and the median (as R) per arm; 0 deliveries count as 0 in the median', () => {
    const f = fidelityOf(arms, delivery, {
      counts: [
        row('coach', 0, 7),
        row('coach', 1, 3),
        row('coach', 2, 4),
        row('coach', 3, 5),
        row('coach', 6, 9),
        row('coach', 7, 2),
        row('controle', 0, 3),
        row('controle', 0, 1, true),
        row('controle', 1, 1),
        row('controle', 2, 2),
        row('controle', 4, 2, true),
        row('controle', 4, 1),
        row('bon', 0, 5),
      ],
      contamination: [
        { arm: 'controle', kind: 'gesprek', n: 3 },
        { arm: 'controle', kind: 'bon', n: 1 },
      ],
    })!;
    const coach = f.arms.find((a) => a.arm === 'coach')!;
    expect(coach).toMatchObject({
      kind: 'gesprek',
      expected: 6,
      enrolled: R.coach.n,
      received: R.coach.received,
      receivedAsExpected: R.coach.asExpected,
      medianReceived: R.coach.median,
      contaminated: 0,
    });
    expect(coach.share).toBeCloseTo(23 / 30, 12);
    expect(coach.shareAsExpected).toBeCloseTo(11 / 30, 12);
    const controle = f.arms.find((a) => a.arm === 'controle')!;
    expect(controle).toMatchObject({
      enrolled: 10,
      received: 6,
      receivedAsExpected: 5, // 2 or more
      medianReceived: R.controle.median,
      contaminated: 3, // distinct participants; by kind: gesprek 3, bon 1 (one of them got both)
      contaminatedByKind: { gesprek: 3, bon: 1 },
    });
    expect(f.arms.find((a) => a.arm === 'bon')).toMatchObject({
      enrolled: 5,
      received: 0,
      share: 0,
      medianReceived: 0,
    });
    expect(f.note).toMatch(/intention to treat/);
  });

  it('gives an arm without delivery no received figures, and no fidelity at all without a delivery in the plan', () => {
    const f = fidelityOf(
      arms.slice(0, 2),
      { coach: delivery.coach },
      { counts: [row('controle', 0, 4)], contamination: [] },
    )!;
    expect(f.arms[0]).toMatchObject({
      arm: 'controle',
      kind: null,
      enrolled: 4,
      received: null,
      share: null,
      medianReceived: null,
    });
    expect(f.arms[1]).toMatchObject({ arm: 'coach', enrolled: 0, received: 0, share: null, medianReceived: null });
    expect(fidelityOf(arms, undefined, { counts: [], contamination: [] })).toBeUndefined();
    expect(fidelityOf(arms, {}, { counts: [], contamination: [] })).toBeUndefined();
  });
});
