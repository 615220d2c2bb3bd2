import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth-user';
import { RateLimit } from '../common/rate-limit';
import { LoginDto, RefreshDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * `{accessToken, refreshToken, expiresIn, role, gemeente?}`; the access token lasts `expiresIn`
   * seconds. With two factors: `totp` beside the password (401 `auth.mfa_required` without it).
   */
  @Public()
  @Post('login')
  @RateLimit('login') // per client address: 20 attempts in 5 minutes
  @HttpCode(200)
  login(@Body() body: LoginDto) {
    return this.auth.login(body.username, body.password, body.totp);
  }

  /** A new token pair for a refresh token (each refresh token works once). */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto) {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() body: RefreshDto) {
    await this.auth.logout(body.refreshToken);
  }
}
