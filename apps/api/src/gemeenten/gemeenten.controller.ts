import { Body, Controller, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { assertGemeenteAccess, CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { PageQuery, pageBounds, sendPage } from '../common/pagination';
import { CreateGemeenteDto, DdasKeyDto, UpdateGemeenteDto } from './gemeenten.dto';
import { GemeentenService } from './gemeenten.service';

/** Reviewers see gemeenten only through anonymised reports, so they are not listed here. */
@ApiTags('gemeenten')
@ApiBearerAuth()
@Controller('api/v1/gemeenten')
export class GemeentenController {
  constructor(private readonly gemeenten: GemeentenService) {}

  @Get()
  @Roles('beheerder', 'projectleider', 'gemeente')
  async list(@CurrentUser() user: AuthUser, @Query() q: PageQuery, @Res({ passthrough: true }) res: Response) {
    const { limit, offset } = pageBounds(q);
    return sendPage(res, await this.gemeenten.list({ code: scopedGemeente(user) }, limit, offset));
  }

  @Get(':code')
  @Roles('beheerder', 'projectleider', 'gemeente')
  get(@CurrentUser() user: AuthUser, @Param('code') code: string) {
    assertGemeenteAccess(user, code);
    return this.gemeenten.get(code);
  }

  @Post()
  @Roles('beheerder')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateGemeenteDto) {
    return this.gemeenten.create(user, body);
  }

  @Patch(':code')
  @Roles('beheerder')
  update(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: UpdateGemeenteDto) {
    return this.gemeenten.update(user, code, body);
  }

  /** The fingerprint of the gemeente's DDAS key: the gemeente's own user or a beheerder. */
  @Put(':code/ddas-key')
  @Roles('beheerder', 'gemeente')
  setDdasKey(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: DdasKeyDto) {
    assertGemeenteAccess(user, code);
    return this.gemeenten.setDdasKey(user, code, body);
  }
}
