/**
 * Coded domain errors: one catalogue of every error the platform tells a user, with a stable code,
 * what kind of failure it is, and the Dutch message (B1). Services throw `DomainError(code, …)`;
 * one filter in the API maps the kind to an HTTP status; the web app reads `code`, never the text.
 *
 * Messages may hold `{name}` placeholders, filled from the error's params. Codes are part of the
 * API (`code` in every error body): add codes, never rename one.
 */

/** What went wrong, independent of transport. The API maps each kind to one HTTP status. */
export type ErrorKind =
  | 'bad_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_many'
  | 'too_large'
  | 'unavailable'
  | 'internal';

interface CatalogueEntry {
  readonly kind: ErrorKind;
  readonly message: string;
}

/**
 * The catalogue. Keys are `<area>.<what>`; add an entry here (and nowhere else) for a new error.
 * Keep messages plain Dutch: say what happened and, where it helps, what to do.
 */
export const ERROR_CATALOGUE = {
  // Generic
  'input.invalid': { kind: 'bad_input', message: 'De invoer klopt niet.' },
  'input.not_json': { kind: 'bad_input', message: 'De invoer is geen geldige JSON.' },
  'input.too_deep': { kind: 'bad_input', message: 'De invoer is te diep genest.' },
  'input.too_large': { kind: 'too_large', message: 'De invoer is te groot.' },
  'conflict.exists': { kind: 'conflict', message: 'Dit bestaat al.' },
  'server.unavailable': {
    kind: 'unavailable',
    message:
      'De database is tijdelijk niet bereikbaar. Er is niets opgeslagen. Probeer het over een paar seconden opnieuw.',
  },
  'server.error': { kind: 'internal', message: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.' },

  // Sign-in and rights
  'auth.required': { kind: 'unauthenticated', message: 'Log eerst in.' },
  'auth.token_invalid': { kind: 'unauthenticated', message: 'Uw sessie is verlopen of ongeldig. Log opnieuw in.' },
  'auth.wrong_credentials': { kind: 'unauthenticated', message: 'Gebruikersnaam of wachtwoord klopt niet.' },
  'auth.role_forbidden': { kind: 'forbidden', message: 'Dit mag u met uw rol niet doen.' },
  'auth.other_gemeente': {
    kind: 'forbidden',
    message: 'U mag alleen gegevens van uw eigen gemeente zien en wijzigen.',
  },
  'auth.too_many_attempts': {
    kind: 'too_many',
    message: 'Te veel inlogpogingen. Wacht een paar minuten en probeer het dan opnieuw.',
  },
  'rate.too_many': { kind: 'too_many', message: 'Te veel verzoeken. Wacht even en probeer het dan opnieuw.' },

  // Things that are not there
  'gemeente.not_found': { kind: 'not_found', message: 'Gemeente "{gemeente}" bestaat niet.' },
  'gemeente.exists': { kind: 'bad_input', message: 'Deze code bestaat al.' },
  'user.not_found': { kind: 'not_found', message: 'Deze gebruiker bestaat niet.' },
  'user.exists': { kind: 'bad_input', message: 'Deze gebruikersnaam bestaat al.' },
  'participant.not_found': { kind: 'not_found', message: 'Deze deelnemer is niet bekend bij deze gemeente.' },
  'experiment.not_found': { kind: 'not_found', message: 'Experiment "{key}" bestaat niet.' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; a missing param stays visible as `{name}` (a test catches it). */
export function formatErrorMessage(code: ErrorCode, params: ErrorParams = {}): string {
  return ERROR_CATALOGUE[code].message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export const errorKind = (code: ErrorCode): ErrorKind => ERROR_CATALOGUE[code].kind;

/** One problem with one field of a request. `code` is set where the problem has a catalogue entry. */
export interface FieldProblem {
  field: string;
  message: string;
  code?: ErrorCode;
}

/**
 * The one error type services throw. `message` is the Dutch catalogue text (with params filled),
 * `field` names the input it is about (where one applies), `problems` lists every field problem
 * of a bad request at once.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly params: ErrorParams;
  readonly field?: string;
  readonly problems: readonly FieldProblem[];

  constructor(code: ErrorCode, options: { params?: ErrorParams; field?: string; problems?: FieldProblem[] } = {}) {
    super(formatErrorMessage(code, options.params));
    this.name = 'DomainError';
    this.code = code;
    this.kind = errorKind(code);
    this.params = options.params ?? {};
    this.field = options.field;
    this.problems = options.problems ?? [];
  }
}

/** A bad request with every field problem listed (kind bad_input, code input.invalid). */
export const invalidInput = (problems: FieldProblem[]) => new DomainError('input.invalid', { problems });

/** A bad request about one field, with a reason specific to it. */
export const invalidField = (field: string, message: string, code?: ErrorCode) =>
  new DomainError('input.invalid', { field, problems: [{ field, message, ...(code ? { code } : {}) }] });

/** A catalogued error about one field: the problem's message is the catalogue's. */
export const fieldError = (code: ErrorCode, field: string, params?: ErrorParams) => {
  const message = formatErrorMessage(code, params);
  return new DomainError(code, { field, params, problems: [{ field, message, code }] });
};

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
