import { HashAssigner } from './hash-assignment';

describe('HashAssigner (GrowthBook hashing)', () => {
  const assigner = new HashAssigner();
  const arms = [
    { key: 'controle', weight: 1 },
    { key: 'coaching', weight: 1 },
  ];
  const base = { experimentKey: 'wekelijkse-coaching', seed: 'secret-seed-1', arms };

  it('gives the same arm for the same input, also from a fresh client', () => {
    const other = new HashAssigner();
    for (let i = 0; i < 500; i++) {
      const input = { ...base, gemeente: 'lindewaard', participantRef: `P-${i}` };
      expect(other.assign(input)).toBe(assigner.assign(input));
    }
  });

  it('depends on the secret seed: another seed reshuffles arms', () => {
    let differ = 0;
    for (let i = 0; i < 1000; i++) {
      const a = assigner.assign({ ...base, gemeente: 'g', participantRef: `P-${i}` });
      const b = assigner.assign({ ...base, seed: 'another-seed', gemeente: 'g', participantRef: `P-${i}` });
      if (a !== b) differ++;
    }
    // Independent fair coins disagree half the time: 500 ± 3 sd (≈ 47).
    expect(differ).toBeGreaterThan(400);
    expect(differ).toBeLessThan(600);
  });

  it('assigns two experiments independently even when their seeds are equal', () => {
    let differ = 0;
    for (let i = 0; i < 1000; i++) {
      if (
        assigner.assign({ ...base, gemeente: 'g', participantRef: `P-${i}` }) !==
        assigner.assign({ ...base, experimentKey: 'jumbo-bon-intake', gemeente: 'g', participantRef: `P-${i}` })
      )
        differ++;
    }
    expect(differ).toBeGreaterThan(400);
    expect(differ).toBeLessThan(600);
  });

  it('keeps the same ref in different gemeenten apart', () => {
    let differ = 0;
    for (let i = 0; i < 1000; i++) {
      if (
        assigner.assign({ ...base, gemeente: 'a', participantRef: `P-${i}` }) !==
        assigner.assign({ ...base, gemeente: 'b', participantRef: `P-${i}` })
      )
        differ++;
    }
    expect(differ).toBeGreaterThan(400);
  });

  it.each([[[1, 1]], [[1, 2]], [[3, 1]], [[1, 1, 2]]])(
    'respects weights %j over 10,000 ids within 2 percentage points',
    (weights) => {
      const ws = weights as number[];
      const theArms = ws.map((w, i) => ({ key: `arm${i}`, weight: w }));
      const counts = new Map<string, number>();
      for (let i = 0; i < 10_000; i++) {
        const arm = assigner.assign({
          experimentKey: 'x',
          seed: 's',
          arms: theArms,
          gemeente: 'g',
          participantRef: `ref-${i}`,
        });
        counts.set(arm, (counts.get(arm) ?? 0) + 1);
      }
      const total = ws.reduce((s, w) => s + w, 0);
      theArms.forEach((a, i) => {
        expect(Math.abs((counts.get(a.key) ?? 0) / 10_000 - ws[i] / total)).toBeLessThan(0.02);
      });
    },
  );

  it('refuses an experiment with fewer than two arms', () => {
    expect(() =>
      assigner.assign({ ...base, arms: [{ key: 'a', weight: 1 }], gemeente: 'g', participantRef: 'p' }),
    ).toThrow(/two arms/);
  });
});
