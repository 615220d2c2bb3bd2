import { DomainError, invalidInput } from '@living-lab/domain';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { API_VERSION, API_VERSION_HEADER } from './common/api-version';
import { sendProblem } from './common/http-exception.filter';
import { ControlCharactersPipe } from './common/control-characters.pipe';
import { countRequestsRejectedEarly } from './common/rate-limit';
import { ScrubbingLogger } from './common/log-scrub';
import { validationProblems } from './common/problems';
import type { AppConfig } from './config';
import { buildOpenApiDocument, OPENAPI_PATH, publishedDocument } from './openapi';

/** Creates the configured Nest application (shared by main.ts and the end-to-end tests). */
export async function createApp(config: AppConfig, opts: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: opts.logger === false ? false : new ScrubbingLogger(['error', 'warn']),
    abortOnError: false,
  });
  // LAB_TRUST_PROXY: behind a reverse proxy, req.ip is the client from X-Forwarded-For (the rate limits count per client).
  (app as NestExpressApplication).set('trust proxy', config.trustProxy);
  // API Design Rules /core/version-header: the full API version on every API response, errors included.
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(API_VERSION_HEADER, API_VERSION);
    next();
  });
  // Before the body parsers (Nest adds them at init): malformed bodies count toward the rate limits too.
  countRequestsRejectedEarly(app);
  // API Design Rules /core/no-trailing-slash: `/api/v1/experiments/` is not `/api/v1/experiments`
  // (Express would match it silently): 404 as problem details, never a redirect.
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0];
    if (path.length > 1 && path.endsWith('/')) return sendProblem(res, new DomainError('route.not_found'));
    next();
  });
  app.useGlobalPipes(
    new ControlCharactersPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true, // one clear reason per field
      transform: true,
      // at most 50 problems: a body of 9,000 unknown keys must not answer with half a megabyte
      exceptionFactory: (errors) => invalidInput(validationProblems(errors).slice(0, 50)),
    }),
  );
  // Security headers for the API (the web app's pages get their own CSP in serveWebApp).
  app.use('/api', helmet({ contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'same-site' } }));
  app.enableCors({
    origin: config.corsOrigin,
    exposedHeaders: ['X-Total-Count', 'Content-Range', API_VERSION_HEADER],
  });
  const doc = buildOpenApiDocument(app);
  // /api/docs (Swagger UI) and /api/docs-json: full paths, as before. OPENAPI_PATH: the published
  // document (API Design Rules /core/publish-openapi), paths relative to its `servers` URL; no login.
  SwaggerModule.setup('api/docs', app, doc);
  const published = JSON.stringify(publishedDocument(doc));
  app.use(OPENAPI_PATH, (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
    res.type('application/json').send(published);
  });
  serveWebApp(app as NestExpressApplication, config.webDir ?? WEB_APP_DIR);
  return app;
}

/** Where the built web app (apps/admin) lives unless LAB_WEB_DIR says; the same relative path from src/ and dist/. */
export const WEB_APP_DIR = path.resolve(__dirname, '../../admin/dist');

const NOT_BUILT = `<!doctype html><html lang="nl"><meta charset="utf-8"><title>Living Lab Stabilisatie</title>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto;line-height:1.5"><h1>De webapplicatie is nog niet gebouwd</h1>
<p>De API werkt wel: zie <a href="/api/docs">/api/docs</a>. Bouw de webapplicatie met <code>npm run build</code> en start opnieuw.</p></body></html>`;

/**
 * The web app (react-admin SPA, and the client's form at /k/<token>) from the same process as the
 * API: static files, then index.html (or client.html) for any other GET outside /api. Security
 * headers for the pages: no framing, no referrer (a client link carries its token), a strict CSP.
 */
function serveWebApp(app: NestExpressApplication, dir: string): void {
  const built = existsSync(path.join(dir, 'index.html'));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api')) return next();
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
        "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    next();
  });
  if (built)
    app.useStaticAssets(dir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-store');
      },
    });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
    if (!built) return void res.status(200).type('html').send(NOT_BUILT);
    if (req.path.startsWith('/assets/')) return void res.status(404).type('text').send('Niet gevonden.');
    const page = req.path === '/k' || req.path.startsWith('/k/') ? 'client.html' : 'index.html';
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(path.join(dir, page));
  });
}
