import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, type ErrorKind, formatErrorMessage } from '@living-lab/domain';

/**
 * Is this error "the database cannot be reached" (rather than a bug or bad input)? Such errors are
 * answered 503 with a Dutch message and a Retry-After, never a 500: the database may be restarting
 * and the API recovers by itself once it is back (the pool makes new connections on demand).
 *
 * Recognised: socket errors (ECONNREFUSED, ECONNRESET, …), PostgreSQL SQLSTATE class 08
 * (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
 * connections), and the pg driver's own messages for a lost connection or a pool timeout. Looks
 * through TypeORM's QueryFailedError (driverError) and `cause` chains.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const PG_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Connection is not established|ConnectionIsNotSet/i,
];
/** TypeORM's query runner released its connection under a request because the connection died (its 'error' listener): the next query on it throws one of these. */
const DOWN_ERROR_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

export function isDatabaseDown(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.name === 'string' && DOWN_ERROR_NAMES.has(e.name)) return true;
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || PG_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseDown(x, depth + 1))) return true; // AggregateError (IPv4 and IPv6 refused)
  return isDatabaseDown(e.driverError, depth + 1) || isDatabaseDown(e.cause, depth + 1);
}

/** The one mapping from a domain error's kind to an HTTP status. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  bad_input: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  gone: HttpStatus.GONE,
  too_many: HttpStatus.TOO_MANY_REQUESTS,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * The JSON body of a domain error: `{statusCode, code, message}` and `field` where the error is
 * about one. Bad input lists its field problems in `errors: [{field, message, code?}]` under the
 * generic message "De invoer klopt niet." (as before codes); a bad-input error without field
 * problems keeps its own message. Another kind with problems (an amendment refused for several
 * reasons) lists them in `errors` too.
 */
export function domainErrorBody(e: DomainError): Record<string, unknown> & { statusCode: number } {
  const statusCode = HTTP_STATUS[e.kind];
  if (e.kind === 'bad_input') {
    if (!e.problems.length) return { statusCode, code: e.code, message: e.message, errors: [] };
    return { statusCode, code: e.code, message: formatErrorMessage('input.invalid'), errors: e.problems };
  }
  return {
    ...e.params,
    statusCode,
    code: e.code,
    message: e.message,
    ...(e.field ? { field: e.field } : {}),
    ...(e.problems.length ? { errors: e.problems } : {}),
  };
}

/**
 * Maps every error to a JSON answer without internals: HttpExceptions as they are, database
 * constraint violations that slipped past validation as 409/400, a database that cannot be reached
 * as 503 (isDatabaseDown above), anything else as a plain 500
 * (logged here, never sent: no stack traces in responses).
 */
/** PostgreSQL errors that mean the input was wrong: check/foreign key violations, bad text or
 * number representation, out-of-range values, NUL characters, invalid dates. */
const BAD_INPUT_CODES = new Set([
  '23514',
  '23503',
  '23502',
  '22P02',
  '22P05',
  '22003',
  '22007',
  '22008',
  '22021',
  '22001',
]);

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private lastDownLog = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      const body = domainErrorBody(exception);
      res.status(body.statusCode).json(body);
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      // the body parser's limit (100 kB of JSON): answered with a code like every other error
      res.status(HttpStatus.PAYLOAD_TOO_LARGE).json(domainErrorBody(new DomainError('input.too_large')));
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res
        .status(exception.getStatus())
        .json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    if (isDatabaseDown(exception)) {
      // Not a bug: the database is restarting or unreachable. One line in the log (no stack), 503 with Retry-After.
      const now = Date.now();
      if (now - this.lastDownLog > 5_000) {
        this.lastDownLog = now;
        this.logger.warn(`Database unreachable: ${(exception as Error)?.message ?? String(exception)}`);
      }
      res.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', '5');
      res.json(domainErrorBody(new DomainError('server.unavailable')));
      return;
    }
    const code = (exception as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code;
    if (exception instanceof QueryFailedError && code === '23505') {
      res.status(HttpStatus.CONFLICT).json(domainErrorBody(new DomainError('conflict.exists')));
      return;
    }
    if (exception instanceof QueryFailedError && BAD_INPUT_CODES.has(code ?? '')) {
      res.status(HttpStatus.BAD_REQUEST).json(domainErrorBody(new DomainError('input.invalid')));
      return;
    }
    if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      res.status(HttpStatus.BAD_REQUEST).json(domainErrorBody(new DomainError('input.not_json')));
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json(domainErrorBody(new DomainError('server.error')));
  }
}
