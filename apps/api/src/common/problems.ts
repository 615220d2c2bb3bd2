import { BadRequestException, HttpStatus, type ValidationError } from '@nestjs/common';

/** One problem with a request: which field and why, in plain Dutch. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** 400 with every field problem listed: `{statusCode, message, errors: [{field, message}]}`. */
export class BadInputException extends BadRequestException {
  constructor(public readonly problems: FieldProblem[]) {
    super({
      statusCode: HttpStatus.BAD_REQUEST,
      error: 'Bad Request',
      message: 'De invoer klopt niet.',
      errors: problems,
    });
  }
}

export const badField = (field: string, message: string) => new BadInputException([{ field, message }]);

/** Flattens class-validator errors (also nested ones) into field problems. */
export function validationProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      for (const [name, message] of Object.entries(e.constraints)) {
        out.push({ field, message: name === 'whitelistValidation' ? 'Dit veld is onbekend.' : message });
      }
    }
    if (e.children?.length) out.push(...validationProblems(e.children, field));
  }
  return out;
}
