import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  BELEVING_ITEMS,
  currentKlantprofiel,
  DomainError,
  fieldError,
  isRepeatableMilestone,
  klantprofielOn,
  todayIso,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import { looksLikeBsn, PARTICIPANT_REF } from '../common/validators';
import { FidelityService } from '../fidelity/fidelity.service';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import type { RecordBelevingDto, RecordEventDto, RecordKlantprofielDto } from './participants.dto';
import { ParticipantsRepository } from './participants.repository';

@Injectable()
export class ParticipantsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ParticipantsRepository,
    private readonly gemeenten: GemeentenRepository,
    private readonly audit: AuditService,
    private readonly fidelity: FidelityService,
  ) {}

  private async checkGemeente(user: AuthUser, gemeente: string, ref?: string) {
    assertGemeenteAccess(user, gemeente);
    if (ref !== undefined && (!PARTICIPANT_REF.test(ref) || looksLikeBsn(ref)))
      throw fieldError('participant.ref_invalid', 'participantRef');
    if (!(await this.gemeenten.exists(gemeente)))
      throw new DomainError('gemeente.not_found', { params: { gemeente }, field: 'gemeente' });
  }

  async timeline(user: AuthUser, gemeente: string, ref: string) {
    await this.checkGemeente(user, gemeente);
    const m = this.ds.manager;
    const p = await this.repo.find(m, gemeente, ref);
    if (!p) throw new DomainError('participant.not_found');
    const history = await this.repo.klantprofielHistory(m, p.id);
    const enrolments: { enrolledOn: string }[] = await this.repo.enrolments(m, p.id);
    return {
      participantRef: ref,
      gemeente,
      klantprofiel: currentKlantprofiel(history),
      klantprofielHistory: history,
      segment: p.segment,
      aanmeldroute: p.aanmeldroute,
      // Each enrolment with the profile on its date: the one the results and the strata use.
      enrolments: enrolments.map((n) => ({ ...n, klantprofiel: klantprofielOn(history, n.enrolledOn) })),
      events: await this.repo.events(m, p.id),
      beleving: await this.repo.beleving(m, p.id),
      support: await this.repo.support(m, p.id),
      ddasTrajectories: await this.repo.ddasTrajectories(m, p.id),
      // fidelity (issue 14): deliveries, and per enrolment the kinds that may be recorded
      ...(await this.fidelity.forTimeline(m, p.id)),
    };
  }

  /**
   * Records a milestone. The same milestone on the same date again changes nothing (200); the
   * same milestone on another date is a conflict unless it is sent as a correction (`supersedes`).
   */
  async recordEvent(
    user: AuthUser,
    gemeente: string,
    ref: string,
    dto: RecordEventDto,
  ): Promise<{ created: boolean; event: object }> {
    await this.checkGemeente(user, gemeente, ref);
    if (dto.supersedes !== undefined && !/^\d+$/.test(dto.supersedes))
      throw fieldError('participant.supersedes_invalid', 'supersedes');
    return this.ds.transaction(async (m) => {
      const participantId = await this.repo.lockOrCreate(m, gemeente, ref);
      const all = await this.repo.events(m, participantId);
      if (dto.supersedes !== undefined) {
        const target = all.find((e) => e.id === dto.supersedes);
        if (!target) throw fieldError('participant.supersedes_foreign', 'supersedes');
        if (!target.current) throw new DomainError('participant.already_corrected', { field: 'supersedes' });
      } else {
        const same = all.filter((e) => e.current && e.milestone === dto.milestone);
        const identical = same.find((e) => e.occurredOn === dto.occurredOn && (e.reason ?? undefined) === dto.reason);
        if (identical) return { created: false, event: identical };
        if (same.length && !isRepeatableMilestone(dto.milestone))
          throw new DomainError('participant.milestone_exists', {
            params: { occurredOn: same[0].occurredOn, eventId: same[0].id },
            field: 'milestone',
          });
      }
      const event = await this.repo.insertEvent(m, { participantId, ...dto, by: user.id });
      await this.audit.record(m, {
        actor: user.username,
        action: dto.supersedes ? 'correct_event' : 'record_event',
        entity: 'milestone_event',
        entityId: event.id,
        after: event,
      });
      return { created: true, event };
    });
  }

  /**
   * Records the participant's klantprofiel from a date on: a new entry of the history, never an
   * overwrite. 201 with the entry; 200 with the entry that already gives this profile on that date
   * (nothing to add). A date in the future is refused.
   */
  async recordKlantprofiel(
    user: AuthUser,
    gemeente: string,
    ref: string,
    dto: RecordKlantprofielDto,
  ): Promise<{ created: boolean; entry: object }> {
    await this.checkGemeente(user, gemeente, ref);
    if (dto.validFrom > todayIso()) throw fieldError('participant.klantprofiel_future', 'validFrom');
    return this.ds.transaction(async (m) => {
      const participantId = await this.repo.lockOrCreate(m, gemeente, ref);
      const history = await this.repo.klantprofielHistory(m, participantId);
      if (klantprofielOn(history, dto.validFrom) === dto.klantprofiel) {
        const holding = history.filter((e) => e.validFrom <= dto.validFrom).at(-1)!;
        return { created: false, entry: holding };
      }
      const entry = await this.repo.insertKlantprofiel(m, {
        participantId,
        klantprofiel: dto.klantprofiel,
        validFrom: dto.validFrom,
        source: 'hand',
        by: user.id ?? null,
      });
      await this.audit.record(m, {
        actor: user.username,
        action: 'record_klantprofiel',
        entity: 'participant_klantprofiel',
        entityId: entry.id,
        after: { id: entry.id, klantprofiel: entry.klantprofiel, validFrom: entry.validFrom, source: entry.source },
      });
      return { created: true, entry };
    });
  }

  async recordBeleving(user: AuthUser, gemeente: string, ref: string, dto: RecordBelevingDto) {
    await this.checkGemeente(user, gemeente, ref);
    const any =
      dto.rapportcijfer !== undefined || dto.emotie !== undefined || BELEVING_ITEMS.some((i) => dto[i] !== undefined);
    if (!any) throw fieldError('participant.beleving_empty', 'rapportcijfer');
    return this.ds.transaction(async (m) => {
      const participantId = await this.repo.lockOrCreate(m, gemeente, ref);
      const score = await this.repo.insertBeleving(m, participantId, { ...dto }, user.id);
      await this.audit.record(m, {
        actor: user.username,
        action: 'record_beleving',
        entity: 'beleving_score',
        entityId: score.id,
        after: score,
      });
      return score;
    });
  }

  /** The participant's data as JSON (AVG art. 15/20), for a beheerder. The audit entry names no reference. */
  async exportData(user: AuthUser, gemeente: string, ref: string) {
    await this.checkGemeente(user, gemeente);
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      const p = await this.repo.find(m, gemeente, ref);
      if (!p) throw new DomainError('participant.not_found');
      const data = { ...(await this.repo.exportRows(m, p.id)), deliveries: await this.fidelity.deliveries(m, p.id) };
      await this.audit.record(m, {
        actor: user.username,
        action: 'export_participant',
        entity: 'participant',
        entityId: null,
        after: {
          gemeente,
          enrolments: data.enrolments.length,
          events: data.events.length,
          beleving: data.beleving.length,
          deliveries: data.deliveries.length,
        },
      });
      return { exportedAt: new Date().toISOString(), participantRef: ref, gemeente, ...data };
    });
  }

  /**
   * Erases the participant (AVG art. 17), for a beheerder: every participant-level row goes, in one
   * transaction, through erase_participants (migration 1764810000000). Published report versions
   * are not touched. The audit entry holds the gemeente and the counts, not the reference.
   */
  async erase(user: AuthUser, gemeente: string, ref: string) {
    await this.checkGemeente(user, gemeente);
    return this.ds.transaction(async (m) => {
      const p = await this.repo.find(m, gemeente, ref);
      if (!p) throw new DomainError('participant.not_found');
      const counts = await this.repo.erase(m, p.id);
      await this.audit.record(m, {
        actor: user.username,
        action: 'erase_participant',
        entity: 'participant',
        entityId: null,
        after: { gemeente, ...counts },
      });
      return { gemeente, erased: counts };
    });
  }
}
