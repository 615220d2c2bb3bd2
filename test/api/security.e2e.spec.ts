import { startTestApp, type TestApp } from '../helpers/app';
import { login } from '../helpers/builders';

describe('authentication hardening and the audit trail (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('locks an account for 15 minutes after 5 failed logins in a row, even for the right password, answering as for an unknown user', async () => {
    for (let i = 0; i < 5; i++) expect((await login(t, 'projectleider', 'fout-wachtwoord-' + i)).status).toBe(401);
    // the lock must not tell that the account exists: the same status and body as an unknown user gets
    const locked = await login(t, 'projectleider', 'demo-password-for-tests');
    const unknown = await login(t, 'bestaat-niet-' + Date.now(), 'demo-password-for-tests');
    const wrong = await login(t, 'projectleider', 'nog-een-fout-wachtwoord');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({
      type: 'urn:living-lab:problem:auth.wrong_credentials',
      title: 'Niet ingelogd',
      status: 401,
      detail: 'Gebruikersnaam of wachtwoord klopt niet.',
      statusCode: 401,
      code: 'auth.wrong_credentials',
      message: 'Gebruikersnaam of wachtwoord klopt niet.',
    });
    expect({ status: locked.status, body: locked.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect({ status: wrong.status, body: wrong.body }).toEqual({ status: unknown.status, body: unknown.body });
    expect(locked.body.accessToken).toBeUndefined();
    // the audit log still tells the cases apart
    const audited = await t.admin.query(
      `SELECT action FROM audit_entry WHERE actor = 'projectleider' AND action LIKE 'login%' ORDER BY id DESC LIMIT 2`,
    );
    expect(audited.map((r: { action: string }) => r.action)).toEqual(['login_locked', 'login_locked']);
    const [u] = await t.admin.query(
      "SELECT locked_until > now() + interval '14 minutes' AS locked FROM app_user WHERE username = 'projectleider'",
    );
    expect(u.locked).toBe(true);
    // once the lock has passed, the right password works and resets the counter
    await t.admin.query(
      "UPDATE app_user SET locked_until = now() - interval '1 second' WHERE username = 'projectleider'",
    );
    expect((await login(t, 'projectleider', 'demo-password-for-tests')).status).toBe(200);
    const [after] = await t.admin.query(
      "SELECT failed_logins, locked_until FROM app_user WHERE username = 'projectleider'",
    );
    expect(after).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('rotates refresh tokens, ends all sessions when a used one comes back, and logs out', async () => {
    const first = (await login(t, 'medewerker-veenhoven', 'demo-password-for-tests')).body;
    const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(
      (await t.http.get('/api/v1/experiments').set({ Authorization: `Bearer ${second.body.accessToken}` })).status,
    ).toBe(200);
    // the used token again: refused, and the newer one is revoked too
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(
      401,
    );
    const third = (await login(t, 'medewerker-veenhoven', 'demo-password-for-tests')).body;
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: third.refreshToken })).status).toBe(204);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: third.refreshToken })).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'verzonnen' })).status).toBe(401);
  });

  it('refuses weak passwords with the reason', async () => {
    const admin = await t.auth('admin');
    for (const [password, reason, code] of [
      ['kort', /12 tekens/, undefined], // refused by the request's validation already: no code of its own
      ['wachtwoord123', /veel gebruikt/, 'user.password_common'],
      ['aaaaaaaaaaaaaaa', /hetzelfde teken/, 'user.password_repeated'],
      ['nieuwe-collega-2026', /gebruikersnaam/, 'user.password_contains_username'],
    ] as const) {
      const res = await t.http
        .post('/api/v1/users')
        .set(admin)
        .send({ username: 'nieuwe-collega', password, role: 'reviewer' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({
        field: 'password',
        message: expect.stringMatching(reason),
        ...(code ? { code } : {}),
      });
    }
  });

  it('sends security headers and no stack traces', async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const bad = await t.http.get('/api/v1/experiments/%E0%A4%A').set(await t.auth('admin'));
    expect(bad.status).toBeLessThan(500);
    expect(JSON.stringify(bad.body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('chains every audit entry by hash, refuses changes, and detects tampering', async () => {
    const admin = await t.auth('admin');
    // entries are written unchained and chained after commit; nobody but the chainer may fill in a hash
    const [{ pending }] = await t.admin.query('SELECT count(*)::int AS pending FROM audit_entry WHERE hash IS NULL');
    expect(pending).toBeGreaterThan(0);
    await expect(
      t.admin.query("UPDATE audit_entry SET seq = 999999, prev_hash = 'x', hash = 'y' WHERE hash IS NULL"),
    ).rejects.toThrow(/append-only/);
    const ok = await t.http.get('/api/v1/audit/verify').set(admin);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, entries: expect.any(Number), pending: 0 });
    expect(ok.body.entries).toBeGreaterThan(10);
    await expect(t.admin.query("UPDATE audit_entry SET actor = 'iemand' WHERE seq = 3")).rejects.toThrow(/append-only/);
    await expect(t.admin.query('DELETE FROM audit_entry WHERE seq = 3')).rejects.toThrow(/append-only/);
    // a superuser who switches the guard off can change an entry, but the chain shows it
    await t.admin.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    await t.admin.query('UPDATE audit_entry SET after = \'{"vervalst": true}\' WHERE seq = 3');
    const changed = (await t.http.get('/api/v1/audit/verify').set(admin)).body;
    expect(changed).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'hash does not match the entry' } });
    await t.admin.query('DELETE FROM audit_entry WHERE seq = 3');
    const deleted = (await t.http.get('/api/v1/audit/verify').set(admin)).body;
    expect(deleted).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: 'entry 3 is missing (next is 4)' } });
    await t.admin.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
  });

  it('lets only a beheerder read and export the trail', async () => {
    const list = await t.http.get('/api/v1/audit?perPage=5&entity=app_user').set(await t.auth('admin'));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(5);
    expect(Number(list.headers['x-total-count'])).toBeGreaterThan(5);
    const csv = await t.http.get('/api/v1/audit/export.csv').set(await t.auth('admin'));
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n')[0]).toBe('\uFEFFseq;at;actor;action;entity;entity_id;before;after;prev_hash;hash');
    expect(csv.text).toContain(';login_failed;');
    for (const user of ['projectleider', 'reviewer', 'medewerker-lindewaard']) {
      expect((await t.http.get('/api/v1/audit').set(await t.auth(user))).status).toBe(403);
    }
  });

  it('limits login attempts per address (429 after 20 in 5 minutes)', async () => {
    const other = await startTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await login(other, `onbekend-${i}`, 'wat-dan-ook-123')).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429]);
    } finally {
      await other.close();
    }
  });
});
