import { Body, Controller, Delete, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { RecordBelevingDto, RecordEventDto, RecordKlantprofielDto } from './participants.dto';
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
  async recordEvent(
    @CurrentUser() user: AuthUser,
    @Param('gemeente') gemeente: string,
    @Param('participantRef') ref: string,
    @Body() body: RecordEventDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, event } = await this.participants.recordEvent(user, gemeente, ref, body);
    res.status(created ? 201 : 200);
    return event;
  }

  /** A klantprofiel from a date on: adds an entry to the history (201), or 200 when that profile already holds then. */
  @Post('klantprofiel')
  @Roles('gemeente', 'beheerder')
  async recordKlantprofiel(
    @CurrentUser() user: AuthUser,
    @Param('gemeente') gemeente: string,
    @Param('participantRef') ref: string,
    @Body() body: RecordKlantprofielDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, entry } = await this.participants.recordKlantprofiel(user, gemeente, ref, body);
    res.status(created ? 201 : 200);
    return entry;
  }

  @Post('beleving')
  @Roles('gemeente', 'beheerder')
  recordBeleving(
    @CurrentUser() user: AuthUser,
    @Param('gemeente') gemeente: string,
    @Param('participantRef') ref: string,
    @Body() body: RecordBelevingDto,
  ) {
    return this.participants.recordBeleving(user, gemeente, ref, body);
  }

  /** AVG inzage/overdraagbaarheid: everything the platform holds about this participant, as JSON. */
  @Get('export')
  @Roles('beheerder')
  export(@CurrentUser() user: AuthUser, @Param('gemeente') gemeente: string, @Param('participantRef') ref: string) {
    return this.participants.exportData(user, gemeente, ref);
  }

  /**
   * AVG erasure: removes every participant-level row (participant, enrolments, events, scores,
   * client-form links, summaries, allocation log). Published reports keep their numbers; the
   * audit entry holds the gemeente and counts only, never the reference.
   */
  @Delete()
  @Roles('beheerder')
  erase(@CurrentUser() user: AuthUser, @Param('gemeente') gemeente: string, @Param('participantRef') ref: string) {
    return this.participants.erase(user, gemeente, ref);
  }
}
