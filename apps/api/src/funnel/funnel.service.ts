import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DomainError,
  type ErrorCode,
  fieldError,
  formatErrorMessage,
  invalidInput,
  MILESTONE_FUNNEL_STEP,
  parseQuarter,
  todayIso,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { assertGemeenteAccess, type AuthUser } from '../common/auth-user';
import type { FieldProblem } from '../common/problems';
import { GemeentenRepository } from '../gemeenten/gemeenten.repository';
import {
  FUNNEL_CHAIN,
  FUNNEL_STEPS,
  FUNNEL_TAGS,
  funnelWarnings,
  parseFunnelCount,
  stepTotals,
  type FunnelCount,
  type FunnelProblem,
  type FunnelStep,
  type FunnelTag,
} from './funnel-rules';
import { FunnelRepository, type CohortFlowRow, type FunnelFlowRow, type UitvalPhaseFlowRow } from './funnel.repository';

export interface FunnelSubmissionResult {
  gemeente: string;
  quarter: string;
  counts: FunnelCount[];
  changed: boolean;
  warnings: string[];
}

/** Where a gemeente's numbers in the sector funnel come from. */
export type FunnelSource = 'aggregaat' | 'deelnemers';

export interface SectorFunnel {
  quarter: string;
  note: string;
  steps: { step: FunnelStep; value: number | null; byTag: Record<FunnelTag | 'deelnemers', number> }[];
  uitvalByReason: { reason: string; value: number }[];
  gemeenten: {
    gemeente: string;
    source: FunnelSource;
    steps: Partial<Record<FunnelStep, number>>;
    tags: FunnelTag[];
  }[];
  warnings: string[];
}

/** Checks a quarter: written as YYYY-Qn and begun already (a future quarter is impossible). */
export function quarterProblem(quarter: string, today = todayIso()): ErrorCode | null {
  const r = parseQuarter(quarter);
  if (!r) return 'quarter.invalid';
  if (r.start > today) return 'quarter.not_started';
  return null;
}

/** The Dutch message of quarterProblem (the file import reports it per row). */
export function checkQuarter(quarter: string, today = todayIso()): string | null {
  const code = quarterProblem(quarter, today);
  return code ? formatErrorMessage(code) : null;
}

