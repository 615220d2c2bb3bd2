import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  fieldError,
  formatErrorMessage,
  invalidInput,
  parseQuarter,
  personalDataInText,
  previousQuarter,
  sortReflections,
  todayIso,
  type FieldProblem,
  type PrivacyKind,
  type Quarter,
  type Reflection,
  type ReflectionDecision,
  type ReflectionRecord,
  type ReportReflections,
} from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, type AppConfig } from '../config';
import { gemeenteCodes } from '../reports/report-anonymise';
import { draftCodeSeed } from '../reports/report-seed';
import { ReportsRepository } from '../reports/reports.repository';
import { codeGemeentenInTexts } from './reflection-anonymise';
import type { CommentDto, FollowUpDto, ReflectionDto } from './reflections.dto';
import { ReflectionsRepository, type ReflectionInput } from './reflections.repository';

/** What personal data a text seemed to hold, in the words of the refusal. */
const PRIVACY_WHAT: Record<PrivacyKind, string> = {
  bsn: 'een BSN',
  naam: 'een naam',
  adres: 'een adres of postcode',
  telefoon: 'een telefoonnummer',
  email: 'een e-mailadres',
  iban: 'een rekeningnummer',
};

/**
 * The quarterly reflection: project leads write per quarter what they conclude, decide and propose
 * (per experiment and for the lab as a whole); reviewers comment on the draft; in the next quarter
 * the project leads write what came of each decision and proposal. Every write leaves an audit
 * entry in the same transaction.
 */
