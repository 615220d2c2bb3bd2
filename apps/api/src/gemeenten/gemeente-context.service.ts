import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  buildSectorContext,
  checkContextInput,
  DomainError,
  formatErrorMessage,
  parseContextYear,
  todayIso,
  type ContextProblem,
  type FunnelSummary,
  type GemeenteContext,
  type SectorContext,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { GemeenteContextRepository } from './gemeente-context.repository';
import { GemeentenRepository } from './gemeenten.repository';

/** Bad input: one problem as its own code with its field, several as `input.invalid` listing each. */
function refuse(problems: ContextProblem[]): DomainError {
  const listed = problems.map((p) => ({ field: p.field, code: p.code, message: formatErrorMessage(p.code, p.params) }));
  if (problems.length === 1)
    return new DomainError(problems[0].code, {
      field: problems[0].field,
      params: problems[0].params,
      problems: listed,
    });
  return new DomainError('input.invalid', { problems: listed });
}

/**
 * The gemeente context per year (issue 14, item 8). Access is checked by the controller (a gemeente
 * user only its own gemeente) and again by row-level security on gemeente_context.
 */
@Injectable()
export class GemeenteContextService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: GemeenteContextRepository,
    private readonly gemeenten: GemeentenRepository,
    private readonly audit: AuditService,
  ) {}

  /** The year of a path, or a 400 (four digits, 2000 up to this year). */
  year(raw: string, today = todayIso()): number {
    const y = parseContextYear(raw, today);
    if (typeof y !== 'number') throw refuse([y]);
    return y;
  }

  private async assertGemeente(code: string): Promise<void> {
    if (!(await this.gemeenten.exists(code)))
      throw new DomainError('gemeente.not_found', { params: { gemeente: code } });
  }

  async list(code: string): Promise<GemeenteContext[]> {
    await this.assertGemeente(code);
    return this.repo.list(code);
  }

  async get(code: string, rawYear: string): Promise<GemeenteContext> {
    const year = this.year(rawYear);
    await this.assertGemeente(code);
    const c = await this.repo.get(this.ds.manager, code, year);
    if (!c) throw new DomainError('context.not_found', { params: { year } });
    return c;
  }

  /** Records or replaces the year's context; one audit entry with before and after. */
  async put(
    actor: AuthUser,
    code: string,
    rawYear: string,
    body: unknown,
  ): Promise<{ context: GemeenteContext; created: boolean }> {
    const year = this.year(rawYear);
    const checked = checkContextInput(body);
    if ('problems' in checked) throw refuse(checked.problems);
    await this.assertGemeente(code);
    return this.ds.transaction(async (m) => {
      const before = await this.repo.get(m, code, year, true);
      const after = await this.repo.upsert(m, code, year, checked.ok, actor.username);
      await this.audit.record(m, {
        actor: actor.username,
        action: before ? 'update' : 'create',
        entity: 'gemeente_context',
        entityId: `${code}/${year}`,
        before: before ?? null,
        after,
      });
      return { context: after, created: !before };
    });
  }

  /**
   * The report's context section: each gemeente's context of the quarter's year beside the
   * quarter's figures per gemeente. Runs in the report's (system) context.
   */
  async forReport(year: number, byGemeente: readonly (FunnelSummary & { gemeente: string })[]): Promise<SectorContext> {
    return buildSectorContext(year, await this.repo.forYear(year), byGemeente);
  }
}
