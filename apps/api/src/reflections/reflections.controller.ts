import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { CommentDto, FollowUpDto, ReflectionDto } from './reflections.dto';
import { ReflectionsService } from './reflections.service';

/**
 * The quarterly reflection: conclusions, decisions and verbetervoorstellen per quarter (per
 * experiment and for the lab as a whole), what came of last quarter's, and comments on the draft.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports/quarterly/:quarter/reflections')
export class ReflectionsController {
  constructor(private readonly reflections: ReflectionsService) {}

  @Get()
  @Roles('projectleider', 'beheerder', 'reviewer', 'gemeente')
  list(@CurrentUser() user: AuthUser, @Param('quarter') quarter: string) {
    return this.reflections.list(user, quarter);
  }

  /** Writes (or rewrites) the quarter's reflection on one experiment, or on the lab as a whole. */
  @Post()
  @Roles('projectleider', 'beheerder')
  @HttpCode(201)
  write(@CurrentUser() user: AuthUser, @Param('quarter') quarter: string, @Body() body: ReflectionDto) {
    return this.reflections.write(user, quarter, body);
  }

  /** What came of a decision or verbetervoorstel of the previous quarter. */
  @Post('follow-up')
  @Roles('projectleider', 'beheerder')
  @HttpCode(200)
  followUp(@CurrentUser() user: AuthUser, @Param('quarter') quarter: string, @Body() body: FollowUpDto) {
    return this.reflections.followUp(user, quarter, body);
  }

  @Post(':id/comments')
  @Roles('reviewer', 'projectleider', 'beheerder')
  @HttpCode(201)
  comment(
    @CurrentUser() user: AuthUser,
    @Param('quarter') quarter: string,
    @Param('id') id: string,
    @Body() body: CommentDto,
  ) {
    return this.reflections.comment(user, quarter, id, body);
  }
}
