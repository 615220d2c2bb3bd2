import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES } from '@living-lab/domain';
import { CurrentUser, Public, Roles, type AuthUser } from '../common/auth-user';
import { RateLimit } from '../common/rate-limit';
import { APP_CONFIG, type AppConfig } from '../config';
import { OidcExchangeDto } from './auth.dto';
import { OIDC_COOKIE, OIDC_COOKIE_SECONDS, OidcRefused, OidcService, type OidcRefusal } from './oidc.service';

const REFUSALS: Record<OidcRefusal, string> = {
  failed:
    'Inloggen met uw organisatie-account is niet gelukt. Het antwoord van uw organisatie kon niet worden gecontroleerd, of het duurde te lang. Probeer het opnieuw.',
  unknown_role:
    'Uw organisatie-account heeft geen rol die dit systeem kent. Vraag uw beheerder om u een rol te geven (beheerder, projectleider, gemeente of reviewer).',
  unknown_gemeente:
    'Uw organisatie-account hoort bij een gemeente die niet meedoet aan het Living Lab. Er is geen account gemaakt. Neem contact op met de projectleider.',
  disabled: 'Uw account staat uit. Neem contact op met de beheerder.',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain Dutch page for a refused sign-in (the browser came here by a redirect: no JSON). */
const refusalPage = (text: string, home: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Inloggen niet gelukt</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Inloggen niet gelukt</h1>
<p id="reden">${escape(text)}</p>
<p><a href="${escape(home)}">Terug naar de inlogpagina</a></p>
</body></html>`;

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Sign-in with the organisation's account over OpenID Connect (issue 17). `login` sends the browser
 * to the provider; `callback` comes back from it and sends the browser to the web app with a
 * one-time code, which the web app exchanges for its tokens (`exchange`), as after a local login.
 */
@ApiTags('auth')
@Controller('api/v1/auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What the login page offers: `{oidc: true}` when sign-in with an organisation account is configured. */
  @Public()
  @Get('options')
  options() {
    return { oidc: this.oidc.enabled };
  }

  /** Who is signed in, as the API sees the account now. */
  @Roles(...ROLES)
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return { username: user.username, role: user.role, gemeente: user.gemeente };
  }

  @Public()
  @Get('oidc/login')
  @RateLimit('login')
  async login(@Res() res: Response) {
    const { url, cookie } = await this.oidc.start();
    res.cookie(OIDC_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.production,
      path: '/api/v1/auth/oidc',
      maxAge: OIDC_COOKIE_SECONDS * 1000,
    });
    res.redirect(302, url);
  }

  @Public()
  @Get('oidc/callback')
  async callback(@Req() req: Request, @Res() res: Response) {
    const home = `${this.config.publicUrl}/`;
    res.clearCookie(OIDC_COOKIE, { path: '/api/v1/auth/oidc' });
    try {
      const { code } = await this.oidc.callback(req.originalUrl, readCookie(req, OIDC_COOKIE));
      res.redirect(302, `${home}?oidc_code=${encodeURIComponent(code)}`);
    } catch (e) {
      if (!(e instanceof OidcRefused)) throw e;
      res.status(403).type('text/html; charset=utf-8').send(refusalPage(REFUSALS[e.reason], home));
    }
  }

  /**
   * Sign-out at the provider as well (after the web app dropped its own session, as for a local
   * account): otherwise the next person at this browser would be signed in as this one.
   */
  @Public()
  @Get('oidc/logout')
  async logout(@Res() res: Response) {
    res.redirect(302, await this.oidc.logoutUrl());
  }

  /** The session for the one-time code of a sign-in: `{accessToken, refreshToken, expiresIn, role, gemeente?, username}`. */
  @Public()
  @Post('oidc/exchange')
  @RateLimit('login')
  @HttpCode(200)
  exchange(@Body() body: OidcExchangeDto) {
    return this.oidc.exchange(body.code);
  }
}
