import { HttpError } from 'react-admin';

/** The API's base path; the app is served by the API itself, so the origin is the same. */
export const API = '/api/v1';
const TOKEN = 'lab.token';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  get role() {
    return sessionStorage.getItem('lab.role');
  },
  get gemeente() {
    return sessionStorage.getItem('lab.gemeente');
  },
  get username() {
    return sessionStorage.getItem('lab.username');
  },
  set(s: { accessToken: string; role: string; gemeente?: string; username: string }) {
    sessionStorage.setItem(TOKEN, s.accessToken);
    sessionStorage.setItem('lab.role', s.role);
    sessionStorage.setItem('lab.username', s.username);
    if (s.gemeente) sessionStorage.setItem('lab.gemeente', s.gemeente);
    else sessionStorage.removeItem('lab.gemeente');
  },
  clear() {
    // 'lab.oidc': signed in at the organisation's provider (sign-out goes there too).
    // 'lab.ddasKey': the gemeente's DDAS key (ddas/keyStore.ts) goes with the session.
    for (const k of [TOKEN, 'lab.role', 'lab.gemeente', 'lab.username', 'lab.ddasKey', 'lab.oidc'])
      sessionStorage.removeItem(k);
  },
};

/** One field problem of an API refusal; `code` is the catalogue code where the problem has one. */
export interface Problem {
  field?: string;
  message: string;
  code?: string;
}

/**
 * The body of an API refusal as the web app keeps it: the API's stable `code` (read this, never
 * the text), the Dutch `message`, the `field` it is about, the API's field problems as `problems`
 * and, where there are any, react-admin's submission errors in `errors` (see formErrors).
 */
export interface ApiErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
  field?: string;
  problems?: Problem[];
  /** react-admin's submission errors; the API's own (empty) list where there is nothing to show */
  errors?: Record<string, string> | Problem[];
  [other: string]: unknown;
}

/** A refused request: react-admin's HttpError with the API's error code at hand. */
export class ApiError extends HttpError {
  declare readonly body: ApiErrorBody;

  constructor(
    message: string,
    status: number,
    body: ApiErrorBody,
    readonly code: string | undefined = body.code,
  ) {
    super(message, status, body);
  }
}

/**
 * The API's `errors: [{ field, message }]` as react-admin's submission errors: a flat object of
 * form paths (`arms[1].key` becomes `arms.1.key`) to the Dutch message, which react-admin puts on
 * the inputs, plus `root.serverError`, which the form shows as a notification (and FormProblems
 * shows above the save button). `mapField` translates an API field to the form's path; a problem
 * it maps to null (no input shows it) is added to the root message, so no message is ever lost.
 */
export function formErrors(
  message: string,
  problems: Problem[],
  mapField: (field: string) => string | null = (f) => f,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const unshown: string[] = [];
  for (const p of problems) {
    const path = p.field ? mapField(p.field.replace(/\[(\d+)\]/g, '.$1')) : null;
    if (!path) {
      unshown.push(p.field ? `${p.field}: ${p.message}` : p.message);
      continue;
    }
    errors[path] = errors[path] ? `${errors[path]} ${p.message}` : p.message;
  }
  // A message on an array and on one of its items: the array's own message goes to `<array>.root`.
  for (const path of Object.keys(errors)) {
    if (Object.keys(errors).some((other) => other.startsWith(`${path}.`))) {
      errors[`${path}.root`] = errors[path];
      delete errors[path];
    }
  }
  const shown = Object.keys(errors).length > 0;
  errors['root.serverError'] = [message, ...unshown, shown ? 'Zie de rood gemarkeerde velden.' : '']
    .filter(Boolean)
    .join(' ');
  return errors;
}

/**
 * A hand-made form's errors per field from what a `catch` got: the API's field problems (several
 * on one field joined), keyed by the API's field name. Empty when the refusal names no field.
 */
export function fieldErrors(e: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const p of caught(e).body?.problems ?? [])
    if (p.field) byField[p.field] = byField[p.field] ? `${byField[p.field]} ${p.message}` : p.message;
  return byField;
}

/**
 * What a `catch` got, read safely: the `message` of any Error (an ApiError, a network TypeError)
 * and, for an ApiError (or react-admin's HttpError), its `body`.
 */
export function caught(e: unknown): { message?: string; body?: ApiErrorBody } {
  if (typeof e !== 'object' || e === null) return {};
  const { message, body } = e as { message?: unknown; body?: unknown };
  return {
    message: typeof message === 'string' ? message : undefined,
    body: body && typeof body === 'object' ? (body as ApiErrorBody) : undefined,
  };
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  json: T;
}

/**
 * One request to the API with the bearer token. A refusal becomes an ApiError (an HttpError) with
 * the API's `code`, whose body carries the Dutch message and, when the API lists field problems,
 * `errors` keyed by field, which react-admin shows at the inputs.
 */
export async function api<T = unknown>(
  path: string,
  init: RequestInit & { query?: Record<string, unknown> } = {},
): Promise<ApiResponse<T>> {
  const { query, ...rest } = init;
  const qs = query
    ? new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== null && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ).toString()
    : '';
  const headers = new Headers(rest.headers);
  // Errors come as application/problem+json (RFC 9457) with the same fields; the body is read as JSON either way.
  headers.set('Accept', 'application/json, application/problem+json');
  if (rest.body && !(rest.body instanceof FormData) && !headers.has('Content-Type'))
    headers.set('Content-Type', 'application/json');
  if (session.token) headers.set('Authorization', `Bearer ${session.token}`);
  const res = await fetch(`${path.startsWith('/api') ? '' : API}${path}${qs ? `?${qs}` : ''}`, { ...rest, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!res.ok) {
    const answer: ApiErrorBody = json && typeof json === 'object' && !Array.isArray(json) ? (json as ApiErrorBody) : {};
    const message =
      typeof answer.message === 'string'
        ? answer.message
        : res.status === 404
          ? 'Dit onderdeel is (nog) niet beschikbaar.'
          : `Er ging iets mis (${res.status}).`;
    const body: ApiErrorBody = { ...answer, code: typeof answer.code === 'string' ? answer.code : undefined };
    if (Array.isArray(answer.errors) && answer.errors.length) {
      body.problems = answer.errors;
      body.errors = formErrors(message, body.problems);
    }
    throw new ApiError(message, res.status, body);
  }
  return { status: res.status, headers: res.headers, json: json as T };
}

/** Downloads a file (PDF, XLSX) with the token and hands it to the browser. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${session.token ?? ''}` } });
  if (!res.ok)
    throw new Error(
      res.status === 404 ? 'Dit bestand is (nog) niet beschikbaar.' : `Downloaden lukte niet (${res.status}).`,
    );
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
