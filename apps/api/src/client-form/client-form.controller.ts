import { runAsSystem } from '@living-lab/db';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public, Roles, type AuthUser } from '../common/auth-user';
import { pageBounds, sendPage } from '../common/pagination';
import { RateLimit } from '../common/rate-limit';
import { APP_CONFIG, type AppConfig } from '../config';
import { ClientAnswersDto, ClientFormListQuery, CreateClientFormDto } from './client-form.dto';
import { ClientFormService } from './client-form.service';

/**
 * Where the web app is reached: LAB_PUBLIC_URL when set (required in production), else, for a
 * local demo, this request's host.
 */
function origin(config: AppConfig, req: Request): string {
  return config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Staff side: a gemeente makes a one-time link (and QR code) for a participant and phase. */
@ApiTags('client-forms')
@ApiBearerAuth()
@Controller('api/v1/client-forms')
export class ClientFormsController {
  constructor(
    private readonly forms: ClientFormService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('gemeente', 'beheerder')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateClientFormDto, @Req() req: Request) {
    return this.forms.create(user, body, origin(this.config, req));
  }

  @Get()
  @Roles('gemeente', 'beheerder')
  async list(
    @CurrentUser() user: AuthUser,
    @Query() q: ClientFormListQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { limit, offset } = pageBounds(q);
    return sendPage(res, await this.forms.list(user, q.gemeente, q.participantRef, limit, offset));
  }
}

/** Client side: no login, the token is the key. Rate-limited per IP. */
@ApiTags('client-forms')
@Controller('api/v1/public/client-form/:token')
@Public()
@RateLimit('clientForm')
export class PublicClientFormController {
  constructor(private readonly forms: ClientFormService) {}

  @Get()
  form(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    // The token names one link of one participant; no user is logged in, so the lookup runs as the system.
    return runAsSystem(() => this.forms.form(token));
  }

  @Post()
  @HttpCode(201)
  answer(@Param('token') token: string, @Body() body: ClientAnswersDto, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    return runAsSystem(() => this.forms.answer(token, body));
  }
}
