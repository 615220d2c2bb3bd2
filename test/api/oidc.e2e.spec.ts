import { startTestApp, type TestApp } from '../helpers/app';
import { CookieJar, freePort, startProvider, walk, type TestProvider } from '../helpers/oidc';

/**
 * Sign-in with the organisation's account (issue 17, part 1) end to end against a real OpenID
 * provider (npm oidc-provider, test/fixtures/oidc/provider.mjs, its own process): the browser's
 * redirects walked with fetch and a cookie jar, the app listening on a real port.
 */
async function startOidcApp(opts: { tamperJwks?: boolean } = {}) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = await startProvider(`${publicUrl}/api/v1/auth/oidc/callback`, opts);
  const t = await startTestApp({
    env: {
      LAB_PUBLIC_URL: publicUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'living-lab',
      OIDC_CLIENT_SECRET: 'living-lab-test-secret',
      OIDC_ROLE_CLAIM: 'lab_role',
      OIDC_GEMEENTE_CLAIM: 'lab_gemeente',
      LAB_REQUIRE_MFA: 'true',
    },
  });
  await t.app.listen(port, '127.0.0.1');
  return { t, provider, publicUrl };
}

/** Signs in at the provider as `sub`; the one-time code on the way back to the web app, or the refusal page. */
async function signIn(publicUrl: string) {
  const jar = new CookieJar();
  const { res, url } = await walk(`${publicUrl}/api/v1/auth/oidc/login`, jar, `${publicUrl}/`);
  return { code: url.searchParams.get('oidc_code'), res, jar, url };
}

