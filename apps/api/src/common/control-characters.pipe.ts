import { Injectable, type PipeTransform } from '@nestjs/common';
import { BadInputException, type FieldProblem } from './problems';

// C0 control characters other than tab, newline and carriage return (NUL included: PostgreSQL
// cannot store it in text).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Refuses any string in a request (body, query, path) that contains control characters. */
@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown): unknown {
    const problems: FieldProblem[] = [];
    const walk = (v: unknown, path: string) => {
      if (typeof v === 'string') {
        if (CONTROL.test(v))
          problems.push({
            field: path || '(waarde)',
            message: 'Bevat een onzichtbaar stuurteken. Haal het weg en probeer opnieuw.',
          });
      } else if (Array.isArray(v)) {
        v.forEach((x, i) => walk(x, `${path}[${i}]`));
      } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
        for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      }
    };
    walk(value, '');
    if (problems.length) throw new BadInputException(problems);
    return value;
  }
}
