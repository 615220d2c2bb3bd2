/**
 * The two generated validators (generated/validators.ts, `npm run generate:ddas`), typed. They are
 * ajv standalone code: no eval at run time, so they run under the web app's CSP as well as in Node.
 */
import * as generated from './generated/validators';
import type { SchemaError } from './problems';

export type SchemaValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** The DDAS v1.0 delivery (schema/json_schema_Uitwisselmodel.json, the specification's schema). */
export const validateDdasSchema = generated.validateDdas as unknown as SchemaValidator;
/** The pseudonymised delivery (schema/pseudoniem.schema.json). */
export const validatePseudoniemSchema = generated.validatePseudoniem as unknown as SchemaValidator;
