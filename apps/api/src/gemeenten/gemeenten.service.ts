import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, fieldError } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import type { CreateGemeenteDto, DdasKeyDto, UpdateGemeenteDto } from './gemeenten.dto';
import { GemeentenRepository } from './gemeenten.repository';

@Injectable()
export class GemeentenService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: GemeentenRepository,
    private readonly audit: AuditService,
  ) {}

  list(filter: { code?: string }, limit: number, offset: number) {
    return this.repo.list(filter, limit, offset);
  }

  async get(code: string) {
    const g = await this.repo.get(this.ds.manager, code);
    if (!g) throw new DomainError('gemeente.not_found', { params: { gemeente: code } });
    return g;
  }

  create(actor: AuthUser, dto: CreateGemeenteDto) {
    return this.ds.transaction(async (m) => {
      if (dto.cbsCode && (await this.repo.cbsCodeTaken(m, dto.cbsCode, null)))
        throw fieldError('gemeente.cbs_code_taken', 'cbsCode');
      const g = await this.repo.insert(m, {
        code: dto.code,
        naam: dto.naam,
        inwoners: dto.inwoners ?? null,
        consentNamed: dto.consentNamed ?? false,
        cbsCode: dto.cbsCode ?? null,
      });
      if (!g) throw fieldError('gemeente.exists', 'code');
      await this.audit.record(m, {
        actor: actor.username,
        action: 'create',
        entity: 'gemeente',
        entityId: g.code,
        after: g,
      });
      return g;
    });
  }

  update(actor: AuthUser, code: string, dto: UpdateGemeenteDto) {
    return this.ds.transaction(async (m) => {
      const before = await this.repo.get(m, code, true);
      if (!before) throw new DomainError('gemeente.not_found', { params: { gemeente: code } });
      if (dto.cbsCode && (await this.repo.cbsCodeTaken(m, dto.cbsCode, code)))
        throw fieldError('gemeente.cbs_code_taken', 'cbsCode');
      const after = await this.repo.update(m, code, dto);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'update',
        entity: 'gemeente',
        entityId: code,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Stores the fingerprint of the gemeente's DDAS key (the key stays with the gemeente): imports
   * made with another key are then flagged. The gemeente's own user or a beheerder.
   */
  setDdasKey(actor: AuthUser, code: string, dto: DdasKeyDto) {
    return this.ds.transaction(async (m) => {
      const before = await this.repo.get(m, code, true);
      if (!before) throw new DomainError('gemeente.not_found', { params: { gemeente: code } });
      const after = await this.repo.setDdasKeyFingerprint(m, code, dto.fingerprint);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'set_ddas_key',
        entity: 'gemeente',
        entityId: code,
        before: { ddasKeyFingerprint: before.ddasKeyFingerprint },
        after: { ddasKeyFingerprint: after.ddasKeyFingerprint },
      });
      return after;
    });
  }
}
