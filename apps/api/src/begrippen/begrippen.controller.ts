import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { begrippen, BEGRIP_GROUPS, SOURCE_LABELS } from '@living-lab/domain';
import { Roles } from '../common/auth-user';

/**
 * Begrippen: the definition of every milestone, metric, phase and ratio (libs/domain
 * definitions.ts), for other tools and for anyone reading the API's figures.
 */
@ApiTags('begrippen')
@ApiBearerAuth()
@Controller('api/v1/begrippen')
export class BegrippenController {
  @Get()
  @Roles('beheerder', 'projectleider', 'gemeente', 'reviewer')
  list() {
    return { groups: BEGRIP_GROUPS, sources: SOURCE_LABELS, begrippen: begrippen() };
  }
}
