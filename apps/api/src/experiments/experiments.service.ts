import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CHANGEABLE_FIELDS,
  DomainError,
  endless,
  EXPERIMENT_STATUSES,
  fieldError,
  invalidInput,
  normalizeExperimentDefinition,
  practiceTemplate,
  STATUS_LABELS,
  STATUS_TRANSITIONS,
  validateExperimentDefinition,
  type ExperimentDefinition,
  type ExperimentStatus,
} from '@living-lab/domain';
import { blockSizesFor } from '@living-lab/assignment';
import { AllocationService } from '../allocation/allocation.service';
import { MonitoringService, type ExperimentMonitoring } from '../allocation/monitoring.service';
import { amendmentProblems } from '../allocation/plan-rules';
import { PlanService } from '../allocation/plan.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { ProposalsRepository } from '../proposals/proposals.repository';
import { ExperimentsRepository, type Experiment } from './experiments.repository';

/** A status as a word in a sentence ("van concept naar loopt"). */
const statusWord = (s: ExperimentStatus) => STATUS_LABELS[s].toLowerCase();

/** Where an experiment can go from a status, in words (without a full stop): Het kan nog naar "Gepauzeerd" of "Gestopt". */
function nextStatuses(from: ExperimentStatus): string {
  const next = STATUS_TRANSITIONS[from].map((s) => `"${STATUS_LABELS[s]}"`);
  if (!next.length) return 'Het kan niet meer veranderen';
  const list = next.length === 1 ? next[0] : `${next.slice(0, -1).join(', ')} of ${next[next.length - 1]}`;
  return `Het kan nog naar ${list}`;
}

export type ExperimentView = Experiment & {
  monitoring: ExperimentMonitoring;
  plan: { version: number; hash: string } | null;
};

export const notFound = (key: string) => new DomainError('experiment.not_found', { params: { key } });

const unknownStatus = () =>
  fieldError('experiment.status_unknown', 'status', {
    statuses: EXPERIMENT_STATUSES.map((s) => `${statusWord(s)} (${s})`).join(', '),
  });

