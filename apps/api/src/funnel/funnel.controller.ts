import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { PageQuery, pageBounds, sendPage } from '../common/pagination';
import { FunnelService } from './funnel.service';

export class FunnelListQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;

  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsOptional()
  @IsString({ message: 'Schrijf het kwartaal als JJJJ-Qn.' })
  quarter?: string;
}

export class SectorFunnelQuery {
  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsString({ message: 'Schrijf het kwartaal als JJJJ-Qn, bijvoorbeeld 2026-Q3.' })
  quarter: string;
}

@ApiTags('funnel')
@ApiBearerAuth()
@Controller('api/v1/funnel')
export class FunnelController {
  constructor(private readonly funnel: FunnelService) {}

  /** Aggregate counts of one gemeente and quarter (docs/formats.md); warnings, never refusals, for odd funnels. */
  @Post('submissions')
  @Roles('gemeente', 'beheerder')
  @ApiBody({
    schema: {
      example: {
        gemeente: 'lindewaard',
        quarter: '2026-Q3',
        counts: [
          { step: 'aanmeldingen', value: 120, tag: 'bron' },
          { step: 'uitval', reason: 'zelf_ingetrokken', value: 8, tag: 'schatting' },
        ],
      },
    },
  })
  async submit(
    @CurrentUser() user: AuthUser,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.funnel.submit(user, body ?? {}); // no body at all: Express leaves req.body undefined
    res.status(out.changed ? 201 : 200);
    return out;
  }

  @Get('submissions')
  @Roles('gemeente', 'projectleider', 'beheerder')
  async list(@CurrentUser() user: AuthUser, @Query() q: FunnelListQuery, @Res({ passthrough: true }) res: Response) {
    const { limit, offset } = pageBounds(q);
    return sendPage(
      res,
      await this.funnel.list(
        { gemeente: scopedGemeente(user, q.gemeente), quarter: q.quarter?.toUpperCase() },
        limit,
        offset,
      ),
    );
  }

  /** The sector funnel the quarterly report shows (FunnelService.sectorFunnel). */
  @Get('sector')
  @Roles('projectleider', 'beheerder')
  sector(@Query() q: SectorFunnelQuery) {
    return this.funnel.sectorFunnel(q.quarter);
  }
}
