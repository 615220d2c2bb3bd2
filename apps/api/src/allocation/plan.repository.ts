import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Plan } from './plan-rules';

/** A stored plan version as read from plan_version (pre-registration, issue 5). */
export interface PlanVersionRow {
  version: number;
  hash: string;
  createdAt: string;
  createdBy: string;
  reason: string | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  plan: Plan;
}

/** SQL of the plan versions: append-only, one row per version of an experiment's plan. */
@Injectable()
export class PlanRepository {
  /** Every version of the experiment's plan, oldest first. */
  versions(m: EntityManager, key: string): Promise<PlanVersionRow[]> {
    return m.query(
      `SELECT version, hash, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt", created_by AS "createdBy", reason, changes, plan
       FROM plan_version WHERE experiment_key = $1 ORDER BY version`,
      [key],
    );
  }

  /** Appends a version; version 1 (the plan frozen at start) has no reason and no changes. */
  async insert(
    m: EntityManager,
    v: {
      key: string;
      version: number;
      plan: Plan;
      hash: string;
      actor: string;
      reason?: string;
      changes?: Record<string, { before: unknown; after: unknown }>;
    },
  ): Promise<void> {
    await m.query(
      'INSERT INTO plan_version (experiment_key, version, plan, hash, reason, changes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        v.key,
        v.version,
        JSON.stringify(v.plan),
        v.hash,
        v.reason ?? null,
        v.changes === undefined ? null : JSON.stringify(v.changes),
        v.actor,
      ],
    );
  }
}
