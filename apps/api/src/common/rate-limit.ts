/**
 * The two rate limits, with @nestjs/throttler (in-memory storage: one process serves the API):
 *   login        at most 20 attempts per 5 minutes per client address (POST /api/v1/auth/login)
 *   clientForm   at most 30 requests per minute per client address (the public client-form routes)
 * Over the limit: 429 with a coded Dutch error and Retry-After. The client address is Express's
 * `req.ip`: the socket's, or with LAB_TRUST_PROXY the client from X-Forwarded-For.
 *
 * A guard runs after body parsing, so a request that fails before it (malformed JSON, a body too
 * large) would not be counted; `countRequestsRejectedEarly` counts those in the same storage.
 */
import { applyDecorators, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import {
  getStorageToken,
  normalizeIp,
  SkipThrottle,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type ErrorCode } from '@living-lab/domain';

export const RATE_LIMITS = {
  login: { limit: 20, ttl: 5 * 60_000, code: 'auth.too_many_attempts', path: '/api/v1/auth/login' },
  clientForm: { limit: 30, ttl: 60_000, code: 'rate.too_many', path: '/api/v1/public/client-form' },
} as const satisfies Record<string, { limit: number; ttl: number; code: ErrorCode; path: string }>;
export type RateLimitName = keyof typeof RATE_LIMITS;
const NAMES = Object.keys(RATE_LIMITS) as RateLimitName[];

/** ThrottlerModule.forRoot's options: one named throttler per limit (each route opts into one, see RateLimit). */
export const THROTTLER_OPTIONS: ThrottlerModuleOptions = {
  throttlers: NAMES.map((name) => ({ name, limit: RATE_LIMITS[name].limit, ttl: RATE_LIMITS[name].ttl })),
  setHeaders: false,
};

/** Marks a request the guard has counted (so the early-failure counter does not count it again). */
const COUNTED = Symbol('rate-limit-counted');
type Tracked = Request & { [COUNTED]?: true };

const tracker = (req: Request): string => normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');
const keyOf = (name: string, client: string) => `${name}:${client}`;

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const r = req as unknown as Tracked;
    r[COUNTED] = true;
    return Promise.resolve(tracker(r));
  }

  protected override generateKey(_context: ExecutionContext, client: string, name: string): string {
    return keyOf(name, client);
  }

  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const name = NAMES.find((n) => detail.key === keyOf(n, detail.tracker)) ?? 'clientForm';
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    throw new DomainError(RATE_LIMITS[name].code);
  }
}

/** The route (or controller) counts toward the named limit, and only that one. */
export const RateLimit = (name: RateLimitName) =>
  applyDecorators(
    UseGuards(RateLimitGuard),
    SkipThrottle(Object.fromEntries(NAMES.filter((n) => n !== name).map((n) => [n, true]))),
  );

/**
 * Express middleware, mounted before the body parsers: a request on a limited path that is
 * answered without reaching the guard (malformed JSON, deeply nested JSON, too large) still
 * counts toward its limit, so such requests cannot be used to get around it.
 */
export function countRequestsRejectedEarly(app: INestApplication): void {
  const storage = app.get<ThrottlerStorage>(getStorageToken());
  for (const name of NAMES) {
    const { path, limit, ttl } = RATE_LIMITS[name];
    app.use(path, (req: Request, res: Response, next: NextFunction) => {
      res.once('finish', () => {
        if (!(req as Tracked)[COUNTED]) void storage.increment(keyOf(name, tracker(req)), ttl, limit, ttl, name);
      });
      next();
    });
  }
}
