import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  EXPERIMENT_STATUSES, normalizeExperimentDefinition, validateExperimentDefinition,
  type ExperimentDefinition, type ExperimentStatus,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { BadInputException, badField } from '../common/problems';
import { ExperimentsRepository, type Experiment } from './experiments.repository';

/** The lifecycle: which status may follow which. */
export const TRANSITIONS: Record<ExperimentStatus, ExperimentStatus[]> = {
  draft: ['running'],
  running: ['paused', 'stopped', 'completed'],
  paused: ['running', 'stopped', 'completed'],
  stopped: ['completed'],
  completed: [],
};

const STATUS_LABEL: Record<ExperimentStatus, string> = {
  draft: 'concept', running: 'loopt', paused: 'gepauzeerd', stopped: 'gestopt', completed: 'afgerond',
};

const DEFINITION_FIELDS = [
  'title', 'hypothesis', 'interventionPhase', 'design', 'allocation', 'randomization', 'arms', 'primaryMetric',
  'secondaryMetrics', 'followUpDays', 'expectedBaseline', 'minimumEffect', 'plannedLooks', 'armCost', 'gemeenten', 'start', 'end',
] as const;

export const notFound = (key: string) => new NotFoundException({ statusCode: 404, message: `Experiment "${key}" bestaat niet.` });

@Injectable()
export class ExperimentsService {
  constructor(private readonly ds: DataSource, private readonly repo: ExperimentsRepository, private readonly audit: AuditService) {}

  list(filter: { gemeente?: string; status?: string }, limit: number, offset: number) {
    if (filter.status && !EXPERIMENT_STATUSES.includes(filter.status as ExperimentStatus))
      throw badField('status', `Kies een van: ${EXPERIMENT_STATUSES.join(', ')}.`);
    return this.repo.list(filter, limit, offset);
  }

  async get(key: string, gemeente?: string): Promise<Experiment> {
    const e = await this.repo.get(key);
    // A gemeente user does not learn of experiments their gemeente takes no part in.
    if (!e || (gemeente && !e.gemeenten.includes(gemeente))) throw notFound(key);
    return e;
  }

  /** Validates a definition and checks its gemeenten exist; throws 400 with every problem. */
  async checkDefinition(m: EntityManager, input: unknown): Promise<ExperimentDefinition> {
    const problems = validateExperimentDefinition(input);
    if (problems.length) throw new BadInputException(problems);
    const d = normalizeExperimentDefinition(input as Record<string, unknown>);
    const unknown = await this.repo.unknownGemeenten(m, d.gemeenten);
    if (unknown.length) throw badField('gemeenten', `Onbekende gemeente: ${unknown.join(', ')}.`);
    return d;
  }

  create(actor: AuthUser, body: Record<string, unknown>) {
    return this.ds.transaction(async (m) => {
      const { status, ...rest } = body;
      const d = await this.checkDefinition(m, rest);
      if (status !== undefined && status !== 'draft') throw badField('status', 'Een nieuw experiment begint als concept (draft). Start het daarna.');
      if (await this.repo.get(d.key, m)) throw new ConflictException({ statusCode: 409, message: `Experiment "${d.key}" bestaat al. Een key wordt nooit opnieuw gebruikt.` });
      await this.repo.save(m, d, { status: 'draft', source: 'api', replaceArms: true });
      const after = await this.repo.get(d.key, m);
      await this.audit.record(m, { actor: actor.username, action: 'create', entity: 'experiment', entityId: d.key, after });
      return after!;
    });
  }

  /**
   * PATCH: plan fields may change only while the experiment is a draft (amendments after start
   * come with pre-registration); `status` moves it through its lifecycle.
   */
  update(actor: AuthUser, key: string, body: Record<string, unknown>) {
    return this.ds.transaction(async (m) => {
      const plan = await this.repo.assignmentPlan(m, key, 'update');
      const before = await this.repo.get(key, m);
      if (!plan || !before) throw notFound(key);
      if (body.key !== undefined && body.key !== key) throw badField('key', 'De key van een experiment kan niet veranderen.');
      const changes = Object.keys(body).filter((k) => k !== 'status' && k !== 'key');
      if (changes.length) {
        if (before.status !== 'draft')
          throw new ConflictException({ statusCode: 409, message: `Het plan kan alleen veranderen zolang het experiment een concept is; dit experiment ${STATUS_LABEL[before.status]}.` });
        const merged: Record<string, unknown> = { key };
        for (const f of DEFINITION_FIELDS) if ((before as unknown as Record<string, unknown>)[f] !== undefined) merged[f] = (before as unknown as Record<string, unknown>)[f];
        for (const f of changes) merged[f] = body[f] === null ? undefined : body[f];
        const d = await this.checkDefinition(m, merged);
        await this.repo.save(m, d, { status: 'draft', source: 'api', replaceArms: before.enrolled === 0 });
      }
      if (body.status !== undefined && body.status !== before.status) {
        const to = body.status as ExperimentStatus;
        if (!EXPERIMENT_STATUSES.includes(to)) throw badField('status', `Kies een van: ${EXPERIMENT_STATUSES.join(', ')}.`);
        if (!TRANSITIONS[before.status].includes(to))
          throw new ConflictException({ statusCode: 409, message: `Van ${STATUS_LABEL[before.status]} naar ${STATUS_LABEL[to]} kan niet.` });
        await this.repo.setStatus(m, key, to);
      }
      const after = await this.repo.get(key, m);
      await this.audit.record(m, { actor: actor.username, action: 'update', entity: 'experiment', entityId: key, before, after });
      return after!;
    });
  }
}
