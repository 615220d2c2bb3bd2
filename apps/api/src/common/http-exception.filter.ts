import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';

/**
 * Maps every error to a JSON answer without internals: HttpExceptions as they are, database
 * constraint violations that slipped past validation as 409/400, anything else as a plain 500
 * (logged here, never sent: no stack traces in responses).
 */
/** PostgreSQL errors that mean the input was wrong: check/foreign key violations, bad text or
 * number representation, out-of-range values, NUL characters, invalid dates. */
const BAD_INPUT_CODES = new Set(['23514', '23503', '23502', '22P02', '22P05', '22003', '22007', '22008', '22021', '22001']);

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const code = (exception as QueryFailedError & { driverError?: { code?: string } })?.driverError?.code;
    if (exception instanceof QueryFailedError && code === '23505') {
      res.status(HttpStatus.CONFLICT).json({ statusCode: 409, message: 'Dit bestaat al.' });
      return;
    }
    if (exception instanceof QueryFailedError && BAD_INPUT_CODES.has(code ?? '')) {
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: 'De invoer klopt niet.', errors: [] });
      return;
    }
    if ((exception as { type?: string })?.type === 'entity.parse.failed') {
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, message: 'De invoer is geen geldige JSON.', errors: [] });
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.' });
  }
}
