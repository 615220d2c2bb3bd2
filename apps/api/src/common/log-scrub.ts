import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The values of the current request that may identify a participant or a session: participant
 * and token path segments, participant references in the query or body, the bearer token. A
 * message logged while the request runs has them replaced, whatever its wording.
 */
const requestValues = new AsyncLocalStorage<string[]>();

export function sensitiveRequestValues(req: Request): string[] {
  const out: string[] = [];
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const p = /\/participants\/([^/]+)\/([^/]+)/.exec(path);
  if (p) out.push(decodeURIComponent(p[2]));
  const c = /\/client-form\/([^/]+)/.exec(path);
  if (c) out.push(decodeURIComponent(c[1]));
  const pick = (o: unknown) => {
    if (!o || typeof o !== 'object') return;
    for (const k of ['participantRef', 'participant_ref', 'ref', 'token', 'refreshToken']) {
      const v = (o as Record<string, unknown>)[k];
      if (typeof v === 'string') out.push(v);
    }
  };
  pick(req.query);
  pick(req.body);
  const auth = req.headers?.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) out.push(auth.slice(7));
  return out.sort((a, b) => b.length - a.length);
}

/** Runs the rest of the request with its sensitive values known to the logger. */
export function withRequestValues<T>(req: Request, fn: () => T): T {
  return requestValues.run(sensitiveRequestValues(req), fn);
}

/**
 * Logs never carry participant references or tokens (issue 8). Everything the API logs through
 * Nest's Logger (the exception filter's unexpected errors, imports, the schedulers) passes
 * `scrubLogText` first:
 *
 * - bearer tokens, JWTs, and long hex/base64url strings (refresh tokens, client-form tokens, hashes);
 * - PostgreSQL's `Key (…)=(…)` details, which repeat the values of a unique key (gemeente, ref);
 * - quoted values in messages (`invalid input syntax …: "LW-0042"`), except plain lower-case
 *   identifiers with an underscore (constraint and column names, which help debugging);
 * - the participant and token segments of API paths (`/participants/<gemeente>/<ref>`, `/client-form/<token>`);
 * - `participant_ref`/`participantRef` fields in JSON-ish text.
 */
export function scrubLogText(text: string): string {
  for (const v of requestValues.getStore() ?? []) if (v.length >= 2) text = text.split(v).join('[ref]');
  return text
    .replace(/\bBearer\s+[^\s"',;]+/gi, 'Bearer [token]')
    .replace(/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[token]')
    .replace(/(\/participants\/[^/\s"'?]+\/)[^/\s"'?]+/g, '$1[ref]')
    .replace(/(\/client-form\/)[^/\s"'?]+/g, '$1[token]')
    .replace(
      /(\bKey \([^)]*\)=\()[^]*?(\)(?: already exists| is not present| is still referenced|\s|$))/g,
      '$1[redacted]$2',
    )
    .replace(/("?participant_?[rR]ef"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;)}]+)/g, '$1[ref]')
    .replace(/"([^"\n]*)"/g, (m, v: string) => (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(v) ? m : '"[value]"'))
    .replace(/'([^'\n]*)'/g, (m, v: string) => (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(v) ? m : "'[value]'"))
    .replace(/\b[0-9a-f]{32,}\b/gi, '[token]')
    .replace(/(?<![\w/.-])(?=[\w-]*[0-9])(?=[\w-]*[A-Z])[A-Za-z0-9_-]{32,}(?![\w/.-])/g, '[token]');
}

function scrub(value: unknown): unknown {
  if (typeof value === 'string') return scrubLogText(value);
  if (value instanceof Error) return scrubLogText(value.stack ?? value.message);
  if (value && typeof value === 'object') {
    try {
      return scrubLogText(JSON.stringify(value));
    } catch {
      return '[unprintable]';
    }
  }
  return value;
}

/** Nest's console logger with every message and stack scrubbed (createApp installs it). */
export class ScrubbingLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super();
    this.setLogLevels(levels);
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(
      messages.map(scrub),
      context,
      logLevel,
      writeStreamType,
      errorStack === undefined ? undefined : scrub(errorStack),
      params,
    );
  }

  protected override printStackTrace(stack: string): void {
    // Logger.error(message) without a stack passes undefined: nothing to print (scrubbing it threw and stopped the process).
    if (typeof stack !== 'string' || !stack) return;
    super.printStackTrace(scrubLogText(stack));
  }
}
