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

  it('counts the looks taken since the start, and at an interim look p < 0,05 is not yet sure', () => {
    // started in 2026-Q3, a year still to run: the look of 26 November 2026 is look 2 of 4, never 4 of 4
    const out = analyse({
      experiment: { ...experiment, start: '2026-07-01', end: '2027-12-31' },
      asOf: '2026-11-26',
      counts: [...counts('controle', 150, 52), ...counts('coaching', 150, 72)],
      times: [],
      scores: [],
      emotions: [],
    });
    expect(out.running).toBe(true);
    expect(out.guards.sequential).toMatchObject({ available: true, look: 2, plannedLooks: 4, crossed: false });
    const c = out.metrics[0].comparisons[0];
    expect(c.fisherPValue).toBeLessThan(0.05);
    expect(c.sentence).toContain('Dat verschil is nog niet zeker: het experiment loopt nog (p = 0,0');
    expect(c.sentence).not.toContain('geen toeval');
  });

  it('judges a secondary metric on its Holm-adjusted p-value', () => {
    const out = analyse({
      experiment: { ...experiment, secondaryMetrics: ['uitval', 'akkoord_schuldregeling'] },
      asOf: '2026-11-26',
      counts: [
        ...counts('controle', 150, 52),
        ...counts('coaching', 150, 72),
        ...['akkoord_schuldregeling'].flatMap((metric) =>
          ['controle', 'coaching'].map((arm) => ({
            metric,
            arm,
            by: 'gemeente' as const,
            value: 'a',
            enrolled: 153,
            complete: 150,
            events: 40,
          })),
        ),
      ],
      times: [],
      scores: [],
      emotions: [],
    });
    const uitval = out.metrics.find((m) => m.metric === 'uitval')!.comparisons[0];
    expect(uitval.holmPValue).toBeGreaterThan(uitval.fisherPValue);
    expect(uitval.sentence).toContain('gecorrigeerd voor meerdere uitkomsten');
    expect(uitval.sentence).toContain(`p = ${uitval.holmPValue!.toPrecision(2).replace('.', ',')}`);
  });

  it('lists klantbeleving and emotions in journey order, whatever order the database gives', () => {
    const phases = ['financiele_stabiliteit', 'intake', 'aanmelding', 'overzicht']; // as ORDER BY phase might
    const out = analyse({
      experiment,
      asOf: '2026-11-26',
      counts: [...counts('controle', 30, 10), ...counts('coaching', 30, 12)],
      times: [],
      scores: phases.flatMap((phase) =>
        ['controle', 'coaching'].map((arm) => ({ arm, phase, item: 'rapportcijfer', value: 7, n: 3 })),
      ),
      emotions: phases.map((phase) => ({ arm: 'controle', phase, emotie: 'rust', n: 2 })),
    });
    const journey = ['aanmelding', 'intake', 'overzicht', 'financiele_stabiliteit'];
    expect(out.beleving.map((b) => b.phase)).toEqual(journey);
    expect(out.emotions.map((e) => e.phase)).toEqual(journey);
  });

  it("gives the whole step curve per arm: a step at each event time, ending at the arm's last follow-up", () => {
    const out = analyse({
      experiment,
      asOf: '2026-11-26',
      counts: [...counts('controle', 10, 3), ...counts('coaching', 10, 0)],
      times: [
        { arm: 'controle', gemeente: 'a', time: 30, cause: 2, n: 2 },
        { arm: 'controle', gemeente: 'a', time: 45, cause: 1, n: 1 },
        { arm: 'controle', gemeente: 'a', time: 70, cause: 2, n: 1 },
        { arm: 'controle', gemeente: 'a', time: 400, cause: 0, n: 6 },
        { arm: 'coaching', gemeente: 'a', time: 200, cause: 0, n: 10 },
      ],
      scores: [],
      emotions: [],
    });
    const uitval = out.metrics.find((m) => m.metric === 'uitval')!;
    const controle = uitval.arms.find((a) => a.arm === 'controle')!;
    // steps at 30 (2 of 10) and 70 (1 of the 7 left, times S = 0.7); the gereed at 45 changes neither
    expect(controle.stepCurve!.map((p) => [p.day, Math.round(p.value * 1e9) / 1e9])).toEqual([
      [0, 0],
      [30, 0.2],
      [70, 0.3],
      [400, 0.3],
    ]);
    // the requested days read off the same step function
    for (const p of controle.cumulativeIncidence!) {
      const s = [...controle.stepCurve!].reverse().find((q) => q.day <= p.day)!;
      expect([s.value, s.ci95]).toEqual([p.value, p.ci95]);
    }
    // an arm without uitval: a line at 0 up to its last follow-up (200), not beyond
    expect(uitval.arms.find((a) => a.arm === 'coaching')!.stepCurve).toEqual([
      { day: 0, value: 0, ci95: [0, 0] },
      { day: 200, value: 0, ci95: [0, 0] },
    ]);
  });

  it("draws uitval at 0 for an arm without uitval, and leaves days after an arm's follow-up unknown (issue 14)", () => {
    const out = analyse({
      experiment,
      asOf: '2026-11-26',
      counts: [...counts('controle', 10, 2), ...counts('coaching', 10, 0)],
      times: [
        // controle: followed up to day 400, two uitval; coaching: nobody dropped out, followed up to day 200
        { arm: 'controle', gemeente: 'a', time: 30, cause: 2, n: 2 },
        { arm: 'controle', gemeente: 'a', time: 400, cause: 0, n: 8 },
        { arm: 'coaching', gemeente: 'a', time: 50, cause: 1, n: 1 },
        { arm: 'coaching', gemeente: 'a', time: 200, cause: 0, n: 9 },
      ],
      scores: [],
      emotions: [],
      curveDays: [0, 150, 300, 450],
    });
    const uitval = out.metrics.find((m) => m.metric === 'uitval')!;
    const arm = (k: string) => uitval.arms.find((a) => a.arm === k)!;
    expect(arm('coaching').cumulativeIncidence).toEqual([
      { day: 90, value: 0, ci95: [0, 0] },
      { day: 180, value: 0, ci95: [0, 0] },
      { day: 365, value: null, ci95: null },
    ]);
    expect(arm('controle').cumulativeIncidence!.map((p) => p.value)).toEqual([0.2, 0.2, 0.2]);
    // the chart's curve: up to the last day anyone was followed (400), null after the arm's own
    expect(arm('coaching').curve!.map((p) => [p.day, p.value])).toEqual([
      [0, 0],
      [150, 0],
      [300, null],
    ]);
  });
});
