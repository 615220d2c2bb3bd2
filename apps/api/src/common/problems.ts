import type { ValidationError } from '@nestjs/common';
import type { FieldProblem } from '@living-lab/domain';

export type { FieldProblem };

/**
 * Flattens class-validator errors (also nested ones) into field problems, for the validation
 * pipe's `invalidInput(problems)` (a DomainError with code `input.invalid`).
 */
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
