import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { WorklistService } from './worklist.service';

export class WorklistQuery {
  @ApiPropertyOptional({
    description: 'Code van de gemeente (beheerder; een gemeente-account ziet alleen de eigen gemeente)',
  })
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  @MaxLength(64, { message: 'Te lang.' })
  gemeente?: string;
}

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('api/v1')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  /** Participants that need something (no progress, a missing klantbeleving score, an unanswered client link, no intake), why and since when. */
  @Get('worklist')
  @Roles('gemeente', 'beheerder')
  list(@CurrentUser() user: AuthUser, @Query() q: WorklistQuery) {
    return this.worklist.list(user, q.gemeente);
  }

  /** The same list as CSV (`;`, Dutch headers, spreadsheet-safe). */
  @Get('worklist.csv')
  @Roles('gemeente', 'beheerder')
  async csv(@CurrentUser() user: AuthUser, @Query() q: WorklistQuery, @Res({ passthrough: true }) res: Response) {
    const list = await this.worklist.list(user, q.gemeente);
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="werklijst-${list.gemeente ?? 'alle'}-${list.asOf}.csv"`);
    return this.worklist.toCsv(list);
  }
}
