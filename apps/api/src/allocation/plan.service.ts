import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@living-lab/domain';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { planChanges, planHash, planOf } from './plan-rules';
import { PlanRepository, type PlanVersionRow } from './plan.repository';

export type PlanVersion = PlanVersionRow;

/** What a report prints about pre-registration (read by the results/report module). */
export interface PlanSummary {
  frozen: boolean;
  version: number | null;
  hash: string | null;
  frozenAt: string | null;
  preRegistered: { primaryMetric: string; secondaryMetrics: string[] } | null;
  changedAfterStart: boolean;
  changedFields: string[];
  /** Per metric of the current plan: was it in the plan frozen at start? */
  metrics: { metric: string; role: 'primary' | 'secondary'; preRegistered: boolean }[];
}

/**
 * Pre-registration: the plan is frozen (version 1, with its SHA-256 over canonical JSON) when the
 * experiment starts; every later change is a new version with a reason and the changed fields.
 */
@Injectable()
export class PlanService {
  constructor(
    private readonly ds: DataSource,
    private readonly experiments: ExperimentsRepository,
    private readonly repo: PlanRepository,
  ) {}

  /** Freezes the current plan as version 1 (no-op when already frozen). */
  async freeze(m: EntityManager, key: string, actor: string): Promise<PlanVersion> {
    const existing = await this.versions(key, m);
    if (existing.length) return existing[existing.length - 1];
    const e = await this.experiments.get(key, m);
    if (!e) throw new DomainError('experiment.not_found', { params: { key } });
    const plan = planOf(e);
    await this.repo.insert(m, { key, version: 1, plan, hash: planHash(plan), actor });
    return (await this.versions(key, m))[0];
  }

  /** Records an amendment: the new plan as the next version with its reason and changes. */
  async amend(m: EntityManager, key: string, actor: string, reason: string): Promise<PlanVersion> {
    const versions = await this.versions(key, m);
    const last = versions[versions.length - 1];
    const e = await this.experiments.get(key, m);
    const plan = planOf(e!);
    const changes = planChanges(last.plan, plan);
    await this.repo.insert(m, { key, version: last.version + 1, plan, hash: planHash(plan), actor, reason, changes });
    return (await this.versions(key, m))[versions.length];
  }

  async versions(key: string, m: EntityManager = this.ds.manager): Promise<PlanVersion[]> {
    return this.repo.versions(m, key);
  }

  /**
   * For reports: the current plan version and hash, the metrics pre-registered at start and
   * whether (and which) plan fields changed after start.
   */
  async planSummary(key: string, m: EntityManager = this.ds.manager): Promise<PlanSummary> {
    const versions = await this.versions(key, m);
    if (!versions.length)
      return {
        frozen: false,
        version: null,
        hash: null,
        frozenAt: null,
        preRegistered: null,
        changedAfterStart: false,
        changedFields: [],
        metrics: [],
      };
    const first = versions[0].plan as { primaryMetric: string; secondaryMetrics?: string[] };
    const current = versions[versions.length - 1];
    const cur = current.plan as { primaryMetric: string; secondaryMetrics?: string[] };
    const pre = new Set([first.primaryMetric, ...(first.secondaryMetrics ?? [])]);
    const changedFields = [...new Set(versions.slice(1).flatMap((v) => Object.keys(v.changes ?? {})))].sort();
    return {
      frozen: true,
      version: current.version,
      hash: current.hash,
      frozenAt: versions[0].createdAt,
      preRegistered: { primaryMetric: first.primaryMetric, secondaryMetrics: first.secondaryMetrics ?? [] },
      changedAfterStart: versions.length > 1,
      changedFields,
      metrics: [
        {
          metric: cur.primaryMetric,
          role: 'primary' as const,
          preRegistered: cur.primaryMetric === first.primaryMetric,
        },
        ...(cur.secondaryMetrics ?? []).map((metric) => ({
          metric,
          role: 'secondary' as const,
          preRegistered: pre.has(metric),
        })),
      ],
    };
  }
}
