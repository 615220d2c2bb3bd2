import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { CurrentUser, Roles, scopedGemeente, type AuthUser } from '../common/auth-user';
import { DataQualityService } from './data-quality.service';

export class DataQualityQuery {
  @ApiPropertyOptional({ description: 'Leeg: alle gemeenten (niet voor een gemeente-account)' })
  @IsOptional()
  @IsString({ message: 'Geef de code van de gemeente.' })
  gemeente?: string;

  @ApiPropertyOptional({ example: '2026-Q3' })
  @IsString({ message: 'Schrijf het kwartaal als JJJJ-Qn, bijvoorbeeld 2026-Q3.' })
  quarter: string;
}

@ApiTags('data-quality')
@ApiBearerAuth()
@Controller('api/v1/data-quality')
export class DataQualityController {
  constructor(private readonly quality: DataQualityService) {}

  /** One gemeente's data quality in a quarter (an object), or every gemeente's (an array) when no gemeente is given. */
  @Get()
  @Roles('gemeente', 'projectleider', 'beheerder')
  get(@CurrentUser() user: AuthUser, @Query() q: DataQualityQuery) {
    const gemeente = scopedGemeente(user, q.gemeente);
    return gemeente
      ? this.quality.forGemeenteQuarter(gemeente, q.quarter, undefined, { ddas: true })
      : this.quality.forQuarter(q.quarter, undefined, { ddas: true });
  }
}
