import { sampleRatioMismatch, srmApplies } from './srm';

describe('the SRM rule', () => {
  it('applies to participant-level randomisation only', () => {
    expect(srmApplies('individual_randomized')).toBe(true);
    for (const d of ['cluster_randomized', 'stepped_wedge', 'historical_control', 'concurrent_control'])
      expect(srmApplies(d)).toBe(false);
    expect(sampleRatioMismatch('cluster_randomized', [10, 90], [1, 1])).toBeNull();
  });
  it('is silent before anyone is enrolled and flags p < 0.001 against the weights', () => {
    expect(sampleRatioMismatch('individual_randomized', [0, 0], [1, 1])).toBeNull();
    // 60 against 140 at 1:1: chi-square (40² + 40²) / 100 = 32 on 1 df, p = 2·(1 − Φ(√32)) = 1.54e-8
    expect(sampleRatioMismatch('individual_randomized', [50, 50], [1, 1])).toMatchObject({
      pValue: 1,
      mismatch: false,
    });
    const off = sampleRatioMismatch('individual_randomized', [60, 140], [1, 1])!;
    expect(off.mismatch).toBe(true);
    expect(off.pValue).toBeCloseTo(1.54e-8, 9);
    expect(off).toMatchObject({ chiSquare: 32, df: 1, threshold: 0.001 });
    // 2:1 weights: 100 against 50 is exactly as intended
    expect(sampleRatioMismatch('individual_randomized', [100, 50], [2, 1])).toMatchObject({
      chiSquare: 0,
      mismatch: false,
    });
  });
});
