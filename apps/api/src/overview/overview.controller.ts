import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { OverviewService } from './overview.service';

@ApiTags('overview')
@ApiBearerAuth()
@Controller('api/v1/overview')
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  /** The start page of the caller's role: running experiments, the next look and report, and what needs attention. */
  @Get()
  @Roles('gemeente', 'projectleider', 'beheerder', 'reviewer')
  get(@CurrentUser() user: AuthUser) {
    return this.overview.get(user);
  }
}
