import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { planChanges, planHash, planOf, type Plan } from './plan-rules';

export interface PlanVersion {
  version: number;
  hash: string;
  createdAt: string;
  createdBy: string;
  reason: string | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  plan: Plan;
}

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
  ) {}

  /** Freezes the current plan as version 1 (no-op when already frozen). */
  async freeze(m: EntityManager, key: string, actor: string): Promise<PlanVersion> {
    const existing = await this.versions(key, m);
    if (existing.length) return existing[existing.length - 1];
    const e = await this.experiments.get(key, m);
    if (!e) throw new NotFoundException({ statusCode: 404, message: `Experiment "${key}" bestaat niet.` });
    const plan = planOf(e);
    await m.query(
      'INSERT INTO plan_version (experiment_key, version, plan, hash, created_by) VALUES ($1, 1, $2, $3, $4)',
      [key, JSON.stringify(plan), planHash(plan), actor],
    );
    return (await this.versions(key, m))[0];
  }

  /** Records an amendment: the new plan as the next version with its reason and changes. */
  async amend(m: EntityManager, key: string, actor: string, reason: string): Promise<PlanVersion> {
    const versions = await this.versions(key, m);
    const last = versions[versions.length - 1];
    const e = await this.experiments.get(key, m);
    const plan = planOf(e!);
    const changes = planChanges(last.plan, plan);
    await m.query(
      'INSERT INTO plan_version (experiment_key, version, plan, hash, reason, changes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [key, last.version + 1, JSON.stringify(plan), planHash(plan), reason, JSON.stringify(changes), actor],
    );
    return (await this.versions(key, m))[versions.length];
  }

  async versions(key: string, m: EntityManager = this.ds.manager): Promise<PlanVersion[]> {
    return m.query(
      `SELECT version, hash, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt", created_by AS "createdBy", reason, changes, plan
       FROM plan_version WHERE experiment_key = $1 ORDER BY version`,
      [key],
    );
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
