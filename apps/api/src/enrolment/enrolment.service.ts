import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AllocationService, type Allocation } from '../allocation/allocation.service';
import { AuditService } from '../audit/audit.service';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import { badField } from '../common/problems';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { notFound } from '../experiments/experiments.service';
import type { EnrolDto } from './enrolment.dto';
import { EnrolmentRepository, type EnrolmentView } from './enrolment.repository';

const gemeenteNotFound = (code: string) => ({ statusCode: 404, message: `Gemeente "${code}" bestaat niet.` });

@Injectable()
export class EnrolmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: EnrolmentRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly gemeenten: GemeentenRepository,
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
   * Throws the same HTTP exceptions as the API; an import turns them into row problems.
   */
  async enrolWithin(
    m: EntityManager,
    user: AuthUser,
    key: string,
    dto: EnrolDto,
  ): Promise<{ created: boolean; body: EnrolmentView }> {
    assertGemeenteAccess(user, dto.gemeente);
    const plan = await this.experiments.assignmentPlan(m, key, 'share');
    if (!plan) throw notFound(key);
    if (!(await this.gemeenten.exists(dto.gemeente, m))) throw new NotFoundException(gemeenteNotFound(dto.gemeente));
    if (!plan.gemeenten.includes(dto.gemeente))
      throw badField('gemeente', `Gemeente "${dto.gemeente}" doet niet mee aan dit experiment.`);
    if (plan.status !== 'running')
      throw new ConflictException({ statusCode: 409, message: 'Inschrijven kan alleen als het experiment loopt.' });
    if (plan.start && dto.enrolledOn < plan.start)
      throw badField('enrolledOn', `Het experiment begon op ${plan.start}; inschrijven kan vanaf die datum.`);
    if (plan.end && dto.enrolledOn > plan.end) throw badField('enrolledOn', `Het experiment eindigde op ${plan.end}.`);
    if (dto.arm !== undefined && plan.allocation === 'platform')
      throw badField('arm', 'Bij dit experiment kiest het platform de arm. Laat arm leeg.');
    if (dto.arm === undefined && plan.allocation === 'external')
      throw badField('arm', 'Bij dit experiment geeft u zelf de arm op.');
    if (dto.arm !== undefined && !plan.arms.some((a) => a.key === dto.arm))
      throw badField('arm', `Onbekende arm. Kies uit: ${plan.arms.map((a) => a.key).join(', ')}.`);

    // Everything that can refuse comes before the first write; the design's arm from reads only.
    let prepared: Awaited<ReturnType<AllocationService['prepare']>>;
    try {
      prepared = await this.allocation.prepare(m, plan, dto);
    } catch (err) {
      // A repeat of an enrolled participant answers with the stored enrolment, whatever the date now.
      if (!(await this.repo.findByRef(m, key, dto.gemeente, dto.participantRef))) throw err;
      prepared = { method: 'external', arm: null };
    }
    // The upsert locks the participant row: simultaneous requests for one participant queue here,
    // so a repeat sees the stored enrolment and never takes a second permuted-block slot.
    const participantId = await this.repo.upsertParticipant(m, dto);
    const existing = await this.repo.find(m, key, participantId);
    if (existing) {
      if (plan.allocation === 'external' && existing.arm !== dto.arm)
        throw new ConflictException({
          statusCode: 409,
          message: `Deze deelnemer is al ingeschreven in arm "${existing.arm}".`,
        });
      return { created: false, body: existing };
    }
    let a: Allocation = { method: prepared.method, arm: prepared.arm!, stratum: null, stratumId: null, slot: null };
    if (prepared.method === 'permuted_blocks') {
      const klantprofiel = dto.klantprofiel ?? (await this.allocation.klantprofiel(m, participantId));
      a = { method: prepared.method, ...(await this.allocation.takeSlot(m, plan, dto.gemeente, klantprofiel)) };
    }
    const { created, enrolment } = await this.repo.insertOnce(m, {
      experiment: key,
      participantId,
      arm: a.arm,
      enrolledOn: dto.enrolledOn,
      by: user.id,
    });
    if (!created) {
      // Cannot happen while the participant row is locked; never keep a slot for a non-enrolment.
      if (a.slot)
        throw new ConflictException({
          statusCode: 409,
          message: 'Deze deelnemer werd tegelijk ingeschreven. Probeer het opnieuw.',
        });
      if (plan.allocation === 'external' && enrolment.arm !== dto.arm)
        throw new ConflictException({
          statusCode: 409,
          message: `Deze deelnemer is al ingeschreven in arm "${enrolment.arm}".`,
        });
      return { created, body: enrolment };
    }
    await this.allocation.record(m, user, plan, a, {
      participantId,
      gemeente: dto.gemeente,
      participantRef: dto.participantRef,
      enrolledOn: dto.enrolledOn,
    });
    await this.audit.record(m, {
      actor: user.username,
      action: 'enrol',
      entity: 'enrolment',
      entityId: `${key}/${dto.gemeente}/${dto.participantRef}`,
      after: enrolment,
    });
    return { created, body: enrolment };
  }

  list(key: string, filter: { gemeente?: string; arm?: string }, limit: number, offset: number) {
    return this.repo.list(key, filter, limit, offset);
  }
}