@Injectable()
export class ExperimentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ExperimentsRepository,
    private readonly audit: AuditService,
    private readonly allocation: AllocationService,
    private readonly plans: PlanService,
    private readonly monitoring: MonitoringService,
    private readonly proposals: ProposalsRepository,
  ) {}

  list(filter: { gemeente?: string; status?: string }, limit: number, offset: number) {
    if (filter.status && !EXPERIMENT_STATUSES.includes(filter.status as ExperimentStatus)) throw unknownStatus();
    return this.repo.list(filter, limit, offset);
  }

  async get(key: string, gemeente?: string): Promise<Experiment> {
    const e = await this.repo.get(key);
    // A gemeente user does not learn of experiments their gemeente takes no part in.
    if (!e || (gemeente && !e.gemeenten.includes(gemeente))) throw notFound(key);
    return e;
  }

  /**
   * GET /experiments/{key}: the experiment with its monitoring (SRM, stratum drift; a gemeente
   * user sees their own gemeente's part) and the current plan version and hash.
   */
  async getWithMonitoring(key: string, gemeente?: string): Promise<ExperimentView> {
    return this.withMonitoring(this.ds.manager, await this.get(key, gemeente), gemeente);
  }

  /** Every single-experiment answer (GET, POST, PATCH) has the same shape: the experiment, its plan version and monitoring. */
  private async withMonitoring(m: EntityManager, e: Experiment, gemeente?: string): Promise<ExperimentView> {
    const summary = await this.plans.planSummary(e.key, m);
    const monitoring = (await this.monitoring.experimentMonitoring(e.key, { gemeente }, m))!;
    return { ...e, plan: summary.frozen ? { version: summary.version!, hash: summary.hash! } : null, monitoring };
  }

  /** Validates a definition and checks its gemeenten exist; throws 400 with every problem. */
  async checkDefinition(m: EntityManager, input: unknown): Promise<ExperimentDefinition> {
    const problems = validateExperimentDefinition(input);
    if (problems.length) throw invalidInput(problems);
    const d = normalizeExperimentDefinition(input as Record<string, unknown>);
    const unknown = await this.repo.unknownGemeenten(m, d.gemeenten);
    if (unknown.length) throw fieldError('experiment.unknown_gemeente', 'gemeenten', { gemeenten: unknown.join(', ') });
    if (d.randomization === 'permuted_blocks' && d.design === 'individual_randomized') {
      try {
        blockSizesFor(d.arms.map((a) => a.weight));
      } catch (e) {
        throw fieldError('experiment.weights_not_blockable', 'arms', { reason: endless((e as Error).message) });
      }
    }
    return d;
  }

  /** POST /experiments: a draft by a projectleider or beheerder, a proposal by a gemeente user. */
  create(actor: AuthUser, body: Record<string, unknown>) {
    if (actor.role === 'gemeente') return this.propose(actor, body);
    return this.ds.transaction(async (m) => {
      const { status, ...rest } = body;
      const d = await this.checkDefinition(m, rest);
      if (status !== undefined && status !== 'draft') throw fieldError('experiment.create_not_draft', 'status');
      if (await this.repo.get(d.key, m))
        throw new DomainError('experiment.exists', { params: { key: d.key }, field: 'key' });
      await this.repo.save(m, d, { status: 'draft', source: 'api', replaceArms: true });
      const after = await this.repo.get(d.key, m);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'create',
        entity: 'experiment',
        entityId: d.key,
        after,
      });
      return this.withMonitoring(m, after!);
    });
  }

  /**
   * A gemeente proposes an experiment for its own gemeente (issue 16): stored with the status
   * `proposed` and a proposal row (with the optional `motivation` and the `template` it started
   * from) that a projectleider answers. `gemeenten` defaults to the user's own; any other is refused.
   */
  private propose(actor: AuthUser, body: Record<string, unknown>) {
    return this.ds.transaction(async (m) => {
      const { status, motivation, template, ...rest } = body;
      const own = actor.gemeente!;
      if (status !== undefined && status !== 'proposed') throw fieldError('proposal.status_fixed', 'status');
      if (rest.gemeenten === undefined) rest.gemeenten = [own];
      else if (Array.isArray(rest.gemeenten) && rest.gemeenten.some((g) => g !== own))
        throw new DomainError('proposal.own_gemeente_only', { field: 'gemeenten' });
      const problems: { field: string; message: string }[] = [];
      if (motivation !== undefined && (typeof motivation !== 'string' || motivation.length > 4000))
        problems.push({ field: 'motivation', message: 'Schrijf de toelichting als tekst van hoogstens 4000 tekens.' });
      if (template !== undefined && (typeof template !== 'string' || !practiceTemplate(template)))
        problems.push({ field: 'template', message: 'Onbekend sjabloon.' });
      if (problems.length) throw invalidInput(problems);
      const d = await this.checkDefinition(m, rest);
      if (await this.repo.get(d.key, m))
        throw new DomainError('experiment.exists', { params: { key: d.key }, field: 'key' });
      await this.repo.save(m, d, { status: 'proposed', source: 'api', replaceArms: true });
      const proposal = await this.proposals.insert(m, {
        kind: 'experiment',
        experiment: d.key,
        gemeente: own,
        proposedBy: actor.username,
        motivation: typeof motivation === 'string' && motivation.trim() ? motivation.trim() : undefined,
        template: template as string | undefined,
      });
      const after = await this.repo.get(d.key, m);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'propose',
        entity: 'experiment',
        entityId: d.key,
        after: { ...after, proposal },
      });
      return { ...(await this.withMonitoring(m, after!, own)), proposal };
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
      if (body.key !== undefined && body.key !== key) throw fieldError('experiment.key_immutable', 'key');
      // A decision on a proposal may carry its reason (shown to the gemeente); it is no plan field.
      const deciding = before.status === 'proposed';
      const changes = Object.keys(body).filter((k) => k !== 'status' && k !== 'key' && !(deciding && k === 'reason'));
      if (changes.length) {
        if (before.status !== 'draft')
          throw new DomainError('experiment.plan_frozen', {
            params: { key, state: statusWord(before.status) },
          });
        const merged: Record<string, unknown> = { key };
        for (const f of CHANGEABLE_FIELDS)
          if ((before as unknown as Record<string, unknown>)[f] !== undefined)
            merged[f] = (before as unknown as Record<string, unknown>)[f];
        for (const f of changes) merged[f] = body[f] === null ? undefined : body[f];
        const d = await this.checkDefinition(m, merged);
        await this.repo.save(m, d, { status: 'draft', source: 'api', replaceArms: before.enrolled === 0 });
      }
      if (body.status !== undefined && body.status !== before.status) {
        const to = body.status as ExperimentStatus;
        if (!EXPERIMENT_STATUSES.includes(to)) throw unknownStatus();
        if (!STATUS_TRANSITIONS[before.status].includes(to))
          throw new DomainError('experiment.transition_invalid', {
            params: { from: STATUS_LABELS[before.status], to: STATUS_LABELS[to], next: nextStatuses(before.status) },
            field: 'status',
          });
        if (deciding) await this.decideProposal(m, actor, key, to, body.reason);
        await this.repo.setStatus(m, key, to);
        // Starting freezes the plan and generates the concealed allocation, in this transaction.
        if (before.status === 'draft' && to === 'running') await this.allocation.start(m, key, actor.username);
      }
      const after = await this.repo.get(key, m);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'update',
        entity: 'experiment',
        entityId: key,
        before,
        after,
      });
      return this.withMonitoring(m, after!);
    });
  }

  /**
   * Approving (→ draft) or declining a gemeente's proposal: never by its proposer; a decline needs
   * a reason, which the gemeente sees with the answer.
   */
  private async decideProposal(m: EntityManager, actor: AuthUser, key: string, to: ExperimentStatus, reason: unknown) {
    const proposal = await this.proposals.forExperiment(m, key);
    if (!proposal) return;
    if (proposal.proposedBy === actor.username) throw new DomainError('proposal.own_decision');
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (reason !== undefined && typeof reason !== 'string') throw fieldError('proposal.reason_required', 'reason');
    if (to === 'declined' && text.length < 5) throw fieldError('proposal.reason_required', 'reason');
    if (text.length > 4000) throw fieldError('proposal.comment_invalid', 'reason');
    await this.proposals.decide(m, proposal.id, {
      state: to === 'draft' ? 'approved' : 'declined',
      by: actor.username,
      reason: text || null,
    });
  }

  /**
   * POST /experiments/{key}/amendments: a change of the plan after start. Validated like a PATCH,
   * refused (409) when it touches what is frozen (design, the allocation, removing an arm once
   * anyone is enrolled); applied with a new plan version, its reason and an audit entry.
   */
  amend(actor: AuthUser, key: string, body: Record<string, unknown>) {
    return this.ds.transaction((m) => this.amendIn(m, actor, key, body));
  }

  /** An amendment inside the caller's transaction (a join request approved becomes one). */
  async amendIn(m: EntityManager, actor: AuthUser, key: string, body: Record<string, unknown>) {
    const plan = await this.repo.assignmentPlan(m, key, 'update');
    const before = await this.repo.get(key, m);
    if (!plan || !before) throw notFound(key);
    const problems: { field: string; message: string }[] = [];
    for (const k of Object.keys(body))
      if (k !== 'changes' && k !== 'reason')
        problems.push({ field: k, message: 'Onbekend veld. Stuur changes en reason.' });
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (reason.length < 5)
      problems.push({
        field: 'reason',
        message: 'Verplicht: schrijf op waarom het plan verandert (minstens 5 tekens).',
      });
    const changes = body.changes;
    if (typeof changes !== 'object' || changes === null || Array.isArray(changes) || !Object.keys(changes).length)
      problems.push({
        field: 'changes',
        message: 'Geef de velden die veranderen als object, bijvoorbeeld {"followUpDays": 240}.',
      });
    else
      for (const k of Object.keys(changes)) {
        if (k === 'status' || k === 'key')
          problems.push({
            field: `changes.${k}`,
            message:
              k === 'status' ? 'De status verandert met PATCH, niet met een amendement.' : 'De key verandert nooit.',
          });
        else if (!(CHANGEABLE_FIELDS as readonly string[]).includes(k))
          problems.push({ field: `changes.${k}`, message: 'Onbekend veld.' });
      }
    if (problems.length) throw invalidInput(problems);
    if (before.status === 'draft') throw new DomainError('experiment.amend_draft');
    if (before.status === 'completed') throw new DomainError('experiment.amend_completed');
    const merged: Record<string, unknown> = { key };
    for (const f of CHANGEABLE_FIELDS)
      if ((before as unknown as Record<string, unknown>)[f] !== undefined)
        merged[f] = (before as unknown as Record<string, unknown>)[f];
    for (const [f, v] of Object.entries(changes as Record<string, unknown>)) merged[f] = v === null ? undefined : v;
    const d = await this.checkDefinition(m, merged);
    const perGemeente = await this.repo.enrolledPerGemeente(m, key);
    const refused = amendmentProblems(before, d, before.enrolled, perGemeente);
    if (refused.length)
      throw new DomainError('experiment.amend_refused', {
        params: { refusals: endless(refused.map((p) => `${p.field}: ${p.message}`).join(' ')) },
        problems: refused,
      });
    await this.applyAfterStart(m, before, d);
    const version = await this.plans.amend(m, key, actor.username, reason);
    if (!Object.keys(version.changes ?? {}).length) throw fieldError('experiment.amend_no_change', 'changes');
    const after = await this.repo.get(key, m);
    await this.audit.record(m, {
      actor: actor.username,
      action: 'amend',
      entity: 'experiment',
      entityId: key,
      before,
      after: { ...after, planVersion: version.version, reason },
    });
    return version;
  }

  /** Stores a plan change of a started experiment: names change in place, new arms are appended. */
  async applyAfterStart(m: EntityManager, before: Experiment, d: ExperimentDefinition): Promise<void> {
    await this.repo.save(m, d, { status: before.status, source: before.source, replaceArms: false });
    const added = d.arms.filter((a) => !before.arms.some((b) => b.key === a.key));
    if (added.length) await this.repo.addArms(m, before.key, added);
  }
}
