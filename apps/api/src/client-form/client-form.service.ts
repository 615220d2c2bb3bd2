import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import * as QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { BELEVING_ITEMS, DomainError, fieldError, todayIso, type Phase } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import type { ClientAnswersDto, CreateClientFormDto } from './client-form.dto';
import { clientQuestions, PHASE_WORDS } from './client-form.questions';
import { ClientFormRepository } from './client-form.repository';

/** A link lives this many days, unless it is used before. */
export const LINK_DAYS = 30;
/** Tokens are 32 random bytes in base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

@Injectable()
export class ClientFormService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ClientFormRepository,
    private readonly audit: AuditService,
  ) {}

  private async participant(user: AuthUser, gemeente: string, ref: string): Promise<string> {
    assertGemeenteAccess(user, gemeente);
    const id = await this.repo.participantId(this.ds.manager, gemeente, ref);
    if (!id) throw new DomainError('participant.not_found');
    return id;
  }

  /**
   * A new one-time link for a participant and phase. The token is returned once, here; the
   * database keeps only its hash. `origin` is where the web app runs, for the link and QR code.
   */
  async create(user: AuthUser, dto: CreateClientFormDto, origin: string) {
    const participantId = await this.participant(user, dto.gemeente, dto.participantRef);
    const token = randomBytes(32).toString('base64url');
    const link = await this.ds.transaction(async (m) => {
      const l = await this.repo.insert(m, {
        tokenHash: hashToken(token),
        participantId,
        phase: dto.phase,
        createdBy: user.id,
        days: LINK_DAYS,
      });
      await this.audit.record(m, {
        actor: user.username,
        action: 'create_client_form_link',
        entity: 'client_form_link',
        entityId: l.id,
        after: { phase: l.phase, expiresAt: l.expiresAt },
      });
      return l;
    });
    const path = `/k/${token}`;
    const url = `${origin}${path}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { ...link, token, path, url, qrSvg };
  }

  async list(user: AuthUser, gemeente: string, ref: string, limit: number, offset: number) {
    const participantId = await this.participant(user, gemeente, ref);
    return this.repo.list(participantId, limit, offset);
  }

  private async usableLink(token: string, lock: boolean, m = this.ds.manager) {
    if (!TOKEN_SHAPE.test(token)) throw new DomainError('client_form.link_invalid');
    const link = await this.repo.byHash(m, hashToken(token), lock);
    if (!link) throw new DomainError('client_form.link_invalid');
    // `reason` in the answer as before codes (gebruikt/verlopen); the code says the same
    if (link.used) throw new DomainError('client_form.link_used', { params: { reason: 'gebruikt' } });
    if (link.expired) throw new DomainError('client_form.link_expired', { params: { reason: 'verlopen' } });
    return link;
  }

  /** The form for a valid token: the phase in words and the questions. No participant data. */
  async form(token: string) {
    const link = await this.usableLink(token, false);
    return {
      phase: link.phase,
      about: PHASE_WORDS[link.phase as Phase],
      expiresAt: link.expiresAt,
      questions: clientQuestions(),
    };
  }

  /** Stores the answers as a beleving score with source `client` and uses up the link, at once. */
  async answer(token: string, dto: ClientAnswersDto) {
    const any =
      dto.rapportcijfer !== undefined || dto.emotie !== undefined || BELEVING_ITEMS.some((i) => dto[i] !== undefined);
    if (!any) throw fieldError('client_form.no_answer', 'rapportcijfer');
    return this.ds.transaction(async (m) => {
      const link = await this.usableLink(token, true, m);
      const scoreId = await this.repo.insertClientScore(m, link.participantId, link.phase, todayIso(), { ...dto });
      await this.repo.markUsed(m, link.id, scoreId);
      await this.audit.record(m, {
        actor: 'client',
        action: 'record_beleving',
        entity: 'beleving_score',
        entityId: scoreId,
        after: { phase: link.phase, source: 'client', link: link.id },
      });
      return { saved: true, message: 'Dank u wel! Uw antwoorden zijn opgeslagen.' };
    });
  }
}
