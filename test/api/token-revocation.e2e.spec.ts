/**
 * Access tokens do not outlive the account's rights (penetration test, issue 18 finding 2): the
 * guard checks the account as it is now on every request, so a token of a user who was disabled,
 * moved to another gemeente, given another role or a new password, or whose refresh token was
 * reused, is refused (401, auth.token_invalid) from the next request on, not after its 15 minutes.
 */
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../helpers/app';

const PASSWORD = 'een-lang-wachtwoord-voor-intrekken';

describe('token revocation: rights as the account has them now (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.auth('admin');
    for (const [gemeente, ref] of [
      ['lindewaard', 'TR-L-1'],
      ['veenhoven', 'TR-V-1'],
    ]) {
      const r = await t.http
        .post(`/api/v1/participants/${gemeente}/${ref}/events`)
        .set(admin)
        .send({ milestone: 'aanmelding', occurredOn: '2026-01-05' });
      expect(r.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = async (username: string, password = PASSWORD) => {
    const res = await t.http.post('/api/v1/auth/login').send({ username, password });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const createUser = async (username: string, role: string, gemeente?: string) => {
    const res = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ username, password: PASSWORD, role, ...(gemeente ? { gemeente } : {}) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const edit = async (id: string, body: Record<string, unknown>) =>
    expect((await t.http.patch(`/api/v1/users/${id}`).set(admin).send(body)).status).toBe(200);
  const expectRefused = (res: { status: number; body: { code?: string } }) =>
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'auth.token_invalid' });
  const events = async (gemeente: string, ref: string) =>
    (
      await t.admin.query(
        `SELECT count(*)::int AS n FROM milestone_event e JOIN participant p ON p.id = e.participant_id
         WHERE p.gemeente_code = $1 AND p.participant_ref = $2`,
        [gemeente, ref],
      )
    )[0].n as number;

  it('refuses the token of a user whom a beheerder disables mid-session, from the next request on', async () => {
    const id = await createUser('tr-uitgeschakeld', 'gemeente', 'lindewaard');
    const session = await login('tr-uitgeschakeld');
    expect((await t.http.get('/api/v1/participants/lindewaard/TR-L-1').set(bearer(session.accessToken))).status).toBe(
      200,
    );
    await edit(id, { disabled: true });
    expectRefused(await t.http.get('/api/v1/participants/lindewaard/TR-L-1').set(bearer(session.accessToken)));
    expectRefused(await t.http.get('/api/v1/experiments').set(bearer(session.accessToken)));
    const before = await events('lindewaard', 'TR-L-1');
    expectRefused(
      await t.http
        .post('/api/v1/participants/lindewaard/TR-L-1/events')
        .set(bearer(session.accessToken))
        .send({ milestone: 'intake', occurredOn: '2026-01-09' }),
    );
    expect(await events('lindewaard', 'TR-L-1')).toBe(before);
    // the refresh token is gone as well, and enabling the account again does not revive the old token
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    await edit(id, { disabled: false });
    expectRefused(await t.http.get('/api/v1/experiments').set(bearer(session.accessToken)));
    expect(
      (await t.http.get('/api/v1/experiments').set(bearer((await login('tr-uitgeschakeld')).accessToken))).status,
    ).toBe(200);
  });

  it('a user moved to another gemeente mid-session can no longer read or write the old one; a new login sees the new one', async () => {
    const id = await createUser('tr-verhuisd', 'gemeente', 'lindewaard');
    const old = bearer((await login('tr-verhuisd')).accessToken);
    expect((await t.http.get('/api/v1/participants/lindewaard/TR-L-1').set(old)).status).toBe(200);
    await edit(id, { gemeente: 'veenhoven' });
    expectRefused(await t.http.get('/api/v1/participants/lindewaard/TR-L-1').set(old));
    const before = await events('lindewaard', 'TR-L-1');
    expectRefused(
      await t.http
        .post('/api/v1/participants/lindewaard/TR-L-1/events')
        .set(old)
        .send({ milestone: 'intake', occurredOn: '2026-01-10' }),
    );
    expect(await events('lindewaard', 'TR-L-1')).toBe(before);
    // the old token does not get the new gemeente either: that takes a new login
    expectRefused(await t.http.get('/api/v1/participants/veenhoven/TR-V-1').set(old));
    const fresh = bearer((await login('tr-verhuisd')).accessToken);
    expect((await t.http.get('/api/v1/participants/veenhoven/TR-V-1').set(fresh)).status).toBe(200);
    const other = await t.http.get('/api/v1/participants/lindewaard/TR-L-1').set(fresh);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'auth.other_gemeente' });
  });

  it('ends sessions on another role and on a new password, but not on an edit that changes no rights', async () => {
    const id = await createUser('tr-rolwissel', 'projectleider');
    const first = bearer((await login('tr-rolwissel')).accessToken);
    await edit(id, { disabled: false, role: 'projectleider' }); // nothing changes: the session stays
    expect((await t.http.get('/api/v1/experiments').set(first)).status).toBe(200);
    await edit(id, { role: 'beheerder' });
    expectRefused(await t.http.get('/api/v1/experiments').set(first));
    const second = bearer((await login('tr-rolwissel')).accessToken);
    expect((await t.http.get('/api/v1/experiments').set(second)).status).toBe(200);
    await edit(id, { password: 'een-ander-lang-wachtwoord' });
    expectRefused(await t.http.get('/api/v1/experiments').set(second));
  });

  it('refuses the access tokens issued before a refresh token was reused', async () => {
    await createUser('tr-gestolen', 'gemeente', 'veenhoven');
    const first = await login('tr-gestolen');
    const rotated = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    for (const token of [first.accessToken, rotated.body.accessToken])
      expect((await t.http.get('/api/v1/participants/veenhoven/TR-V-1').set(bearer(token))).status).toBe(200);
    // the used refresh token comes back (a copy): every session of the account ends
    const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect({ status: reuse.status, code: reuse.body.code }).toEqual({ status: 401, code: 'auth.session_ended' });
    for (const token of [first.accessToken, rotated.body.accessToken])
      expectRefused(await t.http.get('/api/v1/participants/veenhoven/TR-V-1').set(bearer(token)));
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken })).status).toBe(
      401,
    );
    // the owner logs in again and works on
    const again = bearer((await login('tr-gestolen')).accessToken);
    expect((await t.http.get('/api/v1/participants/veenhoven/TR-V-1').set(again)).status).toBe(200);
  });

  it('refuses a correctly signed token without a session generation (issued before this check)', async () => {
    const { JwtService } = await import('@nestjs/jwt');
    const [u] = await t.admin.query("SELECT id FROM app_user WHERE username = 'admin'");
    const legacy = await t.app
      .get(JwtService)
      .signAsync({ sub: u.id, username: 'admin', role: 'beheerder', gemeente: null });
    expectRefused(await t.http.get('/api/v1/experiments').set(bearer(legacy)));
  });

  it('checks the account with one statement per request, without a settings round trip of its own', async () => {
    const h = bearer((await login('tr-gestolen')).accessToken);
    const seen: string[] = [];
    const query = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const q = args[0] as string | { text?: string };
      seen.push(typeof q === 'string' ? q : (q?.text ?? ''));
      return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      expect((await t.http.get('/api/v1/experiments').set(h)).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect(seen.filter((q) => /\bFROM app_user\b/.test(q))).toHaveLength(1);
    expect(seen[0]).toMatch(/\bFROM app_user WHERE id = \$1/); // the request's first statement: no set_config before it
  });
});
