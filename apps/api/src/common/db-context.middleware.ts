import type { NextFunction, Request, Response } from 'express';
import { openRequestDbContext } from '@living-lab/db';
import { withRequestValues } from './log-scrub';

/**
 * Opens the database context of an HTTP request (anonymous: no participant-level row visible);
 * the AuthGuard fills it in from the verified token. Everything the request does, including work
 * it leaves running (an import), takes its connections in this context (libs/db/src/db-context.ts).
 * Middleware runs after body parsing, so the body's references are known to the log scrubber.
 */
export function dbContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  // also: the request's participant references and tokens, which the logger scrubs (log-scrub.ts)
  openRequestDbContext(() => withRequestValues(req, () => next()));
}
