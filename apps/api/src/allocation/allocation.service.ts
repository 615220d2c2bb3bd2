import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AllocationDesignError,
  HashAssigner,
  allocateClusters,
  blockSizesFor,
  generateSequence,
  historicalArm,
  steppedWedgeSchedule,
  stratumKey,
  wedgeArm,
} from '@living-lab/assignment';
import { DESIGN_LABELS, DomainError, endless, fieldError, KLANTPROFIELEN, labelOf } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { ExperimentsRepository, type AssignmentPlan, type Experiment } from '../experiments/experiments.repository';
import { AllocationRepository } from './allocation.repository';
import { PlanService } from './plan.service';

export type AllocationMethod =
  'hash' | 'permuted_blocks' | 'cluster' | 'stepped_wedge' | 'historical_control' | 'external';

/** Version tag of the generators, recorded with every run so that an auditor knows how to reproduce it. */
export const ALGORITHM =
  'living-lab/assignment v1: sfc32 seeded by SHA-256(seed, label); Fisher-Yates; blocks per (seed, stratum, block index)';
/** Slots generated per stratum at start; a stratum is extended by whole blocks when it runs out. */
const INITIAL_SLOTS = 120;
const EXTEND_SLOTS = 60;

export function methodOf(p: { design: string; allocation: string; randomization: string }): AllocationMethod | null {
  if (p.allocation === 'external') return 'external';
  switch (p.design) {
    case 'individual_randomized':
      return p.randomization === 'permuted_blocks' ? 'permuted_blocks' : 'hash';
    case 'cluster_randomized':
      return 'cluster';
    case 'stepped_wedge':
      return 'stepped_wedge';
    case 'historical_control':
      return 'historical_control';
    default:
      return null; // concurrent_control: the platform does not choose; the arm comes with the enrolment
  }
}

const twoArms = (arms: { key: string; control: boolean }[]) => ({
  control: arms.find((a) => a.control)!.key,
  intervention: arms.find((a) => !a.control)!.key,
});

const cannotStart = (reasons: string) =>
  new DomainError('allocation.cannot_start', { params: { reasons: endless(reasons) } });
const notFound = (key: string) => new DomainError('experiment.not_found', { params: { key } });

/**
 * What the enrolment's first statement already read for its gemeente (EnrolmentRepository.begin):
 * the periods of a historical control and the cluster row of a cluster or stepped-wedge design.
 * Absent: none stored.
 */
export interface PrefetchedAllocation {
  periods?: { nulmeting: { start: string; end: string }; eenmeting: { start: string; end: string } };
  cluster?: { arm: string | null; crossoverOn: string | null };
}

export interface Allocation {
  method: AllocationMethod;
  arm: string;
  stratum: string | null;
  stratumId: string | null;
  slot: number | null;
}

/**
 * The allocation designs of issue 5. At start: a secret seed, and from it the concealed
 * permuted-block sequences, the cluster allocation or the stepped-wedge schedule, plus the frozen
 * plan. At enrolment: the arm (a permuted-block slot is taken under a row lock), and a log entry.
 */
@Injectable()
export class AllocationService {
  private readonly hash = new HashAssigner();

  constructor(
    private readonly ds: DataSource,
    private readonly repo: AllocationRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly plans: PlanService,
    private readonly audit: AuditService,
  ) {}

  /** Why this experiment cannot start (empty: it can). */
  startProblems(e: Experiment, periodsOf: (g: string) => unknown): string[] {
    const method = methodOf(e);
    const out: string[] = [];
    if (method === null) out.push(`Bij design ${e.design} kiest het platform geen arm: zet allocation op external.`);
    if ((method === 'stepped_wedge' || method === 'historical_control') && e.arms.length !== 2)
      out.push(`Een ${e.design} heeft precies twee armen: controle en interventie.`);
    if (method === 'permuted_blocks') {
      try {
        blockSizesFor(e.arms.map((a) => a.weight));
      } catch (err) {
        out.push((err as Error).message);
      }
    }
    if (method === 'cluster' && e.gemeenten.length < e.arms.length)
      out.push(
        `Clusterrandomisatie heeft minstens één gemeente per arm nodig (${e.gemeenten.length} gemeenten, ${e.arms.length} armen).`,
      );
    if (method === 'stepped_wedge') {
      if (!e.start || !e.end) out.push('Een stepped wedge heeft een start- en einddatum nodig.');
      else {
        try {
          steppedWedgeSchedule({
            seed: 'check',
            clusters: e.gemeenten,
            start: e.start,
            end: e.end,
            steps: e.wedgeSteps,
          });
        } catch (err) {
          out.push((err as Error).message);
        }
      }
    }
    if (method === 'historical_control') {
      const missing = e.gemeenten.filter((g) => !periodsOf(g));
      if (missing.length) out.push(`Geef in periods de nulmeting en eenmeting van: ${missing.join(', ')}.`);
    }
    return out;
  }

