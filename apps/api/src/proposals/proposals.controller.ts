import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '@living-lab/domain';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { pageBounds, sendPage } from '../common/pagination';
import { CommentDto, DecisionDto, JoinRequestDto, ProposalListQuery } from './proposals.dto';
import { ProposalsService } from './proposals.service';

/**
 * Proposals of experiments and requests to join one (issue 16). A gemeente user sees and writes
 * only their own gemeente's; a projectleider (or beheerder) answers them.
 */
/** A proposal id from the path; anything but a whole number names no proposal. */
function proposalId(raw: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new DomainError('proposal.not_found');
  return Number(raw);
}

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('api/v1/proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Get()
  @Roles('projectleider', 'beheerder', 'gemeente')
  async list(@CurrentUser() user: AuthUser, @Query() q: ProposalListQuery, @Res({ passthrough: true }) res: Response) {
    const { limit, offset } = pageBounds(q);
    return sendPage(res, await this.proposals.list(user, { state: q.state, kind: q.kind }, limit, offset));
  }

  /** Running experiments the user's gemeente does not take part in: what it may ask to join. */
  @Get('joinable')
  @Roles('gemeente')
  joinable(@CurrentUser() user: AuthUser) {
    return this.proposals.joinable(user);
  }

  @Get(':id')
  @Roles('projectleider', 'beheerder', 'gemeente')
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.proposals.get(user, proposalId(id));
  }

  /**
   * A request to join a running experiment from a date (a new experiment is proposed by POST
   * /experiments). A beheerder may ask on behalf of a gemeente and then names it.
   */
  @Post()
  @Roles('gemeente', 'beheerder')
  requestJoin(@CurrentUser() user: AuthUser, @Body() body: JoinRequestDto) {
    return this.proposals.requestJoin(user, body);
  }

  @Post(':id/comments')
  @Roles('projectleider', 'beheerder', 'gemeente')
  comment(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: CommentDto) {
    return this.proposals.comment(user, proposalId(id), body);
  }

  @Post(':id/decision')
  @Roles('projectleider', 'beheerder')
  decide(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: DecisionDto) {
    return this.proposals.decide(user, proposalId(id), body);
  }
}
