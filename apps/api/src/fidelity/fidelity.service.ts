import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { armOfDeliveryKind, DomainError, fieldError, type DeliveryDefinition } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import { looksLikeBsn, PARTICIPANT_REF } from '../common/validators';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import { ParticipantsRepository } from '../participants/participants.repository';
import type { RecordDeliveryDto } from './fidelity.dto';
import { FidelityRepository, type DeliveryView } from './fidelity.repository';

/** A delivery with what it means in its experiment: whose arm's kind it is, and whether that is another arm (contamination). */
export interface DeliveryResult extends DeliveryView {
  label: string | null;
  /** the arm whose kind this is */
  arm: string | null;
  /** the kind belongs to another arm than the participant's (counted as contamination) */
  otherArm: boolean;
}

type DeliveryMap = Record<string, DeliveryDefinition>;

/** What a delivery of `kind` means for a participant of `arm`. */
export function describeDelivery(d: DeliveryView, delivery: DeliveryMap | null, arm: string): DeliveryResult {
  const of = armOfDeliveryKind(delivery ?? undefined, d.kind) ?? null;
  return { ...d, label: of ? delivery![of].label : null, arm: of, otherArm: of !== null && of !== arm };
}

/**
 * The rules of one delivery (docs/api.md, "Leveringen"): the participant is enrolled in the
 * experiment, the kind is one of the experiment's (any arm's: another arm's kind is accepted and
 * counted as contamination), the date is on or after the enrolment. Throws the coded field error.
 */
export function checkDelivery(
  enrolment: { arm: string; enrolledOn: string; delivery: DeliveryMap | null } | undefined,
  d: { experiment: string; kind: string; deliveredOn: string },
): void {
  if (!enrolment) throw fieldError('delivery.not_enrolled', 'experiment', { experiment: d.experiment });
  const kinds = Object.values(enrolment.delivery ?? {});
  if (!kinds.length) throw fieldError('delivery.no_kinds', 'kind', { experiment: d.experiment });
  if (!kinds.some((k) => k.kind === d.kind))
    throw fieldError('delivery.kind_unknown', 'kind', {
      experiment: d.experiment,
      kinds: kinds.map((k) => `${k.kind} (${k.label})`).join(', '),
    });
  if (d.deliveredOn < enrolment.enrolledOn)
    throw fieldError('delivery.before_enrolment', 'deliveredOn', { enrolledOn: enrolment.enrolledOn });
}

@Injectable()
export class FidelityService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: FidelityRepository,
    private readonly participants: ParticipantsRepository,
    private readonly gemeenten: GemeentenRepository,
    private readonly audit: AuditService,
  ) {}

  private async checkGemeente(user: AuthUser, gemeente: string, ref: string) {
    assertGemeenteAccess(user, gemeente);
    if (!PARTICIPANT_REF.test(ref) || looksLikeBsn(ref)) throw fieldError('participant.ref_invalid', 'participantRef');
    if (!(await this.gemeenten.exists(gemeente)))
      throw new DomainError('gemeente.not_found', { params: { gemeente }, field: 'gemeente' });
  }

  /**
   * Records that an arm's intervention was delivered. The same experiment, kind and date again
   * changes nothing (200); a correction names the delivery it replaces (`supersedes`, with a
   * reason) and may withdraw it (`retract`).
   */
  async record(
    user: AuthUser,
    gemeente: string,
    ref: string,
    dto: RecordDeliveryDto,
  ): Promise<{ created: boolean; delivery: DeliveryResult }> {
    await this.checkGemeente(user, gemeente, ref);
    if (dto.supersedes !== undefined && !/^\d+$/.test(dto.supersedes))
      throw fieldError('participant.supersedes_invalid', 'supersedes');
    if (dto.retract && dto.supersedes === undefined) throw fieldError('participant.supersedes_invalid', 'supersedes');
    return this.ds.transaction(async (m) => {
      const p = await this.participants.find(m, gemeente, ref);
      if (!p) throw new DomainError('participant.not_found');
      await m.query('SELECT 1 FROM participant WHERE id = $1 FOR UPDATE', [p.id]); // one fact of a participant at a time
      const enrolment = await this.repo.enrolment(m, p.id, dto.experiment);
      const all = await this.repo.deliveries(m, p.id);
      if (dto.supersedes !== undefined) {
        const target = all.find((d) => d.id === dto.supersedes);
        if (!target) throw fieldError('participant.supersedes_foreign', 'supersedes');
        if (!target.current) throw new DomainError('participant.already_corrected', { field: 'supersedes' });
        if (target.experiment !== dto.experiment)
          throw fieldError('delivery.other_experiment', 'experiment', { experiment: target.experiment });
      }
      checkDelivery(enrolment, dto);
      const describe = (d: DeliveryView) => describeDelivery(d, enrolment!.delivery, enrolment!.arm);
      if (dto.supersedes === undefined) {
        const same = all.find(
          (d) =>
            d.current && d.experiment === dto.experiment && d.kind === dto.kind && d.deliveredOn === dto.deliveredOn,
        );
        if (same) return { created: false, delivery: describe(same) };
      }
      const row = await this.repo.insert(m, {
        participantId: p.id,
        experiment: dto.experiment,
        kind: dto.kind,
        deliveredOn: dto.deliveredOn,
        source: dto.source ?? 'api',
        supersedes: dto.supersedes,
        correctionReason: dto.correctionReason,
        retracted: dto.retract === true,
        by: user.id,
      });
      const delivery = describe(row);
      await this.audit.record(m, {
        actor: user.username,
        action: dto.retract ? 'retract_delivery' : dto.supersedes ? 'correct_delivery' : 'record_delivery',
        entity: 'intervention_delivery',
        entityId: delivery.id,
        after: { gemeente, ...delivery },
      });
      return { created: true, delivery };
    });
  }

  /** Every delivery of a participant, as stored (AVG export). */
  deliveries(m: EntityManager, participantId: string): Promise<DeliveryView[]> {
    return this.repo.deliveries(m, participantId);
  }

  /** The participant's deliveries (with label, arm, other arm) and per enrolment the kinds that may be recorded, for the timeline. */
  async forTimeline(m: EntityManager, participantId: string) {
    const [deliveries, kinds] = await Promise.all([
      this.repo.deliveries(m, participantId),
      this.repo.kinds(m, participantId),
    ]);
    const byExperiment = new Map(kinds.map((k) => [k.experiment, k]));
    return {
      deliveries: deliveries.map((d) => {
        const k = byExperiment.get(d.experiment);
        return describeDelivery(d, k?.delivery ?? null, k?.arm ?? '');
      }),
      deliveryKinds: kinds.flatMap((k) =>
        Object.entries(k.delivery ?? {}).map(([arm, d]) => ({
          experiment: k.experiment,
          arm,
          kind: d.kind,
          label: d.label,
          expected: d.expected,
          ownArm: arm === k.arm,
        })),
      ),
    };
  }
}
