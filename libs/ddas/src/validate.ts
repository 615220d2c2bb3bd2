/**
 * Validation of a DDAS v1.0 delivery against the specification's JSON Schema, with the tolerance
 * decided for real supplier files (DDAS-CONTRACT.md, docs/formats.md):
 * - top-level `$id`, `$schema` and `title` are dropped;
 * - JSON `null` for a field is read as absent (a required field that is null is then missing);
 * - a value outside a code list stays an error that names the allowed values.
 */
import type { DdasDelivery } from './delivery';
import { schemaProblems, type DdasProblem } from './problems';
import { validateDdasSchema } from './schemas';

const IGNORED_TOP_LEVEL = new Set(['$id', '$schema', 'title']);

/** A copy of the document with the tolerance applied. */
export function applyTolerance(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!IGNORED_TOP_LEVEL.has(k)) out[k] = v;
  return withoutNulls(out);
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

export function validateDelivery(doc: unknown): { delivery?: DdasDelivery; problems: DdasProblem[] } {
  const tolerated = applyTolerance(doc);
  if (validateDdasSchema(tolerated)) return { delivery: tolerated as DdasDelivery, problems: [] };
  return { problems: schemaProblems(validateDdasSchema.errors) };
}
