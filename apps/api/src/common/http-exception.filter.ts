import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
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
  /^Query read timeout$/, // the driver gave up on a stalled server (LAB_DB_QUERY_TIMEOUT_MS)
  /canceling statement due to statement timeout/i, // the query budget ran out (57014)
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

/** The Dutch title of each error status (RFC 9457 `title`: the same for every problem of a type). */
export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Ongeldige invoer',
  401: 'Niet ingelogd',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  405: 'Methode niet toegestaan',
  409: 'Conflict',
  410: 'Niet meer beschikbaar',
  413: 'Te groot',
  415: 'Soort invoer niet ondersteund',
  429: 'Te veel verzoeken',
  500: 'Fout in de server',
  503: 'Tijdelijk niet beschikbaar',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An error body as RFC 9457 problem details (API Design Rules /core/error-handling/problem-details):
 * `type` (`urn:living-lab:problem:<code>`, or `about:blank` without a code), `title`, `status` and
 * `detail` (the Dutch message) first, then every field the body had before (`statusCode`, `code`,
 * `message`, `field`, `errors`, the message's values), so that existing clients keep working. A
 * field of the old body wins over a problem member of the same name (the health check's
 * `status: "error"`); such a body is then no problem document and keeps `application/json`.
 */
export function problemBody(body: Record<string, unknown> & { statusCode: number }): Record<string, unknown> {
  const status = body.statusCode;
  const message = Array.isArray(body.message) ? body.message.join(' ') : body.message;
  return {
    type: typeof body.code === 'string' ? `urn:living-lab:problem:${body.code}` : 'about:blank',
    title: PROBLEM_TITLES[status] ?? (status >= 500 ? PROBLEM_TITLES[500] : 'Verzoek geweigerd'),
    status,
    detail: typeof message === 'string' ? message : (PROBLEM_TITLES[status] ?? ''),
    ...body,
  };
}

/** Answers with an error: a DomainError or an error body, as problem details (problemBody). */
export function sendProblem(
  res: Response,
  error: DomainError | (Record<string, unknown> & { statusCode: number }),
): void {
  const body = problemBody(error instanceof DomainError ? domainErrorBody(error) : error);
  res.status(body.statusCode as number);
  res.type(typeof body.status === 'number' ? PROBLEM_CONTENT_TYPE : 'application/json').send(JSON.stringify(body));
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
    if (exception instanceof DomainError) return sendProblem(res, exception);
    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      // the body parser's limit (100 kB of JSON): answered with a code like every other error
      return sendProblem(res, new DomainError('input.too_large'));
    }
    if (exception instanceof HttpException && (exception.cause as { type?: string })?.type === 'entity.parse.failed') {
      // The body parser's SyntaxError, which Nest wraps in a BadRequestException with English text
      return sendProblem(res, new DomainError('input.not_json'));
    }
    if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message)) {
      // Nest's answer for a path no route has ("Cannot GET /api/v1/x"): coded and in Dutch like every other error
      return sendProblem(res, new DomainError('route.not_found'));
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const statusCode = exception.getStatus();
      return sendProblem(
        res,
        typeof body === 'string' ? { statusCode, message: body } : { statusCode, ...(body as Record<string, unknown>) },
      );
    }
    if (isDatabaseDown(exception)) {
      // Not a bug: the database is restarting or unreachable. One line in the log (no stack), 503 with Retry-After.
      const now = Date.now();
      if (now - this.lastDownLog > 5_000) {
        this.lastDownLog = now;
        this.logger.warn(`Database unreachable: ${(exception as Error)?.message ?? String(exception)}`);
      }
      res.setHeader('Retry-After', '5');
      return sendProblem(res, new DomainError('server.unavailable'));
    }
    const code = (exception as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code;
    if (exception instanceof QueryFailedError && code === '23505') {
      return sendProblem(res, new DomainError('conflict.exists'));
    }
    if (exception instanceof QueryFailedError && BAD_INPUT_CODES.has(code ?? '')) {
      return sendProblem(res, new DomainError('input.invalid'));
    }
    if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      return sendProblem(res, new DomainError('input.not_json'));
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    sendProblem(res, new DomainError('server.error'));
  }
}
