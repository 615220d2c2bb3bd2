import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';

/**
 * A small in-memory fixed-window limiter for the public client-form endpoints (no login, so the
 * only thing between the internet and token guessing). Per client IP: at most LIMIT requests per
 * WINDOW. One process serves the API, so memory is the right store; @nestjs/throttler would add a
 * dependency (and a Nest peer range) for these few lines.
 */
@Injectable()
export class ClientFormRateLimitGuard implements CanActivate {
  static LIMIT = 30;
  static WINDOW_MS = 60_000;
  private readonly hits = new Map<string, { start: number; count: number }>();

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
    const key = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
    const now = Date.now();
    if (this.hits.size > 10_000)
      for (const [k, v] of this.hits) if (now - v.start >= ClientFormRateLimitGuard.WINDOW_MS) this.hits.delete(k);
    const entry = this.hits.get(key);
    if (!entry || now - entry.start >= ClientFormRateLimitGuard.WINDOW_MS) {
      this.hits.set(key, { start: now, count: 1 });
      return true;
    }
    entry.count += 1;
    if (entry.count > ClientFormRateLimitGuard.LIMIT) {
      throw new HttpException(
        { statusCode: 429, message: 'U heeft het te vaak geprobeerd. Wacht een minuut en probeer het opnieuw.' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}
