import { curveCause, isRepeatableMilestone, MILESTONES, REPEATABLE_MILESTONES } from './vocabulary';

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
});