@Injectable()
export class FunnelService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: FunnelRepository,
    private readonly gemeenten: GemeentenRepository,
    private readonly audit: AuditService,
  ) {}

  /** The API: one gemeente's counts of one quarter, validated, replacing an earlier submission. */
  async submit(
    user: AuthUser,
    body: { gemeente?: unknown; quarter?: unknown; counts?: unknown },
  ): Promise<FunnelSubmissionResult> {
    const problems: FieldProblem[] = [];
    const gemeente = typeof body.gemeente === 'string' ? body.gemeente.trim().toLowerCase() : '';
    const quarter = typeof body.quarter === 'string' ? body.quarter.trim().toUpperCase() : '';
    if (!gemeente) problems.push({ field: 'gemeente', message: 'Geef de code van de gemeente.' });
    const qp = quarterProblem(quarter);
    if (qp) problems.push({ field: 'quarter', message: formatErrorMessage(qp), code: qp });
    const counts: FunnelCount[] = [];
    if (!Array.isArray(body.counts) || body.counts.length === 0)
      problems.push({ field: 'counts', message: 'Geef minstens één telling: [{step, value, tag, reason?}].' });
    else
      body.counts.forEach((c, i) => {
        const r = parseFunnelCount(i, (c ?? {}) as Record<string, unknown>);
        problems.push(
          ...r.problems.map((p: FunnelProblem) => ({ field: `counts[${i}].${p.field}`, message: p.message })),
        );
        if (r.count) counts.push(r.count);
      });
    problems.push(...duplicateProblems(counts).map((d) => ({ field: `counts[${d.index}].step`, message: d.message })));
    if (problems.length) throw invalidInput(problems);
    assertGemeenteAccess(user, gemeente);
    return this.ds.transaction((m) => this.submitWithin(m, user, gemeente, quarter, counts));
  }

  /**
   * Stores validated counts inside a caller's transaction (the API and the `funnel` file import).
   * The same counts again change nothing; other counts replace the quarter's submission whole.
   */
  async submitWithin(
    m: EntityManager,
    user: AuthUser,
    gemeente: string,
    quarter: string,
    counts: FunnelCount[],
  ): Promise<FunnelSubmissionResult> {
    assertGemeenteAccess(user, gemeente);
    if (!(await this.gemeenten.exists(gemeente, m)))
      throw new DomainError('gemeente.not_found', { params: { gemeente }, field: 'gemeente' });
    const before = await this.repo.counts(m, gemeente, quarter, true);
    const sorted = [...counts].sort((a, b) => a.step.localeCompare(b.step) || a.reason.localeCompare(b.reason));
    const same =
      before.length === sorted.length &&
      before.every(
        (b, i) =>
          b.step === sorted[i].step &&
          b.reason === sorted[i].reason &&
          b.value === sorted[i].value &&
          b.tag === sorted[i].tag &&
          (b.note ?? null) === (sorted[i].note ?? null),
      );
    if (!same) {
      await this.repo.replace(m, gemeente, quarter, sorted, user.id);
      await this.audit.record(m, {
        actor: user.username,
        action: 'submit_funnel',
        entity: 'funnel_count',
        entityId: `${gemeente}/${quarter}`,
        before,
        after: sorted,
      });
    }
    return { gemeente, quarter, counts: sorted, changed: !same, warnings: funnelWarnings(sorted) };
  }

  /** The funnel from participant-level data, per quarter and gemeente (FunnelRepository.flows). */
  flows(from: string, to: string): Promise<FunnelFlowRow[]> {
    return this.repo.flows(from, to);
  }

  /** Where the uitval of participant-level data happened, per quarter and gemeente (FunnelRepository.uitvalPhases). */
  uitvalPhases(from: string, to: string): Promise<UitvalPhaseFlowRow[]> {
    return this.repo.uitvalPhases(from, to);
  }

  /** An entry cohort of participant-level data (FunnelRepository.cohort). */
  cohort(
    from: string,
    to: string,
    ends: readonly string[],
    start: string,
    end: string,
    asOf: string,
  ): Promise<CohortFlowRow[]> {
    return this.repo.cohort(from, to, ends, start, end, asOf);
  }

  /** Gemeenten that submitted quarterly totals from `fromQuarter` to `toQuarter` (FunnelRepository.aggregateGemeenten). */
  aggregateGemeenten(fromQuarter: string, toQuarter: string): Promise<string[]> {
    return this.repo.aggregateGemeenten(fromQuarter, toQuarter);
  }

  list(filter: { gemeente?: string; quarter?: string }, limit: number, offset: number) {
    return this.repo.list(filter, limit, offset);
  }

  /**
   * The sector funnel of a quarter for the quarterly report: per gemeente the aggregate submission
   * when there is one (tagged bron / samengesteld / schatting), otherwise the counts of its
   * participant-level data (tagged deelnemers), and the totals per step with their make-up.
   * Never used for experiment comparisons.
   */
  async sectorFunnel(quarter: string): Promise<SectorFunnel> {
    const range = parseQuarter(quarter);
    if (!range) throw fieldError('quarter.invalid', 'quarter');
    const q = range.label;
    const submitted = await this.repo.quarterCounts(q);
    const platform = await this.repo.flows(range.start, range.end);
    const perGemeente = new Map<string, { source: FunnelSource; counts: FunnelCount[] }>();
    for (const c of submitted) {
      const g = perGemeente.get(c.gemeente) ?? { source: 'aggregaat' as FunnelSource, counts: [] };
      g.counts.push({ step: c.step, reason: c.reason, value: c.value, tag: c.tag });
      perGemeente.set(c.gemeente, g);
    }
    for (const r of platform) {
      if (perGemeente.get(r.gemeente)?.source === 'aggregaat') continue;
      const g = perGemeente.get(r.gemeente) ?? { source: 'deelnemers' as FunnelSource, counts: [] };
      g.counts.push({ step: MILESTONE_FUNNEL_STEP[r.milestone], reason: r.reason ?? '', value: r.n, tag: 'bron' });
      perGemeente.set(r.gemeente, g);
    }
    const steps = FUNNEL_STEPS.map((step) => ({
      step,
      value: null as number | null,
      byTag: { deelnemers: 0, bron: 0, samengesteld: 0, schatting: 0 },
    }));
    const reasons = new Map<string, number>();
    const warnings: string[] = [];
    const gemeenten: SectorFunnel['gemeenten'] = [];
    for (const [gemeente, g] of [...perGemeente.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const totals = stepTotals(g.counts);
      const hasUitvalTotal = g.counts.some((c) => c.step === 'uitval' && c.reason === '');
      for (const c of g.counts) {
        if (c.step === 'uitval' && c.reason !== '') reasons.set(c.reason, (reasons.get(c.reason) ?? 0) + c.value);
        if (c.step === 'uitval' && c.reason !== '' && hasUitvalTotal) continue;
        const s = steps.find((x) => x.step === c.step)!;
        s.value = (s.value ?? 0) + c.value;
        s.byTag[g.source === 'deelnemers' ? 'deelnemers' : c.tag] += c.value;
      }
      warnings.push(
        ...funnelWarnings(g.counts, `${gemeente}: `).filter((w) => g.source === 'aggregaat' || !w.includes('Geschat')),
      );
      gemeenten.push({
        gemeente,
        source: g.source,
        steps: totals,
        tags: [...new Set(g.counts.map((c) => c.tag))].sort() as FunnelTag[],
      });
    }
    return {
      quarter: q,
      note: 'Sectortrechter: per gemeente de aangeleverde totalen (bron, samengesteld of schatting) of, zonder aanlevering, de telling uit de deelnemersgegevens. Alleen voor het sectorbeeld; nooit voor de vergelijking van experimenten.',
      steps,
      uitvalByReason: [...reasons.entries()]
        .map(([reason, value]) => ({ reason, value }))
        .sort((a, b) => a.reason.localeCompare(b.reason)),
      gemeenten,
      warnings,
    };
  }
}

/** The same step (and reason) twice in one submission is refused: which one counts? */
export function duplicateProblems(counts: FunnelCount[]): { index: number; message: string }[] {
  const seen = new Set<string>();
  const out: { index: number; message: string }[] = [];
  counts.forEach((c, i) => {
    const k = `${c.step}/${c.reason}`;
    if (seen.has(k))
      out.push({
        index: i,
        message: `De stap ${c.step}${c.reason ? ` (${c.reason})` : ''} staat er twee keer in. Geef elke stap één keer.`,
      });
    seen.add(k);
  });
  return out;
}

export { FUNNEL_CHAIN, FUNNEL_TAGS };
