import { FUNNEL_MILESTONES, FUNNEL_STEP_MILESTONE, FUNNEL_STEPS, MILESTONE_FUNNEL_STEP } from './funnel';

describe('the funnel', () => {
  it('counts one milestone per step, every exit of the journey included', () => {
    expect([...FUNNEL_MILESTONES].sort()).toEqual([...Object.values(FUNNEL_STEP_MILESTONE)].sort());
    expect(FUNNEL_STEPS.filter((s) => s !== 'caseload_fte').sort()).toEqual(Object.keys(FUNNEL_STEP_MILESTONE).sort());
    expect(FUNNEL_MILESTONES).toContain('andere_oplossing');
    expect(FUNNEL_MILESTONES).toContain('andere_uitstroom');
    for (const m of FUNNEL_MILESTONES) expect(FUNNEL_STEP_MILESTONE[MILESTONE_FUNNEL_STEP[m]]).toBe(m);
  });
});
