import type { ValidationError } from '@nestjs/common';
import { DomainError, type FieldProblem, invalidField } from '@living-lab/domain';

export type { FieldProblem };

/**
 * A 400 with every field problem listed. Kept as a named subclass of DomainError (code
 * `input.invalid`) for the validation pipe and existing call sites; new code throws
 * `invalidInput(problems)` / `invalidField(field, reason)` / `fieldError(code, field)` from
 * @living-lab/domain directly.
 */
export class BadInputException extends DomainError {
  constructor(problems: FieldProblem[]) {
    super('input.invalid', { problems });
  }
}

/** @deprecated use invalidField from @living-lab/domain. */
export const badField = invalidField;

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
