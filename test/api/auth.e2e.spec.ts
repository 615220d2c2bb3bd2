import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Authentication and the role matrix: every route refuses a missing token (401) and every role
 * that may not use it (403), and lets the allowed roles through.
 */
describe('auth and roles (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /api/health without a token', async () => {
    const res = await t.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('logs in with the right password and returns token, role and gemeente', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'medewerker-lindewaard', password: 'demo-password-for-tests' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
      role: 'gemeente',
      gemeente: 'lindewaard',
    });
    const admin = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'admin-password-for-tests' });
    expect(admin.body.role).toBe('beheerder');
    expect(admin.body.gemeente).toBeUndefined();
  });

  it('refuses a wrong password, an unknown user and an empty body the same way', async () => {
    for (const body of [
      { username: 'admin', password: 'wrong-password' },
      { username: 'nobody', password: 'whatever-it-is' },
    ]) {
      const res = await t.http.post('/api/v1/auth/login').send(body);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Gebruikersnaam of wachtwoord klopt niet.');
    }
    const empty = await t.http.post('/api/v1/auth/login').send({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'username']);
  });

  it('leaves an audit entry for a failed and a successful login', async () => {
    const rows = await t.ds.query("SELECT action FROM audit_entry WHERE action IN ('login', 'login_failed')");
    expect(rows.some((r: { action: string }) => r.action === 'login')).toBe(true);
    expect(rows.some((r: { action: string }) => r.action === 'login_failed')).toBe(true);
  });

  it('refuses a disabled account', async () => {
    const admin = await t.auth('admin');
    const created = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ username: 'tijdelijk', password: 'lang-genoeg-wachtwoord', role: 'reviewer' });
    expect(created.status).toBe(201);
    expect(created.body.passwordHash).toBeUndefined();
    expect(
      (await t.http.post('/api/v1/auth/login').send({ username: 'tijdelijk', password: 'lang-genoeg-wachtwoord' }))
        .status,
    ).toBe(200);
    const off = await t.http.patch(`/api/v1/users/${created.body.id}`).set(admin).send({ disabled: true });
    expect(off.status).toBe(200);
    expect(
      (await t.http.post('/api/v1/auth/login').send({ username: 'tijdelijk', password: 'lang-genoeg-wachtwoord' }))
        .status,
    ).toBe(401);
  });

  it('refuses a forged or garbled token', async () => {
    expect((await t.http.get('/api/v1/experiments').set({ Authorization: 'Bearer not-a-token' })).status).toBe(401);
    const good = (await t.auth('admin')).Authorization;
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await t.http.get('/api/v1/experiments').set({ Authorization: forged })).status).toBe(401);
  });

  const G = 'medewerker-lindewaard';
  // [method, path, body, expected status per role]
  const matrix: [string, string, object | undefined, Record<string, number>][] = [
    ['get', '/api/v1/users', undefined, { admin: 200, projectleider: 403, reviewer: 403, [G]: 403 }],
    ['get', '/api/v1/gemeenten', undefined, { admin: 200, projectleider: 200, reviewer: 403, [G]: 200 }],
    [
      'post',
      '/api/v1/gemeenten',
      { code: 'nieuwdorp', naam: 'Nieuwdorp' },
      { projectleider: 403, reviewer: 403, [G]: 403 },
    ],
    ['get', '/api/v1/experiments', undefined, { admin: 200, projectleider: 200, reviewer: 403, [G]: 200 }],
    [
      'get',
      '/api/v1/experiments/wekelijkse-coaching',
      undefined,
      { admin: 200, projectleider: 200, reviewer: 403, [G]: 200 },
    ],
    [
      'patch',
      '/api/v1/experiments/klantkaarten',
      { title: 'Klantkaarten in de wachtkamer' },
      { reviewer: 403, [G]: 403 },
    ],
    // A gemeente user may propose an experiment (issue 16): an empty body is refused as invalid.
    ['post', '/api/v1/experiments', {}, { reviewer: 403, [G]: 400 }],
    [
      'get',
      '/api/v1/experiments/wekelijkse-coaching/enrolments',
      undefined,
      { admin: 200, projectleider: 200, reviewer: 403, [G]: 200 },
    ],
    [
      'post',
      '/api/v1/experiments/wekelijkse-coaching/enrolments',
      { gemeente: 'lindewaard', participantRef: 'R-1', enrolledOn: '2026-01-05' },
      { projectleider: 403, reviewer: 403 },
    ],
    ['get', '/api/v1/participants/lindewaard/R-1', undefined, { reviewer: 403 }],
    [
      'post',
      '/api/v1/participants/lindewaard/R-1/events',
      { milestone: 'intake', occurredOn: '2026-01-02' },
      { projectleider: 403, reviewer: 403 },
    ],
    [
      'post',
      '/api/v1/participants/lindewaard/R-1/beleving',
      { phase: 'intake', measuredOn: '2026-01-02', rapportcijfer: 7 },
      { projectleider: 403, reviewer: 403 },
    ],
  ];

  it.each(matrix)('%s %s: 401 without a token, and the right answer per role', async (method, path, body, expected) => {
    const call = (headers: Record<string, string>) => {
      const r = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)
        [method](path)
        .set(headers);
      return body ? r.send(body) : r;
    };
    expect((await call({})).status).toBe(401);
    for (const [user, status] of Object.entries(expected)) {
      const res = await call(await t.auth(user));
      expect({ user, status: res.status }).toEqual({ user, status });
    }
  });
});
