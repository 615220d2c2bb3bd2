import { allocateClusters } from './cluster';
import { AllocationDesignError } from './permuted-blocks';
import { historicalArm, steppedWedgeSchedule, wedgeArm } from './stepped-wedge';

const twoArms = [
  { key: 'controle', weight: 1 },
  { key: 'interventie', weight: 1 },
];
const gemeenten = [
  { code: 'lindewaard', size: 160_000 },
  { code: 'veenhoven', size: 45_000 },
  { code: 'oosterkamp', size: 90_000 },
  { code: 'brederwijk', size: 30_000 },
  { code: 'hoogdijk', size: 120_000 },
  { code: 'maasbergen', size: 60_000 },
];

describe('cluster allocation', () => {
  it('is reproducible from the seed and changes with another seed', () => {
    const one = allocateClusters({ seed: 'geheim-1', clusters: gemeenten, arms: twoArms });
    expect(allocateClusters({ seed: 'geheim-1', clusters: [...gemeenten].reverse(), arms: twoArms })).toEqual(one);
    const patterns = new Set<string>();
    for (let i = 0; i < 30; i++)
      patterns.add(
        allocateClusters({ seed: `s-${i}`, clusters: gemeenten, arms: twoArms })
          .map((c) => c.arm)
          .join(),
      );
    expect(patterns.size).toBeGreaterThan(5);
  });

  it('gives each arm its share of gemeenten (3 + 3 for 1:1, 2 + 4 for 1:2)', () => {
    const c = allocateClusters({ seed: 'x', clusters: gemeenten, arms: twoArms });
    expect(c.filter((x) => x.arm === 'controle')).toHaveLength(3);
    const w = allocateClusters({
      seed: 'x',
      clusters: gemeenten,
      arms: [
        { key: 'controle', weight: 1 },
        { key: 'interventie', weight: 2 },
      ],
    });
    expect(w.filter((x) => x.arm === 'controle')).toHaveLength(2);
  });

  it('balances by size in pairs: each pair of similar size is split over the arms', () => {
    for (let i = 0; i < 20; i++) {
      const c = allocateClusters({ seed: `pair-${i}`, clusters: gemeenten, arms: twoArms, balanceBySize: true });
      const byGroup = new Map<number, string[]>();
      for (const x of c) byGroup.set(x.group!, [...(byGroup.get(x.group!) ?? []), x.arm]);
      expect([...byGroup.keys()].sort()).toEqual([0, 1, 2]);
      for (const arms of byGroup.values()) expect(arms.sort()).toEqual(['controle', 'interventie']);
      // the largest two (lindewaard, hoogdijk) are pair 0
      expect(
        c
          .filter((x) => x.group === 0)
          .map((x) => x.code)
          .sort(),
      ).toEqual(['hoogdijk', 'lindewaard']);
    }
  });

  it('refuses fewer gemeenten than arms', () => {
    expect(() => allocateClusters({ seed: 'x', clusters: gemeenten.slice(0, 1), arms: twoArms })).toThrow(
      AllocationDesignError,
    );
  });
});

describe('stepped wedge', () => {
  const codes = gemeenten.map((g) => g.code);
  it('is reproducible from the seed; each step gets its gemeenten and crossover dates are step boundaries', () => {
    const s = steppedWedgeSchedule({ seed: 'w', clusters: codes, start: '2026-01-01', end: '2026-12-31', steps: 3 });
    expect(
      steppedWedgeSchedule({
        seed: 'w',
        clusters: [...codes].reverse(),
        start: '2026-01-01',
        end: '2026-12-31',
        steps: 3,
      }),
    ).toEqual(s);
    expect(s.map((x) => x.step).sort()).toEqual([1, 1, 2, 2, 3, 3]);
    // 365 days / 4 periods = 91 days per period
    const dates = new Map(s.map((x) => [x.step, x.crossoverOn]));
    expect([dates.get(1), dates.get(2), dates.get(3)]).toEqual(['2026-04-02', '2026-07-02', '2026-10-01']);
    const orders = new Set<string>();
    for (let i = 0; i < 20; i++)
      orders.add(
        steppedWedgeSchedule({ seed: `w${i}`, clusters: codes, start: '2026-01-01', end: '2026-12-31' })
          .map((x) => x.step)
          .join(),
      );
    expect(orders.size).toBeGreaterThan(5);
  });

  it('takes the arm of the gemeente at the enrolment date', () => {
    const arms = { control: 'controle', intervention: 'interventie' };
    expect(wedgeArm('2026-04-02', '2026-04-01', arms)).toBe('controle');
    expect(wedgeArm('2026-04-02', '2026-04-02', arms)).toBe('interventie');
  });

  it('refuses too many steps or too short a period', () => {
    expect(() =>
      steppedWedgeSchedule({ seed: 'w', clusters: codes, start: '2026-01-01', end: '2026-12-31', steps: 7 }),
    ).toThrow(AllocationDesignError);
    expect(() => steppedWedgeSchedule({ seed: 'w', clusters: codes, start: '2026-01-01', end: '2026-01-03' })).toThrow(
      AllocationDesignError,
    );
  });
});

describe('historical control', () => {
  it('gives control in the 0-meting, the intervention in the 1-meting and nothing outside them', () => {
    const periods = {
      nulmeting: { start: '2025-01-01', end: '2025-06-30' },
      eenmeting: { start: '2025-07-01', end: '2025-12-31' },
    };
    const arms = { control: 'controle', intervention: 'nieuw' };
    expect(historicalArm(periods, '2025-06-30', arms)).toBe('controle');
    expect(historicalArm(periods, '2025-07-01', arms)).toBe('nieuw');
    expect(historicalArm(periods, '2026-01-01', arms)).toBeNull();
  });
});
