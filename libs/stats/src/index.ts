/**
 * @living-lab/stats — the pure statistical core of the living lab (contracts.md §5).
 * Every function is pure (no I/O, no global state); see README.md for definitions and references.
 */
export { StatsInputError } from './errors';
export type { Arm, Interval, ProportionComparison, NntResult, ChiSquareResult } from './proportions';
export {
  wilsonInterval,
  newcombeInterval,
  fisherExact,
  chiSquareTest,
  twoProportionZTest,
  probabilityBetter,
  riskRatio,
  oddsRatio,
  compareProportions,
  numberNeededToTreat,
  costPerExtraSuccess,
} from './proportions';
export type { Stratum, MantelHaenszelResult } from './stratified';
export { mantelHaenszel } from './stratified';
export type {
  CompetingRiskRecord,
  GroupedRecord,
  CumulativeIncidencePoint,
  CumulativeIncidenceOptions,
  CumulativeIncidenceCurve,
  CumulativeIncidenceStep,
  KSampleTestResult,
} from './competing-risks';
export { cumulativeIncidence, cumulativeIncidenceCurve, grayTest, logRankTest } from './competing-risks';
export type { WelchResult, MannWhitneyResult, ScoreComparison, ScoreSummary } from './scores';
export { welchTTest, mannWhitney, compareScores, describeScores } from './scores';
export type { AdjustMethod } from './multiplicity';
export { adjustPValues } from './multiplicity';
export type { SampleSizeInput, MdeInput, ClusterSampleSizeInput } from './power';
export { sampleSizeTwoProportions, minimumDetectableEffect, clusterSampleSize } from './power';
export type { SrmResult } from './srm';
export { srmCheck } from './srm';
export { obrienFlemingBoundaries } from './sequential';
export type { ClusterCount, PermutationResult, IccResult } from './cluster';
export { permutationTest, iccAndDesignEffect } from './cluster';
export {
  normalCdf,
  normalUpper,
  normalQuantile,
  chiSquareUpper,
  studentTUpper,
  studentTQuantile,
  logGamma,
} from './special';
export type { SurvivalRecord, KaplanMeierPoint, KaplanMeierResult } from './survival';
export { kaplanMeier } from './survival';
