import { runAsSystem } from '@living-lab/db';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HashAssigner } from '@living-lab/assignment';
import {
  DEMO_GEMEENTE_CONTEXT,
  demoGemeenten,
  demoUsers,
  generateDemoSeed,
  type DemoSeed,
  type SeedUser,
} from '@living-lab/seeds';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { SeedRepository } from './seed.repository';

export interface CreatedLogin {
  username: string;
  role: string;
  gemeente?: string;
  /** Shown once; undefined when it came from the environment. */
  password?: string;
}

/**
 * The first start: the `admin` account, and on a demo installation the six demo gemeenten,
 * one account per role and the synthetic cohort (seeds/). Runs only on an empty database.
 */
@Injectable()
export class SeedService {
  constructor(
    private readonly ds: DataSource,
    private readonly experiments: ExperimentsRepository,
    private readonly audit: AuditService,
    private readonly repo: SeedRepository,
  ) {}

  isEmpty(): Promise<boolean> {
    return this.repo.isEmpty(this.ds.manager);
  }

  /**
   * Creates `admin` (password from LAB_ADMIN_PASSWORD or generated) and, with `demo`, the demo
   * gemeenten and one user per role (password from LAB_DEMO_PASSWORD or generated per user).
   */
  async seedAccounts(opts: { demo: boolean; adminPassword?: string; demoPassword?: string }): Promise<CreatedLogin[]> {
    const gemeenten = opts.demo ? demoGemeenten() : [];
    const users: SeedUser[] = opts.demo ? demoUsers() : [{ username: 'admin', role: 'beheerder' }];
    if (!users.some((u) => u.username === 'admin')) users.unshift({ username: 'admin', role: 'beheerder' });
    const logins: CreatedLogin[] = users.map((u) => {
      const fromEnv = u.username === 'admin' ? opts.adminPassword : opts.demoPassword;
      return { ...u, password: fromEnv ? undefined : randomBytes(12).toString('base64url') };
    });
    const hashes = await Promise.all(
      logins.map((l) =>
        hashPassword(l.password ?? (l.username === 'admin' ? opts.adminPassword! : opts.demoPassword!)),
      ),
    );
    await this.ds.transaction(async (m) => {
      for (const g of gemeenten) await this.repo.insertGemeente(m, g);
      for (const c of opts.demo ? DEMO_GEMEENTE_CONTEXT : []) await this.repo.insertContext(m, c);
      for (const [i, l] of logins.entries())
        await this.repo.insertUser(m, {
          username: l.username,
          passwordHash: hashes[i],
          role: l.role,
          gemeente: l.gemeente ?? null,
        });
      await this.audit.record(m, {
        actor: 'system',
        action: 'seed_accounts',
        entity: 'app_user',
        after: { users: logins.map((l) => l.username), gemeenten: gemeenten.length },
      });
    });
    return logins;
  }

  /** Loads the synthetic cohort into the running experiments, with the platform's real assignment. */
  async seedCohort(
    seedNumber?: number,
  ): Promise<{ participants: number; enrolments: number; events: number; beleving: number }> {
    // System work: the cohort spans every gemeente (row-level security).
    return runAsSystem(() =>
      this.ds.transaction(async (m) => {
        const list = await this.experiments.list({}, 1000, 0);
        const plans = new Map<string, Awaited<ReturnType<ExperimentsRepository['assignmentPlan']>>>();
        for (const e of list.items) plans.set(e.key, await this.experiments.assignmentPlan(m, e.key));
        const assigner = new HashAssigner();
        const data = generateDemoSeed({
          seed: seedNumber,
          experiments: list.items,
          assignArm: (key, gemeente, participantRef) => {
            const plan = plans.get(key)!;
            return assigner.assign({ experimentKey: key, seed: plan.seed, arms: plan.arms, gemeente, participantRef });
          },
        });
        await this.insertCohort(m, data);
        const counts = {
          participants: data.participants.length,
          enrolments: data.enrolments.length,
          events: data.events.length,
          beleving: data.beleving.length,
        };
        await this.audit.record(m, { actor: 'system', action: 'seed_cohort', entity: 'participant', after: counts });
        return counts;
      }),
    );
  }

  /** Bulk insert with unnest: a few statements for thousands of rows (also used by tests to load fixtures). */
  insertCohort(m: EntityManager, d: DemoSeed): Promise<void> {
    return this.repo.insertCohort(m, d);
  }
}
