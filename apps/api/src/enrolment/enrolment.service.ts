import { Injectable } from '@nestjs/common';
import { DomainError, fieldError, type FactSource } from '@living-lab/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AllocationService, type Allocation } from '../allocation/allocation.service';
import { AuditService } from '../audit/audit.service';
import { newParticipantKey, sealReference } from '../audit/participant-seal';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import { notFound } from '../experiments/experiments.service';
import type { EnrolDto } from './enrolment.dto';
import { EnrolmentRepository, type EnrolmentSortField, type EnrolmentView } from './enrolment.repository';

@Injectable()
export class EnrolmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EnrolmentRepository,
    private readonly audit: AuditService,
    private readonly allocation: AllocationService,
  ) {}

  /**
   * Enrols a participant: 201 with the assigned arm, or 200 with the stored arm when the
   * participant was already enrolled (never a new arm). One transaction; the experiment row is
   * share-locked so a status change cannot slip between the check and the insert.
   */
  async enrol(user: AuthUser, key: string, dto: EnrolDto): Promise<{ created: boolean; body: EnrolmentView }> {
    return this.ds.transaction((m) => this.enrolWithin(m, user, key, dto));
  }

  /**
   * The enrolment rules inside a caller's transaction (the API and file imports share them).
   * Throws coded DomainErrors (with the field where one applies); an import turns them into row
   * problems by that field.
   *
   * Two statements for a new enrolment with a design whose arm follows from what is read (hash,
   * cluster, stepped wedge, historical control, external): `begin` (plan, lock, stored enrolment,
   * participant upsert) and `insertEnrolment` (enrolment, allocation log, audit entry). Within the
   * API's transaction that is four round trips with BEGIN and COMMIT, the context riding along with
   * BEGIN (libs/db/src/db-context.ts). Permuted blocks add the slot's reads and locks.
   */
  async enrolWithin(
    m: EntityManager,
    user: AuthUser,
    key: string,
    dto: EnrolDto,
    source: FactSource = 'hand',
  ): Promise<{ created: boolean; body: EnrolmentView }> {
    assertGemeenteAccess(user, dto.gemeente);
    const { plan, gemeenteExists, participant, existing, prefetched } = await this.repo.begin(
      m,
      key,
      dto,
      newParticipantKey(),
      { id: user.id ?? null, username: user.username, source },
    );
    if (!plan) throw notFound(key);
    if (!gemeenteExists)
      throw new DomainError('gemeente.not_found', { field: 'gemeente', params: { gemeente: dto.gemeente } });
    if (!plan.gemeenten.includes(dto.gemeente))
      throw fieldError('enrolment.gemeente_not_in_experiment', 'gemeente', { gemeente: dto.gemeente });
    if (plan.status !== 'running') throw new DomainError('enrolment.not_running');
    if (plan.start && dto.enrolledOn < plan.start)
      throw fieldError('enrolment.before_start', 'enrolledOn', { start: plan.start });
    if (plan.end && dto.enrolledOn > plan.end) throw fieldError('enrolment.after_end', 'enrolledOn', { end: plan.end });
    if (dto.arm !== undefined && plan.allocation === 'platform') throw fieldError('enrolment.arm_not_allowed', 'arm');
    if (dto.arm === undefined && plan.allocation === 'external') throw fieldError('enrolment.arm_required', 'arm');
    if (dto.arm !== undefined && !plan.arms.some((a) => a.key === dto.arm))
      throw fieldError('enrolment.arm_unknown', 'arm', { arms: plan.arms.map((a) => a.key).join(', ') });
    // Running in this gemeente, so `begin` found or created the participant (and locked its row).
    if (!participant) throw new Error(`enrolment of ${key}: participant not written`);

    // A repeat of an enrolled participant answers with the stored enrolment, whatever the date now.
    const stored = (e: EnrolmentView) => {
      if (plan.allocation === 'external' && e.arm !== dto.arm)
        throw new DomainError('enrolment.other_arm', { field: 'arm', params: { arm: e.arm } });
      return { created: false, body: e };
    };
    if (existing) return stored(existing);
    let prepared: Awaited<ReturnType<AllocationService['prepare']>>;
    try {
      prepared = await this.allocation.prepare(m, plan, dto, prefetched);
    } catch (err) {
      // enrolled meanwhile by a simultaneous request: still a repeat
      const now = await this.repo.find(m, key, participant.id);
      if (now) return stored(now);
      throw err;
    }
    let a: Allocation = { method: prepared.method, arm: prepared.arm!, stratum: null, stratumId: null, slot: null };
    if (prepared.method === 'permuted_blocks') {
      // `existing` was read before the participant row was locked: a simultaneous enrolment of this
      // participant may have committed since. Look again before taking a slot, so a repeat never
      // takes a second one.
      const now = await this.repo.find(m, key, participant.id);
      if (now) return stored(now);
      // The stratum takes the profile on the enrolment date (intention to treat), not a later one.
      a = {
        method: prepared.method,
        ...(await this.allocation.takeSlot(m, plan, dto.gemeente, participant.klantprofiel)),
      };
    }
    const enrolment: EnrolmentView = {
      participantRef: dto.participantRef,
      gemeente: dto.gemeente,
      arm: a.arm,
      enrolledOn: dto.enrolledOn,
    };
    // The audit entry names the participant only sealed under its key (erased with the participant).
    const auditKey = participant.key ?? (await this.repo.participantKey(m, participant.id));
    if (!auditKey) throw new Error(`enrolment of ${key}: participant has no audit key`);
    const sealedRef = sealReference(dto.participantRef, auditKey);
    const created = await this.repo.insertEnrolment(m, {
      experiment: key,
      participantId: participant.id,
      arm: a.arm,
      enrolledOn: dto.enrolledOn,
      by: { id: user.id ?? null, username: user.username },
      log: {
        gemeente: dto.gemeente,
        participantRef: dto.participantRef,
        method: a.method,
        stratum: a.stratum,
        slot: a.slot,
      },
      slot: a.stratumId && a.slot ? { stratumId: a.stratumId, position: a.slot } : null,
      audit: {
        actor: user.username,
        action: 'enrol',
        entity: 'enrolment',
        entityId: `${key}/${dto.gemeente}/${sealedRef}`,
        after: { ...enrolment, participantRef: sealedRef },
      },
    });
    if (created) return { created, body: enrolment };
    // Enrolled by a simultaneous request that committed after `begin` read: the unique key decided.
    // Cannot happen with a slot (the participant row is locked and was looked at again).
    if (a.slot) throw new DomainError('enrolment.simultaneous');
    const winner = await this.repo.find(m, key, participant.id);
    if (!winner) throw new Error(`enrolment of ${key}: neither inserted nor found`);
    return stored(winner);
  }

  list(
    key: string,
    filter: { gemeente?: string; arm?: string; sort?: EnrolmentSortField; order?: 'ASC' | 'DESC' },
    limit: number,
    offset: number,
  ) {
    return this.repo.list(key, filter, limit, offset);
  }
}
