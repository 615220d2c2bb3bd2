import { clusterSampleSize, sampleSizeTwoProportions } from './index';

/**
 * Planned size with a fixed number of clusters (Hemming et al. 2011). References from R 4.2.2:
 *   n <- power.prop.test(p1 = 0.6, p2 = 0.7, power = 0.8, tol = 1e-12)$n
 *   tot <- n * (1 - rho) / (1 - n * rho / k); c(tot, tot / k, 1 + (tot / k - 1) * rho)
 */
describe('clusterSampleSize', () => {
  const n = sampleSizeTwoProportions({ baseline: 0.6, effect: 0.1 }).control;
  const cases: [k: number, rho: number, total: number, perCluster: number, de: number][] = [
    [3, 0.001, 403.4559520215, 134.4853173405, 1.1334853173],
    [3, 0.005, 870.688798596, 290.229599532, 2.4461479977],
    [10, 0.005, 430.8403641752, 43.0840364175, 1.2104201821],
    [20, 0.001, 362.0299681565, 18.1014984078, 1.0171014984],
  ];
  it.each(cases)('k = %d gemeenten, ICC %d: as R', (k, rho, total, perCluster, de) => {
    const r = clusterSampleSize({ individual: n, icc: rho, clusters: k })!;
    expect(r.total).toBeCloseTo(total, 6);
    expect(r.perCluster).toBeCloseTo(perCluster, 6);
    expect(r.designEffect).toBeCloseTo(de, 8);
    // The design effect is the usual 1 + (m − 1)ρ at the cluster size found.
    expect(r.designEffect).toBeCloseTo(1 + (r.perCluster - 1) * rho, 10);
  });

  it('is the individual size at ICC 0 and null when no cluster size suffices (k ≤ nρ)', () => {
    expect(clusterSampleSize({ individual: n, icc: 0, clusters: 3 })!.total).toBeCloseTo(n, 10);
    expect(clusterSampleSize({ individual: n, icc: 0.01, clusters: 3 })).toBeNull(); // 3 ≤ 3.56
    expect(clusterSampleSize({ individual: n, icc: 0.01, clusters: 4 })).not.toBeNull();
  });

  it('refuses impossible input', () => {
    expect(() => clusterSampleSize({ individual: n, icc: 1, clusters: 3 })).toThrow(/icc/);
    expect(() => clusterSampleSize({ individual: n, icc: 0.1, clusters: 2.5 })).toThrow(/clusters/);
    expect(() => clusterSampleSize({ individual: 0, icc: 0.1, clusters: 3 })).toThrow(/individual/);
  });
});
