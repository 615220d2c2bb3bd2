import { ConflictException, Injectable, NotFoundException, NotImplementedException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HashAssigner } from '@living-lab/assignment';
import { AuditService } from '../audit/audit.service';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import { badField } from '../common/problems';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { ExperimentsRepository, type AssignmentPlan } from '../experiments/experiments.repository';
import { notFound } from '../experiments/experiments.service';
import type { EnrolDto } from './enrolment.dto';
import { EnrolmentRepository, type EnrolmentView } from './enrolment.repository';

const gemeenteNotFound = (code: string) => ({ statusCode: 404, message: `Gemeente "${code}" bestaat niet.` });

@Injectable()
export class EnrolmentService {
  private readonly hash = new HashAssigner();

  constructor(
    private readonly ds: DataSource,
    private readonly repo: EnrolmentRepository,
    private readonly experiments: ExperimentsRepository,
    private readonly gemeenten: GemeentenRepository,
    private readonly audit: AuditService,
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
  async enrolWithin(m: EntityManager, user: AuthUser, key: string, dto: EnrolDto): Promise<{ created: boolean; body: EnrolmentView }> {
    assertGemeenteAccess(user, dto.gemeente);
    const plan = await this.experiments.assignmentPlan(m, key, 'share');
    if (!plan) throw notFound(key);
    if (!(await this.gemeenten.exists(dto.gemeente, m))) throw new NotFoundException(gemeenteNotFound(dto.gemeente));
    if (!plan.gemeenten.includes(dto.gemeente)) throw badField('gemeente', `Gemeente "${dto.gemeente}" doet niet mee aan dit experiment.`);
    if (plan.status !== 'running')
      throw new ConflictException({ statusCode: 409, message: 'Inschrijven kan alleen als het experiment loopt.' });
    if (plan.start && dto.enrolledOn < plan.start) throw badField('enrolledOn', `Het experiment begon op ${plan.start}; inschrijven kan vanaf die datum.`);
    if (plan.end && dto.enrolledOn > plan.end) throw badField('enrolledOn', `Het experiment eindigde op ${plan.end}.`);
    if (dto.arm !== undefined && plan.allocation === 'platform')
      throw badField('arm', 'Bij dit experiment kiest het platform de arm. Laat arm leeg.');
    if (dto.arm === undefined && plan.allocation === 'external')
      throw badField('arm', 'Bij dit experiment geeft u zelf de arm op.');
    if (dto.arm !== undefined && !plan.arms.some((a) => a.key === dto.arm))
      throw badField('arm', `Onbekende arm. Kies uit: ${plan.arms.map((a) => a.key).join(', ')}.`);

    const arm = this.assign(plan, dto);
    const participantId = await this.repo.upsertParticipant(m, dto);
    const { created, enrolment } = await this.repo.insertOnce(m, { experiment: key, participantId, arm, enrolledOn: dto.enrolledOn, by: user.id });
    if (!created && plan.allocation === 'external' && enrolment.arm !== dto.arm)
      throw new ConflictException({ statusCode: 409, message: `Deze deelnemer is al ingeschreven in arm "${enrolment.arm}".` });
    if (created) await this.audit.record(m, { actor: user.username, action: 'enrol', entity: 'enrolment', entityId: `${key}/${dto.gemeente}/${dto.participantRef}`, after: enrolment });
    return { created, body: enrolment };
  }

  /** The seam for other designs (permuted blocks, cluster, stepped wedge, historical control). */
  private assign(plan: AssignmentPlan, dto: EnrolDto): string {
    if (plan.allocation === 'external') return dto.arm!;
    if (plan.design === 'individual_randomized' && plan.randomization === 'hash') {
      return this.hash.assign({ experimentKey: plan.key, seed: plan.seed, arms: plan.arms, gemeente: dto.gemeente, participantRef: dto.participantRef });
    }
    throw new NotImplementedException({ statusCode: 501, message: `Toewijzing voor ontwerp ${plan.design} met ${plan.randomization} komt nog. Gebruik allocation: external.` });
  }

  list(key: string, filter: { gemeente?: string; arm?: string }, limit: number, offset: number) {
    return this.repo.list(key, filter, limit, offset);
  }
}
