import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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

  /**
   * The same list as CSV (`;`, Dutch headers, spreadsheet-safe), at `/worklist/export.csv` like
   * `/audit/export.csv` (API Design Rules /core/path-segments-kebab-case: a path's first segment is
   * kebab-case, without a file extension). `/worklist.csv` (API 1.0.0) still answers but is no
   * longer in the OpenAPI document (docs/api-changelog.md).
   */
  @Get('worklist/export.csv')
  @Roles('gemeente', 'beheerder')
  exportCsv(@CurrentUser() user: AuthUser, @Query() q: WorklistQuery, @Res({ passthrough: true }) res: Response) {
    return this.csv(user, q, res);
  }

  /** Deprecated name of `/worklist/export.csv` (kept for clients of API 1.0.0). */
  @Get('worklist.csv')
  @ApiExcludeEndpoint()
  @Roles('gemeente', 'beheerder')
  async csv(@CurrentUser() user: AuthUser, @Query() q: WorklistQuery, @Res({ passthrough: true }) res: Response) {
    const list = await this.worklist.list(user, q.gemeente);
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="werklijst-${list.gemeente ?? 'alle'}-${list.asOf}.csv"`);
    return this.worklist.toCsv(list);
  }
}
