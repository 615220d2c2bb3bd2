/**
 * Problems of a file, each with its path and a Dutch reason (B1). A file gets every problem at
 * once, up to MAX_PROBLEMS. The reasons of the JSON Schema checks are written here, once per ajv
 * keyword, for both the DDAS delivery and the pseudonymised delivery.
 */
import { personalDataInValue } from '@living-lab/domain';
import { childPath, pointerToPath } from './path';

export interface DdasProblem {
  /** e.g. leveringen[0].schuldhulptrajecten[12].intake.beschikkingsdatum; '' is the whole file */
  path: string;
  /** Dutch, e.g. 'geen geldige datum' */
  message: string;
}

export const MAX_PROBLEMS = 100;

/** The part of an ajv error this package reads (the generated validators return these). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'tekst',
  integer: 'een geheel getal',
  number: 'een getal',
  boolean: 'true of false',
  array: 'een lijst',
  object: 'een object',
  null: 'leeg (null)',
};

const FORMAT_REASONS: Record<string, string> = {
  date: 'geen geldige datum',
  'date-time': 'geen geldige datum en tijd',
  email: 'geen geldig e-mailadres',
};

const PATTERN_REASONS: Record<string, string> = {
  deelnemer: 'geen geldige deelnemercode (D- en 16 tekens)',
  sleutel: 'geen geldige vingerafdruk van een sleutel (SHA256: en 16 tekens)',
};

const list = (values: unknown[]) => values.map(String).join(', ');
const plural = (n: number, one: string, more: string) => `${n} ${n === 1 ? one : more}`;

/**
 * One schema error as a problem. The offending value is never echoed (it might be personal data);
 * an unknown field is named unless its name itself looks like personal data.
 */
export function schemaProblem(e: SchemaError): DdasProblem {
  const path = pointerToPath(e.instancePath);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return { path: childPath(path, String(p.missingProperty)), message: 'ontbreekt' };
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      return { path, message: personalDataInValue(name) ? 'onbekend veld' : `onbekend veld "${name}"` };
    }
    case 'type': {
      const types = String(p.type).split(',');
      return { path, message: `moet ${types.map((t) => TYPE_NAMES[t] ?? t).join(' of ')} zijn` };
    }
    case 'format':
      return { path, message: FORMAT_REASONS[String(p.format)] ?? `heeft niet de vorm ${String(p.format)}` };
    case 'enum':
      return { path, message: `staat niet in de codelijst; kies uit: ${list(p.allowedValues as unknown[])}` };
    case 'const':
      return { path, message: `moet "${String(p.allowedValue)}" zijn` };
    case 'pattern':
      return { path, message: PATTERN_REASONS[path.split('.').pop() ?? ''] ?? 'heeft niet de juiste vorm' };
    case 'minItems':
      return { path, message: `moet minstens ${plural(Number(p.limit), 'element', 'elementen')} hebben` };
    case 'maxItems':
      return { path, message: `mag hoogstens ${plural(Number(p.limit), 'element', 'elementen')} hebben` };
    case 'minimum':
      return { path, message: `moet minstens ${String(p.limit)} zijn` };
    default:
      return { path, message: 'klopt niet met het schema' };
  }
}

/** The first MAX_PROBLEMS schema errors as problems (same path and reason only once). */
export function schemaProblems(errors: readonly SchemaError[] | null | undefined): DdasProblem[] {
  const seen = new Set<string>();
  const out: DdasProblem[] = [];
  for (const e of errors ?? []) {
    const problem = schemaProblem(e);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
    if (out.length >= MAX_PROBLEMS) break;
  }
  return out;
}
