import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { IsPastOrTodayDate } from '../common/validators';
import { ResultsService } from './results.service';

class ResultsQuery {
  @ApiPropertyOptional({ example: '2026-09-30', description: 'Peildatum; standaard vandaag' })
  @IsOptional()
  @IsPastOrTodayDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Alleen de deelnemers van deze gemeente' })
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;
}

@ApiTags('results')
@ApiBearerAuth()
@Controller('api/v1/experiments/:key/results')
export class ResultsController {
  constructor(private readonly results: ResultsService) {}

  /** A gemeente user gets the results of their own gemeente's participants only. */
  @Get()
  @Roles('projectleider', 'beheerder', 'gemeente')
  get(@CurrentUser() user: AuthUser, @Param('key') key: string, @Query() q: ResultsQuery) {
    const gemeente = scopedGemeente(user, q.gemeente);
    return this.results.results(key, {
      asOf: q.asOf,
      gemeente,
      visibleTo: user.role === 'gemeente' ? gemeente : undefined,
    });
  }
}
