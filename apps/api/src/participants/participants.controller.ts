import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { RecordBelevingDto, RecordEventDto } from './participants.dto';
import { ParticipantsService } from './participants.service';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('api/v1/participants/:gemeente/:participantRef')
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Get()
  @Roles('gemeente', 'projectleider', 'beheerder')
  timeline(@CurrentUser() user: AuthUser, @Param('gemeente') gemeente: string, @Param('participantRef') ref: string) {
    return this.participants.timeline(user, gemeente, ref);
  }

  @Post('events')
  @Roles('gemeente', 'beheerder')
  async recordEvent(@CurrentUser() user: AuthUser, @Param('gemeente') gemeente: string, @Param('participantRef') ref: string,
    @Body() body: RecordEventDto, @Res({ passthrough: true }) res: Response) {
    const { created, event } = await this.participants.recordEvent(user, gemeente, ref, body);
    res.status(created ? 201 : 200);
    return event;
  }

  @Post('beleving')
  @Roles('gemeente', 'beheerder')
  recordBeleving(@CurrentUser() user: AuthUser, @Param('gemeente') gemeente: string, @Param('participantRef') ref: string, @Body() body: RecordBelevingDto) {
    return this.participants.recordBeleving(user, gemeente, ref, body);
  }
}
