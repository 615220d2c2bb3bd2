import { analyse, type ResultsInput } from './results.analysis';

/** The pure analysis on hand-made sufficient statistics (no database). */
const experiment: ResultsInput['experiment'] = {
  key: 'x',
  design: 'individual_randomized',
  arms: [
    { key: 'controle', name: 'Gewoon', weight: 1, control: true },
    { key: 'coaching', name: 'Coaching', weight: 1 },
  ],
  primaryMetric: 'gereed_voor_schuldregeling',
  secondaryMetrics: ['uitval'],
  followUpDays: 180,
  expectedBaseline: 0.35,
  minimumEffect: 0.1,
  plannedLooks: 4,
};
const counts = (arm: string, complete: number, events: number) =>
  ['gereed_voor_schuldregeling', 'uitval'].map((metric) => ({
    metric,
    arm,
    by: 'gemeente' as const,
    value: 'a',
    enrolled: complete + 3,
    complete,
    events,
  }));

describe('results analysis edge cases', () => {
  it('reports no sequential boundary (instead of failing) with a sliver of the planned information', () => {
    // 1 complete participant per arm of ~376 planned: information fraction ≈ 0.003, far below
    // where the O'Brien–Fleming boundary is a finite double.
    const out = analyse({
      experiment,
      asOf: '2026-11-26',
      counts: [...counts('controle', 1, 0), ...counts('coaching', 1, 1)],
      times: [],
      scores: [],
      emotions: [],
    });
    expect(out.guards.sequential).toMatchObject({ available: false, reason: expect.stringContaining('te weinig') });
    expect(out.metrics[0].comparisons[0].sentence).toBe(
      'Er zijn nog te weinig deelnemers om een verschil te kunnen zien.',
    );
  });

  it('gives the boundary once enough participants have complete follow-up', () => {
    const out = analyse({
      experiment,
      asOf: '2026-11-26',
      counts: [...counts('controle', 100, 35), ...counts('coaching', 100, 45)],
      times: [],
      scores: [],
      emotions: [],
    });
    expect(out.guards.sequential).toMatchObject({ available: true, look: 2, crossed: false });
    expect((out.guards.sequential as { boundaryZ: number }).boundaryZ).toBeGreaterThan(2.5);
  });
});
