import type { AuthProvider } from 'react-admin';
import { API, ApiError, session } from './http';
import { ROLE_LABELS } from './format';

export type Role = 'beheerder' | 'projectleider' | 'gemeente' | 'reviewer';

/** What each role may use in the app (the API enforces the same; this only hides what would be refused). */
export const CAN: Record<string, Role[]> = {
  experiments: ['beheerder', 'projectleider', 'gemeente'],
  'experiments.write': ['beheerder', 'projectleider'],
  proposals: ['beheerder', 'projectleider', 'gemeente'],
  'proposals.make': ['gemeente'],
  'proposals.decide': ['beheerder', 'projectleider'],
  results: ['beheerder', 'projectleider', 'gemeente'],
  /** the analysis dataset (one row per participant of the whole experiment) */
  dataset: ['beheerder', 'projectleider'],
  enrolments: ['beheerder', 'projectleider', 'gemeente'],
  'enrolments.write': ['beheerder', 'gemeente'],
  participants: ['beheerder', 'projectleider', 'gemeente'],
  'participants.write': ['beheerder', 'gemeente'],
  gemeenten: ['beheerder', 'projectleider', 'gemeente'],
  'gemeenten.write': ['beheerder'],
  users: ['beheerder'],
  imports: ['beheerder', 'projectleider', 'gemeente'],
  'imports.write': ['beheerder', 'gemeente'],
  /** the DDAS key page and converting a DDAS file in the browser */
  ddas: ['beheerder', 'gemeente'],
  quality: ['beheerder', 'projectleider', 'gemeente'],
  worklist: ['beheerder', 'gemeente'],
  reports: ['beheerder', 'projectleider', 'reviewer', 'gemeente'],
  begrippen: ['beheerder', 'projectleider', 'reviewer', 'gemeente'],
  'reports.publish': ['beheerder', 'projectleider'],
  'reports.versions': ['beheerder', 'projectleider', 'reviewer'],
};
export const can = (role: string | undefined | null, what: string) =>
  !!role && (CAN[what] ?? []).includes(role as Role);

/**
 * Back from the organisation's sign-in (OIDC, issue 17): the API sent the browser here with a
 * one-time code in `?oidc_code=`. Exchanged once for the same session a local login gives; the code
 * leaves the address bar at once (also when the exchange fails).
 */
async function exchangeOidcCode(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('oidc_code');
  if (!code) return;
  params.delete('oidc_code');
  const rest = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`);
  const res = await fetch(`${API}/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body?.message ?? 'Inloggen lukte niet.', res.status, body ?? {});
  session.set(body);
  sessionStorage.setItem('lab.oidc', '1');
}

/** Whether the login page offers "Inloggen met uw organisatie-account" (the API says so). */
export async function oidcOffered(): Promise<boolean> {
  const res = await fetch(`${API}/auth/options`).catch(() => undefined);
  const body = res?.ok ? await res.json().catch(() => ({})) : {};
  return body?.oidc === true;
}

/** Where the browser goes to sign in with the organisation's account. */
export const OIDC_LOGIN_URL = `${API}/auth/oidc/login`;

export const authProvider: AuthProvider = {
  /**
   * `totp`: the code from the app (or a recovery code) when the API asked for it. A refusal is an
   * ApiError with the API's `code`: `auth.mfa_required` (ask for the code), `auth.mfa_setup_required`
   * (its body carries the limited `setupToken` for setting it up).
   */
  async login({ username, password, totp }: { username: string; password: string; totp?: string }) {
    const res = await fetch(`${API}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password, ...(totp ? { totp } : {}) }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(body?.message ?? 'Inloggen lukte niet.', res.status, body ?? {});
    session.set({ ...body, username });
  },
  /** After a sign-in at the organisation's provider, the browser ends its session there too. */
  async logout() {
    const oidc = sessionStorage.getItem('lab.oidc') === '1';
    session.clear();
    if (oidc) {
      window.location.assign(`${API}/auth/oidc/logout`);
      return false;
    }
  },
  async checkAuth() {
    if (!session.token) await exchangeOidcCode();
    if (!session.token) throw new Error('Log eerst in.');
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      session.clear();
      throw new Error('Uw sessie is verlopen. Log opnieuw in.');
    }
  },
  async getPermissions() {
    return session.role;
  },
  async getIdentity() {
    const role = session.role ?? '';
    const g = session.gemeente;
    return {
      id: session.username ?? '',
      fullName: `${session.username ?? ''} · ${ROLE_LABELS[role] ?? role}${g ? ` (${g})` : ''}`,
    };
  },
};
