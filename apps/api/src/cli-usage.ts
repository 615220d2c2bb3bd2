/**
 * A wrong command line (exit code 2, with the usage). node:util parseArgs reports an unknown flag,
 * a flag without its value or an unexpected argument as a TypeError with a stable `code`; `from`
 * turns those into a UsageError with a Dutch sentence before node's own (English) detail.
 */
const PARSE_ERRORS: Record<string, string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: 'Onbekende optie.',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'Deze optie heeft een waarde nodig (of juist geen).',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'Onverwacht argument.',
};

export class UsageError extends Error {
  static from(e: unknown): UsageError | undefined {
    if (e instanceof UsageError) return e;
    const code = e instanceof TypeError ? (e as TypeError & { code?: string }).code : undefined;
    if (code && code in PARSE_ERRORS)
      return new UsageError(`${PARSE_ERRORS[code]} ${e instanceof Error ? e.message : ''}`);
    return undefined;
  }
}
