import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MfaSetupRoute, Roles, type AuthUser } from '../common/auth-user';
import { MfaConfirmDto } from './auth.dto';
import { MfaService } from './mfa.service';

/**
 * Setting up two factors. Open to every role with a normal token (from the user menu) and to the
 * limited token that login gives when two factors are required but not yet set up.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  /** `{otpauthUri}`: a new secret, to scan as a QR code; active only after `confirm`. */
  @Post('setup')
  @Roles('beheerder', 'projectleider', 'gemeente', 'reviewer')
  @MfaSetupRoute()
  @HttpCode(200)
  setup(@CurrentUser() user: AuthUser) {
    return this.mfa.setup(user);
  }

  /** `{recoveryCodes}`: turns two factors on with a current code; the ten recovery codes are shown once. */
  @Post('confirm')
  @Roles('beheerder', 'projectleider', 'gemeente', 'reviewer')
  @MfaSetupRoute()
  @HttpCode(200)
  confirm(@CurrentUser() user: AuthUser, @Body() body: MfaConfirmDto) {
    return this.mfa.confirm(user, body.code);
  }
}
