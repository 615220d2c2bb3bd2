import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { RetentionService } from './retention.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Roles('beheerder')
@Controller('api/v1/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  /** Dry run: per experiment with a retention period, whether it is due and what a run would erase. */
  @Get('preview')
  preview() {
    return this.retention.preview();
  }

  /** Erases the participant-level data of every experiment whose retention has passed. */
  @Post('run')
  @HttpCode(200)
  run(@CurrentUser() user: AuthUser) {
    return this.retention.run(user.username);
  }
}
