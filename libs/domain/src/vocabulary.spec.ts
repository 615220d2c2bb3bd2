import {
  curveCause,
  inJourneyOrder,
  isOutcomeMetric,
  isRepeatableMilestone,
  metricMilestones,
  METRICS,
  MILESTONES,
  phaseRank,
  PHASES,
  REPEATABLE_MILESTONES,
  TERMINAL_CAUSE,
  TRAJECTORY_ENDS,
} from './vocabulary';

describe('vocabulary rules', () => {
  it('knows the repeatable milestones', () => {
    expect([...REPEATABLE_MILESTONES].sort()).toEqual(['heraanmelding', 'terugval']);
    expect(MILESTONES.filter(isRepeatableMilestone)).toEqual(['terugval', 'heraanmelding']);
    expect(isRepeatableMilestone('intake')).toBe(false);
  });
  it('draws a cumulative incidence curve only for a milestone that is its cause alone', () => {
    expect(MILESTONES.filter((m) => curveCause(m) !== undefined).map((m) => [m, curveCause(m)])).toEqual([
      ['gereed_voor_schuldregeling', 1],
      ['uitval', 2],
    ]);
    expect(curveCause('rapportcijfer')).toBeUndefined();
  });
  it('ends a trajectory at andere_uitstroom (cause 3), not at langdurige stabilisatie (a path, issue 14)', () => {
    expect(TERMINAL_CAUSE.andere_uitstroom).toBe(3);
    expect(TERMINAL_CAUSE.langdurige_stabilisatie).toBeUndefined();
    expect(TRAJECTORY_ENDS).toContain('andere_uitstroom');
    expect(Object.entries(TERMINAL_CAUSE).sort()).toEqual([
      ['andere_oplossing', 3],
      ['andere_uitstroom', 3],
      ['gereed_voor_schuldregeling', 1],
      ['informatie_advies', 3],
      ['uitval', 2],
    ]);
  });
  it('knows gestabiliseerd as an outcome metric made of gereed and langdurige stabilisatie', () => {
    expect(METRICS).toContain('gestabiliseerd');
    expect(isOutcomeMetric('gestabiliseerd')).toBe(true);
    expect(isOutcomeMetric('uitval')).toBe(true);
    expect(isOutcomeMetric('rapportcijfer')).toBe(false);
    expect(isOutcomeMetric('toString')).toBe(false);
    expect(metricMilestones('gestabiliseerd')).toEqual(['gereed_voor_schuldregeling', 'langdurige_stabilisatie']);
    expect(metricMilestones('uitval')).toEqual(['uitval']);
    expect(curveCause('gestabiliseerd')).toBeUndefined();
  });
  it('orders phases along the journey, never alphabetically', () => {
    const alphabetical = [...PHASES].sort();
    expect(alphabetical).not.toEqual([...PHASES]); // the test could fail
    expect(inJourneyOrder(alphabetical, (p) => p)).toEqual([
      'aanmelding',
      'intake',
      'overzicht',
      'optimalisatie',
      'financiele_stabiliteit',
    ]);
    const rows = [
      { phase: 'intake', item: 'b' },
      { phase: 'onbekend', item: 'x' },
      { phase: 'aanmelding', item: 'a' },
      { phase: 'intake', item: 'a' },
    ];
    expect(inJourneyOrder(rows, (r) => r.phase)).toEqual([rows[2], rows[0], rows[3], rows[1]]);
    expect(phaseRank('onbekend')).toBe(PHASES.length);
  });
});