describe('OIDC sign-in against a real provider', () => {
  let t: TestApp;
  let provider: TestProvider;
  let publicUrl: string;
  beforeAll(async () => {
    ({ t, provider, publicUrl } = await startOidcApp());
  });
  afterAll(async () => {
    provider?.close();
    await t?.close();
  });

  it('tells the login page that the button is on', async () => {
    const res = await t.http.get('/api/v1/auth/options');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ oidc: true });
  });

  it('starts with PKCE and state, keeping them in a signed httpOnly cookie', async () => {
    const res = await fetch(`${publicUrl}/api/v1/auth/oidc/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('redirect_uri')).toBe(`${publicUrl}/api/v1/auth/oidc/callback`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lab_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // The verifier is not readable in the cookie's clear text beside the challenge: it is signed, not shown in the URL.
    expect(res.headers.get('location')).not.toContain('verifier');
  });

  it('creates a gemeente account at the first sign-in and hands the web app a working session', async () => {
    await provider.setAccount('staff-0001', {
      preferred_username: 'j.jansen',
      lab_role: 'gemeente',
      lab_gemeente: 'veenhoven',
    });
    const { code, url } = await signIn(publicUrl);
    expect(url.origin + url.pathname).toBe(`${publicUrl}/`);
    expect(code).toMatch(/^[\w-]{43}$/);
    // No token in the URL: only the one-time code.
    expect(url.href).not.toMatch(/eyJ/);
    const tokens = await t.http.post('/api/v1/auth/oidc/exchange').send({ code });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ role: 'gemeente', gemeente: 'veenhoven', username: 'j.jansen' });
    expect(tokens.body.accessToken).toBeTruthy();
    expect(tokens.body.refreshToken).toBeTruthy();
    // The code works once.
    const again = await t.http.post('/api/v1/auth/oidc/exchange').send({ code });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('auth.oidc_code_invalid');

    const auth = { Authorization: `Bearer ${tokens.body.accessToken}` };
    // LAB_REQUIRE_MFA=true: the organisation's provider asks the factors, not this app.
    const me = await t.http.get('/api/v1/auth/me').set(auth);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ username: 'j.jansen', role: 'gemeente', gemeente: 'veenhoven' });
    const rows = await t.admin.query(
      `SELECT password_hash, oidc_issuer, oidc_subject, role, gemeente_code FROM app_user WHERE username = 'j.jansen'`,
    );
    expect(rows).toEqual([
      {
        password_hash: null,
        oidc_issuer: provider.issuer,
        oidc_subject: 'staff-0001',
        role: 'gemeente',
        gemeente_code: 'veenhoven',
      },
    ]);
    // No local password: the password login refuses the account as it refuses anyone.
    const local = await t.http.post('/api/v1/auth/login').send({ username: 'j.jansen', password: 'whatever-it-is' });
    expect(local.status).toBe(401);

    // Sign-out as for local accounts: the refresh token is gone.
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: tokens.body.refreshToken })).status).toBe(
      204,
    );
    const refresh = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.body.refreshToken });
    expect(refresh.status).toBe(401);
  });

  it('signs the same person in to the same account, with the rights the provider gives now', async () => {
    await provider.setAccount('staff-0001', { preferred_username: 'j.jansen', lab_role: 'projectleider' });
    const { code } = await signIn(publicUrl);
    const tokens = await t.http.post('/api/v1/auth/oidc/exchange').send({ code });
    expect(tokens.status).toBe(200);
    const me = await t.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${tokens.body.accessToken}` });
    expect(me.body).toEqual({ username: 'j.jansen', role: 'projectleider', gemeente: null });
    const [{ n }] = await t.admin.query(`SELECT count(*)::int AS n FROM app_user WHERE oidc_subject = 'staff-0001'`);
    expect(n).toBe(1);
  });

  it('refuses a gemeente that does not take part, with a Dutch page and no account', async () => {
    await provider.setAccount('staff-0002', {
      preferred_username: 'p.pietersen',
      lab_role: 'gemeente',
      lab_gemeente: 'atlantis',
    });
    const { res, code } = await signIn(publicUrl);
    expect(code).toBeNull();
    expect(res!.status).toBe(403);
    expect(res!.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res!.text();
    expect(html).toContain('lang="nl"');
    expect(html).toContain('hoort bij een gemeente die niet meedoet');
    const rows = await t.admin.query(`SELECT 1 FROM app_user WHERE oidc_subject = 'staff-0002'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses an unknown role', async () => {
    await provider.setAccount('staff-0003', { lab_role: 'superuser' });
    const { res } = await signIn(publicUrl);
    expect(res!.status).toBe(403);
    expect(await res!.text()).toContain('geen rol die dit systeem kent');
    expect(await t.admin.query(`SELECT 1 FROM app_user WHERE oidc_subject = 'staff-0003'`)).toHaveLength(0);
  });

  it('refuses a disabled account, as a local login does', async () => {
    await t.admin.query(`UPDATE app_user SET disabled = true WHERE oidc_subject = 'staff-0001'`);
    await provider.setAccount('staff-0001', { preferred_username: 'j.jansen', lab_role: 'projectleider' });
    const { res, code } = await signIn(publicUrl);
    expect(code).toBeNull();
    expect(res!.status).toBe(403);
    expect(await res!.text()).toContain('Uw account staat uit.');
    await t.admin.query(`UPDATE app_user SET disabled = false WHERE oidc_subject = 'staff-0001'`);
  });

  it('sends sign-out on to the provider, coming back to the web app', async () => {
    const res = await t.http.get('/api/v1/auth/oidc/logout');
    expect(res.status).toBe(302);
    const to = new URL(res.headers.location);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${publicUrl}/`);
    expect(to.searchParams.get('client_id')).toBe('living-lab');
  });

  it('refuses a callback without the flow cookie (another browser, or forged)', async () => {
    await provider.setAccount('staff-0004', { lab_role: 'reviewer' });
    const jar = new CookieJar();
    const start = await fetch(`${publicUrl}/api/v1/auth/oidc/login`, { redirect: 'manual' });
    // The provider part of the walk, without the app's cookie.
    const { res } = await walk(start.headers.get('location')!, jar, `${publicUrl}/`);
    expect(res!.status).toBe(403);
    expect(await res!.text()).toContain('niet gelukt');
    expect(await t.admin.query(`SELECT 1 FROM app_user WHERE oidc_subject = 'staff-0004'`)).toHaveLength(0);
  });
});

describe('OIDC sign-in with an ID token whose signature does not verify', () => {
  let t: TestApp;
  let provider: TestProvider;
  let publicUrl: string;
  beforeAll(async () => {
    // The provider signs with one key and publishes another under the same kid.
    ({ t, provider, publicUrl } = await startOidcApp({ tamperJwks: true }));
  });
  afterAll(async () => {
    provider?.close();
    await t?.close();
  });

  it('is refused: no account, no code', async () => {
    await provider.setAccount('staff-0005', { lab_role: 'beheerder' });
    const { res, code } = await signIn(publicUrl);
    expect(code).toBeNull();
    expect(res!.status).toBe(403);
    expect(await res!.text()).toContain('kon niet worden gecontroleerd');
    expect(await t.admin.query(`SELECT 1 FROM app_user WHERE oidc_subject = 'staff-0005'`)).toHaveLength(0);
    const [{ n }] = await t.admin.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'oidc_login_failed'`,
    );
    expect(n).toBe(1);
  });
});

describe('OIDC off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('hides the button and answers 404 at the login route', async () => {
    expect((await t.http.get('/api/v1/auth/options')).body).toEqual({ oidc: false });
    const res = await t.http.get('/api/v1/auth/oidc/login');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('auth.oidc_off');
  });
});
