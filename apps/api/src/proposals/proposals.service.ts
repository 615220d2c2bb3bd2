import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, fieldError, parseDate, toDutchDate } from '@living-lab/domain';
import { AuditService } from '../audit/audit.service';
import { scopedGemeente, type AuthUser } from '../common/auth-user';
import { ExperimentsRepository } from '../experiments/experiments.repository';
import { ExperimentsService } from '../experiments/experiments.service';
import type { CommentDto, DecisionDto, JoinRequestDto } from './proposals.dto';
import { ProposalsRepository, type Proposal } from './proposals.repository';

/** Statuses of an experiment a gemeente may ask to join. */
const JOINABLE = ['running', 'paused'] as const;

/**
 * Gemeenten propose, projectleiders decide (issue 16). A proposal of a new experiment is made by
 * POST /experiments (ExperimentsService.propose) and decided by PATCH {status} or here; a request
 * to join a running experiment is made and decided here, and an approved one becomes an
 * amendment of the experiment's plan (its gemeenten), with a new plan version.
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ProposalsRepository,
    private readonly experiments: ExperimentsService,
    private readonly experimentsRepo: ExperimentsRepository,
    private readonly audit: AuditService,
  ) {}

  list(user: AuthUser, filter: { state?: string; kind?: string }, limit: number, offset: number) {
    return this.repo.list(
      { ...filter, gemeente: user.role === 'gemeente' ? user.gemeente! : undefined },
      limit,
      offset,
    );
  }

  async get(user: AuthUser, id: number): Promise<Proposal> {
    const p = await this.repo.get(id);
    // Row-level security already hides other gemeenten' rows; this says the same in the service.
    if (!p || (user.role === 'gemeente' && p.gemeente !== user.gemeente)) throw new DomainError('proposal.not_found');
    return p;
  }

  joinable(user: AuthUser) {
    return this.repo.joinable(user.gemeente!, JOINABLE);
  }

  requestJoin(user: AuthUser, body: JoinRequestDto): Promise<Proposal> {
    const gemeente = scopedGemeente(user, body.gemeente);
    if (!gemeente) throw fieldError('proposal.gemeente_required', 'gemeente');
    return this.ds.transaction(async (m) => {
      if ((await this.experimentsRepo.unknownGemeenten(m, [gemeente])).length)
        throw fieldError('experiment.unknown_gemeente', 'gemeente', { gemeenten: gemeente });
      const e = await this.experimentsRepo.get(body.experiment, m);
      // An experiment the gemeente cannot see yet is one it may join; a proposal of another gemeente is not.
      if (!e || e.status === 'proposed' || e.status === 'declined')
        throw new DomainError('experiment.not_found', { params: { key: body.experiment }, field: 'experiment' });
      if (e.gemeenten.includes(gemeente)) throw new DomainError('proposal.join_already', { field: 'experiment' });
      if (!(JOINABLE as readonly string[]).includes(e.status))
        throw new DomainError('proposal.join_not_running', { field: 'experiment' });
      const from = parseDate(body.fromDate);
      if (!from) throw fieldError('proposal.join_date_invalid', 'fromDate');
      if ((e.start && from < e.start) || (e.end && from > e.end))
        throw fieldError('proposal.join_date_outside', 'fromDate', {
          start: e.start ? toDutchDate(e.start) : 'het begin',
          end: e.end ? toDutchDate(e.end) : 'het einde',
        });
      if (await this.repo.openJoin(m, e.key, gemeente)) throw new DomainError('proposal.join_open');
      const id = await this.repo.insert(m, {
        kind: 'join',
        experiment: e.key,
        gemeente,
        proposedBy: user.username,
        fromDate: from,
        motivation: body.motivation?.trim() || undefined,
      });
      const created = await this.repo.get(id, m);
      await this.audit.record(m, {
        actor: user.username,
        action: 'request_join',
        entity: 'proposal',
        entityId: String(id),
        after: created,
      });
      return created!;
    });
  }

  comment(user: AuthUser, id: number, body: CommentDto): Promise<Proposal> {
    const text = body.text.trim();
    if (!text) throw fieldError('proposal.comment_invalid', 'text');
    return this.ds.transaction(async (m) => {
      const p = await this.repo.get(id, m, true);
      if (!p || (user.role === 'gemeente' && p.gemeente !== user.gemeente)) throw new DomainError('proposal.not_found');
      await this.repo.addComment(m, {
        proposal: id,
        gemeente: p.gemeente,
        author: user.username,
        role: user.role,
        text,
      });
      await this.audit.record(m, {
        actor: user.username,
        action: 'comment',
        entity: 'proposal',
        entityId: String(id),
        after: { text },
      });
      return (await this.repo.get(id, m))!;
    });
  }

  /**
   * Approve or decline. A proposal of an experiment moves it to `draft` or `declined` (the same
   * as PATCH {status}); an approved join request adds the gemeente by an amendment whose reason
   * names the date it joins from. Never by the proposer; a decline needs a reason.
   */
  async decide(user: AuthUser, id: number, body: DecisionDto): Promise<Proposal> {
    const reason = body.reason?.trim() ?? '';
    if (body.decision === 'decline' && reason.length < 5) throw fieldError('proposal.reason_required', 'reason');
    const p = await this.repo.get(id);
    if (!p) throw new DomainError('proposal.not_found');
    if (p.proposedBy === user.username) throw new DomainError('proposal.own_decision');
    if (p.state !== 'open') throw new DomainError('proposal.decided');
    if (p.kind === 'experiment') {
      await this.experiments.update(user, p.experiment, {
        status: body.decision === 'approve' ? 'draft' : 'declined',
        ...(reason ? { reason } : {}),
      });
      return (await this.repo.get(id))!;
    }
    return this.ds.transaction(async (m) => {
      const locked = await this.repo.get(id, m, true);
      if (!locked || locked.state !== 'open') throw new DomainError('proposal.decided');
      let planVersion: number | undefined;
      if (body.decision === 'approve') {
        const e = await this.experimentsRepo.get(p.experiment, m);
        const version = await this.experiments.amendIn(m, user, p.experiment, {
          changes: { gemeenten: [...e!.gemeenten, p.gemeente] },
          reason: `Gemeente ${p.gemeente} doet mee vanaf ${toDutchDate(p.fromDate!)} (verzoek ${id}).${reason ? ` ${reason}` : ''}`,
        });
        planVersion = version.version;
      }
      await this.repo.decide(m, id, {
        state: body.decision === 'approve' ? 'approved' : 'declined',
        by: user.username,
        reason: reason || null,
        planVersion,
      });
      const after = await this.repo.get(id, m);
      await this.audit.record(m, {
        actor: user.username,
        action: body.decision,
        entity: 'proposal',
        entityId: String(id),
        before: locked,
        after,
      });
      return after!;
    });
  }
}
