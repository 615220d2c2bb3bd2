import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { pageBounds, sendPage } from '../common/pagination';
import { ExperimentsService } from '../experiments/experiments.service';
import { EnrolDto, EnrolmentListQuery } from './enrolment.dto';
import { EnrolmentService } from './enrolment.service';

@ApiTags('enrolments')
@ApiBearerAuth()
@Controller('api/v1/experiments/:key/enrolments')
export class EnrolmentController {
  constructor(
    private readonly enrolment: EnrolmentService,
    private readonly experiments: ExperimentsService,
  ) {}

  @Post()
  @Roles('gemeente', 'beheerder')
  async enrol(
    @CurrentUser() user: AuthUser,
    @Param('key') key: string,
    @Body() body: EnrolDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, body: out } = await this.enrolment.enrol(user, key, body);
    res.status(created ? 201 : 200);
    return out;
  }

  @Get()
  @Roles('gemeente', 'projectleider', 'beheerder')
  async list(
    @CurrentUser() user: AuthUser,
    @Param('key') key: string,
    @Query() q: EnrolmentListQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const gemeente = scopedGemeente(user, q.gemeente);
    await this.experiments.get(key, user.role === 'gemeente' ? gemeente : undefined);
    const { limit, offset } = pageBounds(q);
    return sendPage(
      res,
      await this.enrolment.list(key, { gemeente, arm: q.arm, sort: q.sort, order: q.order }, limit, offset),
    );
  }
}