@Injectable()
export class ReflectionsService {
  constructor(
    private readonly repo: ReflectionsRepository,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private quarterOrThrow(label: string): Quarter {
    const q = parseQuarter(label);
    if (!q) throw fieldError('quarter.invalid', 'quarter');
    if (q.start > todayIso()) throw fieldError('quarter.not_started', 'quarter');
    return q;
  }

  /**
   * The quarter's reflections and the previous quarter's (with what came of them), as the viewer
   * may read them: reviewers and gemeente users get gemeenten in the texts under the report's
   * codes; gemeente users get no comments.
   */
  async list(
    viewer: AuthUser,
    label: string,
  ): Promise<{
    quarter: string;
    records: ReflectionRecord[];
    previous: { quarter: string; records: ReflectionRecord[] };
  }> {
    const q = this.quarterOrThrow(label);
    const prev = previousQuarter(q).label;
    const [records, previous] = await Promise.all([this.repo.forQuarter(q.label), this.repo.forQuarter(prev)]);
    const out = {
      quarter: q.label,
      records: sortReflections(records),
      previous: { quarter: prev, records: sortReflections(previous) },
    };
    if (viewer.role !== 'reviewer' && viewer.role !== 'gemeente') return out;
    if (viewer.role === 'gemeente') for (const r of [...out.records, ...out.previous.records]) r.comments = [];
    const seed = (await this.repo.publishedCodeSeed(q.label)) ?? draftCodeSeed(q.label, this.config.jwtSecret);
    const naming = await this.reports.gemeenteNaming();
    // a gemeente user reads its own gemeente by name, the others by their code (as in its report view)
    return codeGemeentenInTexts(
      out,
      naming,
      gemeenteCodes(naming, seed, viewer.role === 'gemeente' ? viewer.gemeente : null),
    );
  }

  /** The reflections a report on the quarter holds (full texts: the report's anonymiser codes them). */
  async forReport(q: Quarter): Promise<ReportReflections> {
    const prev = previousQuarter(q).label;
    const strip = (rs: ReflectionRecord[]): Reflection[] =>
      sortReflections(rs).map(({ writtenBy: _w, comments: _c, published: _p, ...r }) => r);
    return {
      quarter: q.label,
      records: strip(await this.repo.forQuarter(q.label)),
      previous: { quarter: prev, records: strip(await this.repo.forQuarter(prev)) },
    };
  }

  /** Writes the quarter's reflection on one experiment, or (no experimentKey) on the lab as a whole. */
  async write(actor: AuthUser, label: string, body: ReflectionDto): Promise<ReflectionRecord> {
    const q = this.quarterOrThrow(label);
    const input: ReflectionInput = {
      quarter: q.label,
      experimentKey: body.experimentKey || null,
      conclusions: body.conclusions.trim(),
      decisions: (body.decisions ?? []).map((d) => ({
        decision: d.decision as ReflectionDecision,
        reason: d.reason.trim(),
      })),
      proposals: (body.proposals ?? []).map((p) => ({
        text: p.text.trim(),
        owner: p.owner.trim(),
        targetQuarter: p.targetQuarter,
      })),
    };
    const problems: FieldProblem[] = [];
    const check = (field: string, text: string) => {
      const kind = personalDataInText(text);
      if (kind) {
        const params = { what: PRIVACY_WHAT[kind] };
        problems.push({
          field,
          code: 'reflection.personal_data',
          message: formatErrorMessage('reflection.personal_data', params),
        });
      }
    };
    check('conclusions', input.conclusions);
    input.decisions.forEach((d, i) => check(`decisions.${i}.reason`, d.reason));
    input.proposals.forEach((p, i) => {
      check(`proposals.${i}.text`, p.text);
      check(`proposals.${i}.owner`, p.owner);
      if (p.targetQuarter < q.label)
        problems.push({
          field: `proposals.${i}.targetQuarter`,
          code: 'reflection.target_before_quarter',
          message: formatErrorMessage('reflection.target_before_quarter', { quarter: q.label }),
        });
    });
    if (problems.length) throw invalidInput(problems);
    if (input.experimentKey && !(await this.repo.experimentExists(input.experimentKey)))
      throw fieldError('reflection.experiment_unknown', 'experimentKey', { key: input.experimentKey });

    return this.repo.transaction(async (m) => {
      const { id, followedUp } = await this.repo.upsert(m, input, actor.username);
      if (followedUp) throw new DomainError('reflection.followed_up');
      await this.audit.record(m, {
        actor: actor.username,
        action: 'write',
        entity: 'reflection',
        entityId: `${q.label}/${input.experimentKey ?? 'lab'}`,
        after: input,
      });
      return (await this.repo.one(m, id))!;
    });
  }

  /** Writes what came of a decision or proposal of the quarter before this one. */
  async followUp(actor: AuthUser, label: string, body: FollowUpDto): Promise<ReflectionRecord> {
    const q = this.quarterOrThrow(label);
    const prev = previousQuarter(q).label;
    const outcome = body.outcome.trim();
    const kind = personalDataInText(outcome);
    if (kind) throw fieldError('reflection.personal_data', 'outcome', { what: PRIVACY_WHAT[kind] });
    return this.repo.transaction(async (m) => {
      const item = await this.repo.lockItem(m, body.kind, body.id);
      if (!item || item.quarter !== prev)
        throw new DomainError('reflection.item_not_found', { field: 'id', params: { quarter: prev } });
      await this.repo.setOutcome(m, body.kind, body.id, outcome, q.label, actor.username);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'follow_up',
        entity: 'reflection',
        entityId: `${prev}/${body.kind}/${body.id}`,
        before: item.outcome === null ? null : { outcome: item.outcome },
        after: { outcome, quarter: q.label },
      });
      return (await this.repo.one(m, item.reflectionId))!;
    });
  }

  /** A comment on a reflection while it is a draft (not published as it now is). */
  async comment(actor: AuthUser, label: string, id: string, body: CommentDto) {
    const q = this.quarterOrThrow(label);
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new DomainError('reflection.not_found');
    const text = body.text.trim();
    const kind = personalDataInText(text);
    if (kind) throw fieldError('reflection.personal_data', 'text', { what: PRIVACY_WHAT[kind] });
    return this.repo.transaction(async (m) => {
      const r = await this.repo.one(m, id);
      if (!r || r.quarter !== q.label) throw new DomainError('reflection.not_found');
      if (r.published) throw new DomainError('reflection.comments_closed');
      const c = await this.repo.insertComment(m, id, actor.username, text);
      await this.audit.record(m, {
        actor: actor.username,
        action: 'comment',
        entity: 'reflection',
        entityId: `${q.label}/${r.experimentKey ?? 'lab'}`,
        after: { comment: c.id },
      });
      return c;
    });
  }
}