  /**
   * Starting an experiment (draft → running, or a file that creates it running): draws the secret
   * seed, generates and stores the allocation, freezes the plan. Idempotent: an experiment that
   * already has a run only gets its plan frozen if it was not yet. Throws 409 when it cannot start.
   */
  async start(m: EntityManager, key: string, actor: string): Promise<void> {
    if (await this.repo.run(m, key)) {
      await this.plans.freeze(m, key, actor);
      return;
    }
    const e = await this.experiments.get(key, m);
    if (!e) throw notFound(key);
    const problems = this.startProblems(e, (g) => e.periods?.[g]);
    if (problems.length) throw cannotStart(problems.join(' '));
    const method = methodOf(e)!;
    const seed = randomBytes(32).toString('hex');
    const arms = e.arms.map((a) => ({ key: a.key, weight: a.weight }));
    let blockSizes: number[] | null = null;
    let summary: Record<string, unknown> = {};
    try {
      if (method === 'permuted_blocks') {
        blockSizes = blockSizesFor(arms.map((a) => a.weight)).sizes;
        const profiles: (string | null)[] = e.stratifyByKlantprofiel ? [...KLANTPROFIELEN, null] : [null];
        let slots = 0;
        for (const g of e.gemeenten)
          for (const k of profiles) {
            const stratum = stratumKey(g, k, !!e.stratifyByKlantprofiel);
            await this.repo.insertStratum(m, key, {
              stratum,
              gemeente: g,
              klantprofiel: e.stratifyByKlantprofiel ? (k ?? 'onbekend') : null,
            });
            const row = (await this.repo.lockStratum(m, key, stratum))!;
            const generated = generateSequence(seed, stratum, arms, INITIAL_SLOTS);
            await this.repo.appendSlots(m, row.id, generated);
            slots += generated.length;
          }
        summary = { strata: e.gemeenten.length * profiles.length, slots, blockSizes };
      } else if (method === 'cluster') {
        const sizes = await this.repo.gemeenteSizes(m, e.gemeenten);
        const alloc = allocateClusters({
          seed,
          clusters: e.gemeenten.map((code) => ({ code, size: sizes.get(code) ?? null })),
          arms,
          balanceBySize: e.balanceBySize,
        });
        await this.repo.insertClusters(
          m,
          key,
          alloc.map((c) => ({
            gemeente: c.code,
            arm: c.arm,
            group: c.group,
            step: null,
            crossoverOn: null,
            size: sizes.get(c.code) ?? null,
          })),
        );
        summary = { gemeenten: alloc.length, balanceBySize: !!e.balanceBySize };
      } else if (method === 'stepped_wedge') {
        const schedule = steppedWedgeSchedule({
          seed,
          clusters: e.gemeenten,
          start: e.start!,
          end: e.end!,
          steps: e.wedgeSteps,
        });
        await this.repo.insertClusters(
          m,
          key,
          schedule.map((s) => ({
            gemeente: s.code,
            arm: null,
            group: null,
            step: s.step,
            crossoverOn: s.crossoverOn,
            size: null,
          })),
        );
        summary = { gemeenten: schedule.length, steps: Math.max(...schedule.map((s) => s.step)) };
      }
    } catch (err) {
      if (err instanceof AllocationDesignError) throw cannotStart(err.message);
      throw err;
    }
    await this.repo.insertRun(m, key, {
      seed,
      design: e.design,
      method,
      blockSizes,
      byKlantprofiel: !!e.stratifyByKlantprofiel,
      algorithm: ALGORITHM,
      generatedBy: actor,
    });
    // The audit entry says that and how the allocation was generated, never what it is.
    await this.audit.record(m, {
      actor,
      action: 'generate',
      entity: 'allocation',
      entityId: key,
      after: { method, ...summary },
    });
    const v1 = await this.plans.freeze(m, key, actor);
    await this.audit.record(m, {
      actor,
      action: 'freeze',
      entity: 'plan_version',
      entityId: `${key}/v1`,
      after: { version: 1, hash: v1.hash },
    });
  }

