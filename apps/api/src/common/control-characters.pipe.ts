import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { type FieldProblem, fieldError, invalidField, invalidInput } from '@living-lab/domain';

// C0 control characters other than tab, newline and carriage return (NUL included: PostgreSQL
// cannot store it in text).
// eslint-disable-next-line no-control-regex -- control characters are what this pipe looks for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Deeper nesting than this is refused (`input.too_deep`); no request of the API needs more than a few levels. */
export const MAX_INPUT_DEPTH = 32;
/** At most this many control-character problems are listed in one answer. */
const MAX_PROBLEMS = 20;

const CONTROL_MESSAGE = 'Bevat een onzichtbaar stuurteken. Haal het weg en probeer opnieuw.';

/** A container on the walk's stack, with the way back to the root for naming a field. */
interface Frame {
  value: object;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

/** `a.b[2].c` for a frame (and an optional key below it); `(waarde)` for the value itself. */
function fieldOf(frame: Frame | undefined, key?: string | number): string {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let f = frame; f && f.key !== undefined; f = f.parent) keys.push(f.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    path = typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k;
  }
  return path || '(waarde)';
}

const PLAIN_TYPES: unknown[] = [Object, Array, String, Number, Boolean];
const isDtoClass = (t: unknown): boolean => typeof t === 'function' && !PLAIN_TYPES.includes(t);

/**
 * Refuses any string in a request (body, query, path) that contains control characters, and any
 * value nested deeper than MAX_INPUT_DEPTH. Walks with an explicit stack, so neither depth nor
 * width can overflow the call stack (issue 18, finding 7): a JSON body of 2,000 levels is a 400
 * `input.too_deep`, never a 500. A JSON list sent where a route expects an object is refused first.
 */
@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata?: ArgumentMetadata): unknown {
    const problems: FieldProblem[] = [];
    const check = (s: string, frame: Frame | undefined, key?: string | number) => {
      if (problems.length < MAX_PROBLEMS && CONTROL.test(s))
        problems.push({ field: fieldOf(frame, key), message: CONTROL_MESSAGE });
    };
    const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null && !Buffer.isBuffer(v);

    if (typeof value === 'string') check(value, undefined);
    else if (isContainer(value)) {
      const stack: Frame[] = [{ value, depth: 1 }];
      while (stack.length) {
        const frame = stack.pop()!;
        const visit = (child: unknown, key: string | number) => {
          if (typeof child === 'string') check(child, frame, key);
          else if (isContainer(child)) {
            if (frame.depth >= MAX_INPUT_DEPTH) throw fieldError('input.too_deep', fieldOf(frame, key));
            stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
          }
        };
        const v = frame.value;
        if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v[i], i);
        else for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], k);
      }
    }
    if (problems.length) throw invalidInput(problems);
    // A list where a form (DTO class) is expected: refused before class-validator spends
    // seconds listing every element of a 100 kB array as a problem.
    if (metadata?.type === 'body' && Array.isArray(value) && isDtoClass(metadata.metatype))
      throw invalidField('(waarde)', 'Stuur de gegevens als één JSON-object, niet als lijst.');
    return value;
  }
}
