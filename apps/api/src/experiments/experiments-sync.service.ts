import { runAsSystem } from '@living-lab/db';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { parse } from 'yaml';
import {
  canonicalPlan,
  DomainError,
  isStartedStatus,
  normalizeExperimentDefinition,
  validateExperimentDefinition,
  type ExperimentDefinition,
} from '@living-lab/domain';
import { AllocationService } from '../allocation/allocation.service';
import { amendmentProblems } from '../allocation/plan-rules';
import { PlanService } from '../allocation/plan.service';
import { AuditService } from '../audit/audit.service';
import { ExperimentsRepository } from './experiments.repository';

export interface SyncProblem {
  path: string;
  field: string;
  message: string;
}

export interface SyncResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export class SyncRefusedError extends Error {
  constructor(public readonly problems: SyncProblem[]) {
    super(
      `Experiment files refused, nothing applied:\n${problems.map((p) => `  ${p.path}: ${p.field}: ${p.message}`).join('\n')}`,
    );
  }
}

const sameArms = (a: ExperimentDefinition['arms'], b: ExperimentDefinition['arms']) =>
  a.length === b.length &&
  a.every((x, i) => x.key === b[i].key && x.weight === b[i].weight && !!x.control === !!b[i].control);

/**
 * Syncs `experiments/*.yaml` into the database: all files or none. A file is refused with its
 * path, field and reason; an experiment's arms never change once someone is enrolled; a file's
 * `status` is applied only when the experiment is created (after that the lifecycle is the API's).
 */
@Injectable()
export class ExperimentsSyncService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ExperimentsRepository,
    private readonly audit: AuditService,
    private readonly allocation: AllocationService,
    private readonly plans: PlanService,
  ) {}

  /** Starts (allocation + frozen plan) an experiment that runs; a refusal becomes a file problem. */
  private async startOrProblem(
    m: EntityManager,
    key: string,
    file: string,
    actor: string,
    problems: SyncProblem[],
  ): Promise<void> {
    try {
      await this.allocation.start(m, key, actor);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      problems.push({ path: file, field: 'status', message: e.message });
    }
  }

  async syncDirectory(dir: string, actor = 'system'): Promise<SyncResult> {
    const files = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
      : [];
    const problems: SyncProblem[] = [];
    const parsed: { file: string; def: ExperimentDefinition; status: 'draft' | 'running' }[] = [];
    for (const f of files) {
      const file = path.join(dir, f);
      let doc: unknown;
      try {
        doc = parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push({
          path: file,
          field: '(yaml)',
          message: `Geen geldige YAML: ${(e as Error).message.split('\n')[0]}`,
        });
        continue;
      }
      const own = validateExperimentDefinition(doc);
      if (own.length) {
        own.forEach((p) => problems.push({ path: file, ...p }));
        continue;
      }
      const def = normalizeExperimentDefinition(doc as Record<string, unknown>);
      if (path.basename(f).replace(/\.ya?ml$/, '') !== def.key)
        problems.push({ path: file, field: 'key', message: `De bestandsnaam moet ${def.key}.yaml zijn.` });
      if (parsed.some((p) => p.def.key === def.key))
        problems.push({ path: file, field: 'key', message: `Key "${def.key}" staat ook in een ander bestand.` });
      parsed.push({ file, def, status: (doc as { status?: 'draft' | 'running' }).status ?? 'draft' });
    }
    if (problems.length) throw new SyncRefusedError(problems);

    // The files are the authority over every gemeente's experiments: system work (row-level security).
    return runAsSystem(() =>
      this.ds.transaction(async (m) => {
        const result: SyncResult = { created: [], updated: [], unchanged: [] };
        for (const { file, def, status } of parsed) {
          const unknown = await this.repo.unknownGemeenten(m, def.gemeenten);
          if (unknown.length)
            problems.push({ path: file, field: 'gemeenten', message: `Onbekende gemeente: ${unknown.join(', ')}.` });
          const before = await this.repo.get(def.key, m);
          if (!before) {
            if (!problems.length) {
              await this.repo.save(m, def, { status, source: 'file', replaceArms: true });
              if (status === 'running') await this.startOrProblem(m, def.key, file, actor, problems);
            }
            result.created.push(def.key);
            continue;
          }
          const armsChanged = !sameArms(before.arms, def.arms);
          if (armsChanged && before.enrolled > 0) {
            problems.push({
              path: file,
              field: 'arms',
              message: `De armen veranderen niet meer: er zijn al ${before.enrolled} deelnemers ingeschreven.`,
            });
            continue;
          }
          const started = isStartedStatus(before.status);
          // An experiment that runs has its allocation and frozen plan (also one from before issue 5).
          if (started && !problems.length) await this.startOrProblem(m, def.key, file, actor, problems);
          const { status: _s, source: _src, enrolled: _e, ...current } = before;
          if (
            canonicalPlan(current as unknown as Record<string, unknown>) ===
            canonicalPlan(def as unknown as Record<string, unknown>)
          ) {
            result.unchanged.push(def.key);
            continue;
          }
          if (started) {
            const perGemeente = await this.repo.enrolledPerGemeente(m, def.key);
            const refused = amendmentProblems(before, def, before.enrolled, perGemeente);
            if (refused.length) {
              refused.forEach((p) => problems.push({ path: file, ...p }));
              continue;
            }
          }
          if (!problems.length) {
            await this.repo.save(m, def, { status: before.status, source: 'file', replaceArms: armsChanged });
            await this.audit.record(m, {
              actor,
              action: 'sync',
              entity: 'experiment',
              entityId: def.key,
              before,
              after: def,
            });
            // After start a changed file is an amendment: a new plan version naming the file.
            if (started) await this.plans.amend(m, def.key, actor, `Gewijzigd via bestand ${path.basename(file)}`);
          }
          result.updated.push(def.key);
        }
        if (problems.length) throw new SyncRefusedError(problems); // rolls the transaction back
        for (const key of result.created)
          await this.audit.record(m, {
            actor,
            action: 'sync_create',
            entity: 'experiment',
            entityId: key,
            after: await this.repo.get(key, m),
          });
        return result;
      }),
    );
  }
}
