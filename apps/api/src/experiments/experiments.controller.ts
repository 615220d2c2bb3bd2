import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { fieldError } from '@living-lab/domain';
import { CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { PageQuery, pageBounds, sendPage } from '../common/pagination';
import { ExperimentsService } from './experiments.service';

const DEFINITION_SCHEMA = {
  type: 'object',
  description: 'An experiment definition as in contracts.md §1 (camelCase fields).',
};

class ExperimentListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef een status.' })
  status?: string;
}

function plainObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fieldError('experiment.body_not_object', '(body)');
  return body as Record<string, unknown>;
}

@ApiTags('experiments')
@ApiBearerAuth()
@Controller('api/v1/experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Get()
  @Roles('projectleider', 'beheerder', 'gemeente')
  async list(
    @CurrentUser() user: AuthUser,
    @Query() q: ExperimentListQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { limit, offset } = pageBounds(q);
    return sendPage(
      res,
      await this.experiments.list({ gemeente: scopedGemeente(user), status: q.status }, limit, offset),
    );
  }

  @Get(':key')
  @Roles('projectleider', 'beheerder', 'gemeente')
  get(@CurrentUser() user: AuthUser, @Param('key') key: string) {
    return this.experiments.getWithMonitoring(key, scopedGemeente(user));
  }

  /** A projectleider or beheerder creates a draft; a gemeente user proposes one for their own gemeente (issue 16). */
  @Post()
  @Roles('projectleider', 'beheerder', 'gemeente')
  @ApiBody({ schema: DEFINITION_SCHEMA })
  create(@CurrentUser() user: AuthUser, @Body() body: unknown) {
    return this.experiments.create(user, plainObject(body));
  }

  @Post(':key/amendments')
  @Roles('projectleider', 'beheerder')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { changes: { type: 'object' }, reason: { type: 'string' } },
      required: ['changes', 'reason'],
    },
  })
  amend(@CurrentUser() user: AuthUser, @Param('key') key: string, @Body() body: unknown) {
    return this.experiments.amend(user, key, plainObject(body));
  }

  @Patch(':key')
  @Roles('projectleider', 'beheerder')
  @ApiBody({ schema: DEFINITION_SCHEMA })
  update(@CurrentUser() user: AuthUser, @Param('key') key: string, @Body() body: unknown) {
    return this.experiments.update(user, key, plainObject(body));
  }
}