  /**
   * The arm of an enrolment for every design but permuted blocks, from reads only (called before
   * anything is written); for permuted blocks `needsSlot` (the slot is taken after the participant
   * is known to be new). Throws 400 for an enrolment date outside the design's periods. With
   * `prefetched` (the enrolment read them in its first statement) it reads nothing itself.
   */
  async prepare(
    m: EntityManager,
    plan: AssignmentPlan,
    dto: { gemeente: string; participantRef: string; enrolledOn: string; arm?: string },
    prefetched?: PrefetchedAllocation,
  ): Promise<{ method: AllocationMethod; arm: string | null }> {
    const method = methodOf(plan);
    if (method === null)
      throw new DomainError('allocation.external_required', {
        params: { design: labelOf(DESIGN_LABELS, plan.design) },
        field: 'arm',
      });
    if (method === 'external') return { method, arm: dto.arm! };
    if (method === 'hash')
      return {
        method,
        arm: this.hash.assign({
          experimentKey: plan.key,
          seed: plan.seed,
          arms: plan.arms,
          gemeente: dto.gemeente,
          participantRef: dto.participantRef,
        }),
      };
    if (method === 'permuted_blocks') return { method, arm: null };
    if (method === 'historical_control') {
      const periods = prefetched ? prefetched.periods : await this.repo.period(m, plan.key, dto.gemeente);
      if (!periods)
        throw new DomainError('allocation.no_periods', { params: { gemeente: dto.gemeente }, field: 'gemeente' });
      const arm = historicalArm(periods, dto.enrolledOn, twoArms(plan.arms));
      if (!arm)
        throw fieldError('allocation.date_outside_periods', 'enrolledOn', {
          nulmetingStart: periods.nulmeting.start,
          nulmetingEnd: periods.nulmeting.end,
          eenmetingStart: periods.eenmeting.start,
          eenmetingEnd: periods.eenmeting.end,
          gemeente: dto.gemeente,
        });
      return { method, arm };
    }
    const c = prefetched ? prefetched.cluster : await this.repo.cluster(m, plan.key, dto.gemeente);
    if (!c) throw new DomainError('allocation.no_cluster', { params: { gemeente: dto.gemeente }, field: 'gemeente' });
    if (method === 'cluster') return { method, arm: c.arm! };
    return { method, arm: wedgeArm(c.crossoverOn!, dto.enrolledOn, twoArms(plan.arms)) };
  }

  /**
   * Takes the next slot of the participant's stratum. The stratum row is locked FOR UPDATE (and the
   * slot itself too), so simultaneous enrolments in one stratum queue and take consecutive slots;
   * a rolled-back enrolment gives its slot back, so there are no gaps. Extends the stratum by whole
   * blocks from the secret seed when its generated slots run out.
   */
  async takeSlot(
    m: EntityManager,
    plan: AssignmentPlan,
    gemeente: string,
    klantprofiel: string | null,
  ): Promise<{ arm: string; stratum: string; stratumId: string; slot: number }> {
    const run = await this.repo.run(m, plan.key);
    if (!run) throw new DomainError('allocation.no_run');
    const stratum = stratumKey(gemeente, klantprofiel, run.byKlantprofiel);
    let s = await this.repo.lockStratum(m, plan.key, stratum);
    if (!s) {
      // a gemeente added after start (only possible without generated allocation) or a new klantprofiel
      await this.repo.insertStratum(m, plan.key, {
        stratum,
        gemeente,
        klantprofiel: run.byKlantprofiel ? (klantprofiel ?? 'onbekend') : null,
      });
      s = (await this.repo.lockStratum(m, plan.key, stratum))!;
    }
    if (s.nextPosition > s.generatedSlots) {
      const more = generateSequence(
        run.seed,
        stratum,
        plan.arms,
        s.generatedSlots === 0 ? INITIAL_SLOTS : EXTEND_SLOTS,
        s.lastBlock + 1,
        s.generatedSlots + 1,
      );
      await this.repo.appendSlots(m, s.id, more);
    }
    const { position, arm } = await this.repo.takeSlot(m, s);
    return { arm, stratum, stratumId: s.id, slot: position };
  }

  logEntries(key: string) {
    return this.repo.logEntries(key);
  }

