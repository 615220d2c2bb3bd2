import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { assertGemeenteAccess, CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { GemeenteContextDto } from './gemeente-context.dto';
import { GemeenteContextService } from './gemeente-context.service';

/**
 * A gemeente's werkwijze per year (issue 14, item 8). A gemeente user reads and writes only its own
 * gemeente; a beheerder every gemeente; a projectleider reads. Reviewers see it only in the report.
 */
@ApiTags('gemeenten')
@ApiBearerAuth()
@Controller('api/v1/gemeenten/:code/context')
export class GemeenteContextController {
  constructor(private readonly context: GemeenteContextService) {}

  /** Every recorded year, newest first. */
  @Get()
  @Roles('beheerder', 'projectleider', 'gemeente')
  list(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    assertGemeenteAccess(user, code);
    return this.context.list(code);
  }

  @Get(':year')
  @Roles('beheerder', 'projectleider', 'gemeente')
  get(@CurrentUser() user: AuthUser, @Param('code') code: string, @Param('year') year: string) {
    assertGemeenteAccess(user, code);
    return this.context.get(code, year);
  }

  /** Records the year's context, or replaces it: 201 the first time, 200 after. */
  @Put(':year')
  @Roles('beheerder', 'gemeente')
  async put(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('year') year: string,
    @Body() body: GemeenteContextDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertGemeenteAccess(user, code);
    const { context, created } = await this.context.put(user, code, year, body);
    res.status(created ? 201 : 200);
    return context;
  }
}
