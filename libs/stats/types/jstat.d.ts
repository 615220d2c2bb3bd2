// Minimal type declarations for the parts of jstat 1.9.6 that @living-lab/stats uses.
// jstat ships no types of its own.
declare module 'jstat' {
  interface StudentT {
    /** Quantile of Student's t with `dof` degrees of freedom (Newton on the incomplete beta, ~1e-8). */
    inv(p: number, dof: number): number;
  }
  interface Normal {
    /** Quantile of N(mean, sd). */
    inv(p: number, mean: number, sd: number): number;
  }
  export const jStat: { studentt: StudentT; normal: Normal };
}