  /** Beheerder only: the secret seeds and how to reproduce the allocation. Audited. */
  async revealSeed(user: AuthUser, key: string) {
    return this.ds.transaction(async (m) => {
      const plan = await this.experiments.assignmentPlan(m, key);
      if (!plan) throw notFound(key);
      const run = await this.repo.run(m, key);
      await this.audit.record(m, { actor: user.username, action: 'reveal_seed', entity: 'allocation', entityId: key });
      return {
        experiment: key,
        started: !!run,
        method: run?.method ?? methodOf(plan),
        allocationSeed: run?.seed ?? null,
        hashSeed: methodOf(plan) === 'hash' ? `${key}:${plan.seed}` : null,
        blockSizes: run?.blockSizes ?? null,
        stratifiedByKlantprofiel: run?.byKlantprofiel ?? false,
        algorithm: run?.algorithm ?? null,
        generatedAt: run?.generatedAt ?? null,
        generatedBy: run?.generatedBy ?? null,
        reproduce:
          'GET /api/v1/experiments/{key}/allocation/reproduce regenerates the allocation from these seeds and compares it with what is stored; ' +
          'or call generateSequence(allocationSeed, stratum, arms, n) / allocateClusters / steppedWedgeSchedule of @living-lab/assignment.',
      };
    });
  }

  /**
   * Beheerder only: regenerates everything from the stored seed and compares it with the stored
   * allocation. Returns counts and mismatches only, never a slot.
   */
  async reproduce(key: string) {
    const m = this.ds.manager;
    const plan = await this.experiments.assignmentPlan(m, key);
    const e = await this.experiments.get(key, m);
    if (!plan || !e) throw notFound(key);
    const run = await this.repo.run(m, key);
    if (!run) throw new DomainError('allocation.not_started');
    const out = {
      experiment: key,
      method: run.method,
      reproducible: true,
      compared: 0,
      mismatches: 0,
      details: [] as string[],
    };
    const arms = plan.arms.map((a) => ({ key: a.key, weight: a.weight }));
    if (run.method === 'permuted_blocks') {
      for (const s of await this.repo.strata(m, key)) {
        const stored = await this.repo.allSlotsForAudit(m, s.id);
        const again = generateSequence(run.seed, s.stratum, arms, stored.length);
        stored.forEach((slot, i) => {
          out.compared++;
          const g = again[i];
          if (
            !g ||
            g.arm !== slot.arm ||
            g.blockIndex !== slot.blockIndex ||
            g.blockSize !== slot.blockSize ||
            g.position !== slot.position
          )
            out.mismatches++;
        });
      }
    } else if (run.method === 'cluster' || run.method === 'stepped_wedge') {
      const stored = await this.repo.clusters(m, key);
      const again =
        run.method === 'cluster'
          ? allocateClusters({
              seed: run.seed,
              clusters: stored.map((c) => ({ code: c.gemeente, size: c.size })),
              arms,
              balanceBySize: e.balanceBySize,
            }).map((c) => `${c.code}:${c.arm}:${c.group}`)
          : steppedWedgeSchedule({
              seed: run.seed,
              clusters: stored.map((c) => c.gemeente),
              start: e.start!,
              end: e.end!,
              steps: e.wedgeSteps,
            }).map((c) => `${c.code}:${c.step}:${c.crossoverOn}`);
      const have = stored.map((c) =>
        run.method === 'cluster' ? `${c.gemeente}:${c.arm}:${c.group}` : `${c.gemeente}:${c.step}:${c.crossoverOn}`,
      );
      out.compared = have.length;
      out.mismatches = have.filter((h, i) => h !== again[i]).length + Math.abs(have.length - again.length);
    } else if (run.method === 'hash') {
      for (const r of await this.repo.hashLogged(m, key)) {
        out.compared++;
        if (
          this.hash.assign({
            experimentKey: key,
            seed: plan.seed,
            arms: plan.arms,
            gemeente: r.gemeente,
            participantRef: r.participantRef,
          }) !== r.arm
        )
          out.mismatches++;
      }
      if (!out.compared) out.details.push('Nog geen inschrijvingen met hash-toewijzing om na te rekenen.');
    } else {
      out.details.push(
        'Bij dit ontwerp volgt de arm uit de inschrijving of de periode; er is geen reeks om na te rekenen.',
      );
    }
    out.reproducible = out.mismatches === 0;
    return out;
  }
}
