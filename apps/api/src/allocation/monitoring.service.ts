import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { blockSizesFor } from '@living-lab/assignment';
import {
  count,
  formatWarning,
  sampleRatioMismatch,
  srmApplies,
  warning,
  type SampleRatioMismatch,
  type Warning,
} from '@living-lab/domain';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { AllocationRepository } from './allocation.repository';
import { methodOf } from './allocation.service';

/** Drift threshold for hash randomisation, which has no blocks: the largest block size of permuted blocks. */
export const HASH_DRIFT_THRESHOLD = 6;

export interface StratumMonitoring {
  stratum: string;
  gemeente: string;
  enrolled: number;
  counts: Record<string, number>;
  /** Σ over arms of |enrolled in arm − expected by weight|; permuted blocks keep this ≤ the block size. */
  drift: number;
  threshold: number;
  flagged: boolean;
}

export interface ExperimentMonitoring {
  /** false for designs where participant counts per arm do not follow weights (cluster, stepped wedge, historical and concurrent control: see srmApplies). */
  applicable: boolean;
  enrolled: number;
  counts: Record<string, number>;
  srm: SampleRatioMismatch | null;
  strata: StratumMonitoring[];
  flagged: boolean;
  /** Plain Dutch sentences for the experiment page and the quarterly report (`formatWarning` of each of `warningDetails`). */
  warnings: string[];
  /** The same warnings, coded (libs/domain warnings.ts), so the report's anonymiser can suppress their counts. */
  warningDetails: Warning[];
}

/**
 * Monitoring of randomised enrolment (issue 5): a sample-ratio-mismatch check over all enrolments
 * (chi-square against the weights, flagged at p < 0.001) and per stratum the drift of the arms
 * from their weights, flagged when beyond the block size. Computed from the stored enrolments on
 * every call, so it reflects every enrolment batch (API or import) as soon as it is committed.
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly ds: DataSource,
    private readonly experiments: ExperimentsRepository,
    private readonly repo: AllocationRepository,
  ) {}

  /**
   * The monitoring of one experiment; with `gemeente`, only that gemeente's enrolments and strata
   * (what a gemeente user may see). Returns undefined for an unknown experiment.
   */
  async experimentMonitoring(
    key: string,
    opts: { gemeente?: string } = {},
    m: EntityManager = this.ds.manager,
  ): Promise<ExperimentMonitoring | undefined> {
    const plan = await this.experiments.assignmentPlan(m, key);
    if (!plan) return undefined;
    const method = methodOf(plan);
    const rows = await this.repo.armCountsByStratum(m, key, opts.gemeente);
    const zero = () => Object.fromEntries(plan.arms.map((a) => [a.key, 0])) as Record<string, number>;
    const counts = zero();
    for (const r of rows) counts[r.arm] = (counts[r.arm] ?? 0) + r.n;
    const enrolled = Object.values(counts).reduce((s, x) => s + x, 0);
    const applicable = srmApplies(plan.design);
    const out: ExperimentMonitoring = {
      applicable,
      enrolled,
      counts,
      srm: null,
      strata: [],
      flagged: false,
      warnings: [],
      warningDetails: [],
    };
    const warn = (w: Warning) => {
      out.warningDetails.push(w);
      out.warnings.push(formatWarning(w));
    };
    if (!applicable) return out;

    const weights = plan.arms.map((a) => a.weight);
    const W = weights.reduce((s, w) => s + w, 0);
    const srm = sampleRatioMismatch(
      plan.design,
      plan.arms.map((a) => counts[a.key] ?? 0),
      weights,
    );
    out.srm = srm;
    if (srm?.mismatch) warn(warning('monitoring.srm_mismatch', { pValue: srm.pValue }));

    let threshold = HASH_DRIFT_THRESHOLD;
    if (method === 'permuted_blocks') {
      try {
        threshold = Math.max(...blockSizesFor(weights).sizes);
      } catch {
        /* unblockable weights cannot have started */
      }
    }
    const byStratum = new Map<string, StratumMonitoring>();
    for (const r of rows) {
      const s = byStratum.get(r.stratum) ?? {
        stratum: r.stratum,
        gemeente: r.gemeente,
        enrolled: 0,
        counts: zero(),
        drift: 0,
        threshold,
        flagged: false,
      };
      s.counts[r.arm] = (s.counts[r.arm] ?? 0) + r.n;
      s.enrolled += r.n;
      byStratum.set(r.stratum, s);
    }
    for (const s of byStratum.values()) {
      s.drift =
        Math.round(
          plan.arms.reduce((acc, a) => acc + Math.abs((s.counts[a.key] ?? 0) - (s.enrolled * a.weight) / W), 0) * 1000,
        ) / 1000;
      s.flagged = s.drift > threshold;
      if (s.flagged)
        warn(
          warning('monitoring.stratum_drift', {
            stratum: s.stratum,
            gemeente: s.gemeente,
            arms: plan.arms.map((a) => ({ arm: a.key, n: count(s.counts[a.key] ?? 0) })),
          }),
        );
      out.strata.push(s);
    }
    out.flagged = srm?.mismatch === true || out.strata.some((s) => s.flagged);
    return out;
  }
}
