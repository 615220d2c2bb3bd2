import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../common/auth-user';
import { RecordDeliveryDto } from './fidelity.dto';
import { FidelityService } from './fidelity.service';

/** Deliveries of an arm's intervention (fidelity, issue 14): a dated fact per participant. */
@ApiTags('participants')
@ApiBearerAuth()
@Controller('api/v1/participants/:gemeente/:participantRef/deliveries')
export class FidelityController {
  constructor(private readonly fidelity: FidelityService) {}

  @Post()
  @Roles('gemeente', 'beheerder')
  async record(
    @CurrentUser() user: AuthUser,
    @Param('gemeente') gemeente: string,
    @Param('participantRef') ref: string,
    @Body() body: RecordDeliveryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, delivery } = await this.fidelity.record(user, gemeente, ref, body);
    res.status(created ? 201 : 200);
    return delivery;
  }
}
