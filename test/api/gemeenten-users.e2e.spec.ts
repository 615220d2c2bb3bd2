import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Gemeenten and user accounts over HTTP against real PostgreSQL (contracts.md §3, issue 2):
 * beheerder-only writes, 400 with field names for bad input, 404 for unknown ids, tenant scoping
 * for gemeente users, no password hash in any answer, and an audit entry for every write.
 */

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

/** Every key path whose name mentions a password or hash, and every string value that looks like an argon2 hash. */
function secrets(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secrets(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(/pass|hash/i.test(k) ? [`${at}.${k}`] : []),
      ...secrets(v, `${at}.${k}`),
    ]);
  }
  return typeof value === 'string' && value.includes('$argon2') ? [at] : [];
}

describe('gemeenten and users (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.auth('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const audit = (entity: string, entityId: string) =>
    t.ds.query(
      'SELECT actor, action, before, after FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id',
      [entity, entityId],
    );

  describe('gemeenten', () => {
    it('lists the six demo gemeenten by name, paged with X-Total-Count', async () => {
      const res = await t.http.get('/api/v1/gemeenten').set(admin);
      expect(res.status).toBe(200);
      expect(res.headers['x-total-count']).toBe('6');
      expect(res.body.map((g: { code: string }) => g.code).sort()).toEqual([
        'brederwijk',
        'hoogdijk',
        'lindewaard',
        'maasbergen',
        'oosterkamp',
        'veenhoven',
      ]);
      const names = res.body.map((g: { naam: string }) => g.naam);
      expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(res.body[0]).toEqual({
        code: expect.any(String),
        naam: expect.any(String),
        inwoners: expect.anything(),
        consentNamed: expect.any(Boolean),
        cbsCode: expect.stringMatching(/^GM[0-9]{4}$/),
        ddasKeyFingerprint: null,
      });
      const page = await t.http.get('/api/v1/gemeenten?perPage=4&page=2').set(admin);
      expect(page.headers['x-total-count']).toBe('6');
      expect(page.body.map((g: { code: string }) => g.code)).toEqual(
        res.body.slice(4).map((g: { code: string }) => g.code),
      );
      const bad = await t.http.get('/api/v1/gemeenten?perPage=0&page=x').set(admin);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['page', 'perPage']);
    });

    it('shows a gemeente user only their own gemeente, and 403 for another gemeente', async () => {
      const lindewaard = await t.auth('medewerker-lindewaard');
      const list = await t.http.get('/api/v1/gemeenten').set(lindewaard);
      expect(list.status).toBe(200);
      expect(list.headers['x-total-count']).toBe('1');
      expect(list.body.map((g: { code: string }) => g.code)).toEqual(['lindewaard']);
      expect((await t.http.get('/api/v1/gemeenten/lindewaard').set(lindewaard)).status).toBe(200);
      const other = await t.http.get('/api/v1/gemeenten/veenhoven').set(lindewaard);
      expect(other.status).toBe(403);
      expect(other.body.naam).toBeUndefined();
      // a gemeente user does not learn whether another code exists
      expect((await t.http.get('/api/v1/gemeenten/atlantis').set(lindewaard)).status).toBe(403);
    });

    it('lets a beheerder create a gemeente (201) with an audit entry', async () => {
      const res = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'nieuwdorp', naam: 'Nieuwdorp', inwoners: 25000, consentNamed: true });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        code: 'nieuwdorp',
        naam: 'Nieuwdorp',
        inwoners: 25000,
        consentNamed: true,
        cbsCode: null,
        ddasKeyFingerprint: null,
      });
      const get = await t.http.get('/api/v1/gemeenten/nieuwdorp').set(await t.auth('projectleider'));
      expect(get.status).toBe(200);
      expect(get.body).toEqual(res.body);
      expect(await audit('gemeente', 'nieuwdorp')).toEqual([
        { actor: 'admin', action: 'create', before: null, after: res.body },
      ]);
      const minimal = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'klein-dorp', naam: 'Klein Dorp' });
      expect(minimal.status).toBe(201);
      expect(minimal.body).toEqual({
        code: 'klein-dorp',
        naam: 'Klein Dorp',
        inwoners: null,
        consentNamed: false,
        cbsCode: null,
        ddasKeyFingerprint: null,
      });
    });

    it('refuses a duplicate code with 400 on code, leaving the first as it was', async () => {
      const res = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'nieuwdorp', naam: 'Tweede Nieuwdorp' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['code']);
      expect(res.body.code).toBe('gemeente.exists');
      expect(await t.ds.query("SELECT naam FROM gemeente WHERE code = 'nieuwdorp'")).toEqual([{ naam: 'Nieuwdorp' }]);
      expect(await audit('gemeente', 'nieuwdorp')).toHaveLength(1);
    });

    it('refuses a bad body with 400 listing every field', async () => {
      const res = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'Nieuw Dorp', naam: '', inwoners: -5, consentNamed: 'ja', burgemeester: 'X' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['burgemeester', 'code', 'consentNamed', 'inwoners', 'naam']);
      expect(res.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
      const missing = await t.http.post('/api/v1/gemeenten').set(admin).send({});
      expect(missing.status).toBe(400);
      expect(fields(missing.body)).toEqual(['code', 'naam']);
      const notWhole = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'half', naam: 'Half', inwoners: 1.5 });
      expect(fields(notWhole.body)).toEqual(['inwoners']);
      expect(await t.ds.query("SELECT code FROM gemeente WHERE code IN ('half', 'nieuw dorp')")).toEqual([]);
    });

    it('refuses inwoners beyond what the database holds with 400, not a 500', async () => {
      const res = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'megastad', naam: 'Megastad', inwoners: 3_000_000_000 });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['inwoners']);
      const patch = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ inwoners: 3_000_000_000 });
      expect(patch.status).toBe(400);
      expect(fields(patch.body)).toEqual(['inwoners']);
    });

    it('refuses a name with a NUL character with 400, not a 500', async () => {
      const res = await t.http.post('/api/v1/gemeenten').set(admin).send({ code: 'nuldorp', naam: 'Nul\u0000dorp' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['naam']);
    });

    it('lets a beheerder edit a gemeente (200): only the given fields change, null clears inwoners, with before and after audited', async () => {
      const res = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ naam: 'Nieuwdorp aan Zee' });
      expect(res.status).toBe(200);
      const row = async () =>
        (await t.ds.query("SELECT naam, inwoners, consent_named AS c FROM gemeente WHERE code = 'nieuwdorp'"))[0];
      expect(await row()).toEqual({ naam: 'Nieuwdorp aan Zee', inwoners: 25000, c: true });
      const cleared = await t.http
        .patch('/api/v1/gemeenten/nieuwdorp')
        .set(admin)
        .send({ inwoners: null, consentNamed: false });
      expect(cleared.status).toBe(200);
      expect(await row()).toEqual({ naam: 'Nieuwdorp aan Zee', inwoners: null, c: false });
      // the answer is the edited gemeente, one object as POST and GET give
      expect(res.body).toEqual({
        code: 'nieuwdorp',
        naam: 'Nieuwdorp aan Zee',
        inwoners: 25000,
        consentNamed: true,
        cbsCode: null,
        ddasKeyFingerprint: null,
      });
      expect(cleared.body).toEqual({
        code: 'nieuwdorp',
        naam: 'Nieuwdorp aan Zee',
        inwoners: null,
        consentNamed: false,
        cbsCode: null,
        ddasKeyFingerprint: null,
      });
      const rows = await audit('gemeente', 'nieuwdorp');
      expect(rows.slice(1)).toEqual([
        {
          actor: 'admin',
          action: 'update',
          before: expect.objectContaining({ naam: 'Nieuwdorp' }),
          after: expect.objectContaining({ naam: 'Nieuwdorp aan Zee' }),
        },
        {
          actor: 'admin',
          action: 'update',
          before: expect.objectContaining({ inwoners: 25000 }),
          after: expect.objectContaining({ inwoners: null }),
        },
      ]);
    });

    it('keeps the CBS code (GM + 4 digits, one gemeente per code): set, refused when malformed or taken, cleared', async () => {
      const demo = (await t.http.get('/api/v1/gemeenten/lindewaard').set(admin)).body;
      expect(demo.cbsCode).toBe('GM0001'); // the DDAS specification's enkelvoudigVoorbeeld names GM001
      const set = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ cbsCode: 'GM9801' });
      expect(set.status).toBe(200);
      expect(set.body.cbsCode).toBe('GM9801');
      for (const bad of ['GM123', 'gm9802', 'GM98021', 'Onbekend', 9802]) {
        const res = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ cbsCode: bad });
        expect({ bad, status: res.status, fields: fields(res.body) }).toEqual({
          bad,
          status: 400,
          fields: ['cbsCode'],
        });
      }
      const taken = await t.http.patch('/api/v1/gemeenten/klein-dorp').set(admin).send({ cbsCode: 'GM9801' });
      expect(taken.status).toBe(400);
      expect(taken.body.code).toBe('gemeente.cbs_code_taken');
      expect(fields(taken.body)).toEqual(['cbsCode']);
      const created = await t.http
        .post('/api/v1/gemeenten')
        .set(admin)
        .send({ code: 'cbsdorp', naam: 'Cbsdorp', cbsCode: 'GM9801' });
      expect(created.status).toBe(400);
      expect(created.body.code).toBe('gemeente.cbs_code_taken');
      const cleared = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ cbsCode: null });
      expect(cleared.body.cbsCode).toBeNull();
      expect((await t.http.get('/api/v1/gemeenten/nieuwdorp').set(admin)).body.cbsCode).toBeNull();
    });

    it('stores the DDAS key fingerprint for the own gemeente or a beheerder, audited; never another gemeente', async () => {
      const own = await t.auth('medewerker-lindewaard');
      const fp = 'SHA256:0123456789abcdef';
      const res = await t.http.put('/api/v1/gemeenten/lindewaard/ddas-key').set(own).send({ fingerprint: fp });
      expect(res.status).toBe(200);
      expect(res.body.ddasKeyFingerprint).toBe(fp);
      expect((await t.http.get('/api/v1/gemeenten/lindewaard').set(own)).body.ddasKeyFingerprint).toBe(fp);
      const other = await t.http.put('/api/v1/gemeenten/veenhoven/ddas-key').set(own).send({ fingerprint: fp });
      expect(other.status).toBe(403);
      const bad = await t.http.put('/api/v1/gemeenten/lindewaard/ddas-key').set(own).send({ fingerprint: 'abc' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['fingerprint']);
      const key = await t.http
        .put('/api/v1/gemeenten/lindewaard/ddas-key')
        .set(own)
        .send({ sleutel: 'x', fingerprint: fp });
      expect(key.status).toBe(400); // a key itself is never taken
      const pl = await t.http
        .put('/api/v1/gemeenten/lindewaard/ddas-key')
        .set(await t.auth('projectleider'))
        .send({ fingerprint: fp });
      expect(pl.status).toBe(403);
      const byAdmin = await t.http
        .put('/api/v1/gemeenten/veenhoven/ddas-key')
        .set(admin)
        .send({ fingerprint: 'SHA256:fedcba9876543210' });
      expect(byAdmin.status).toBe(200);
      expect(await audit('gemeente', 'lindewaard')).toEqual([
        {
          actor: 'medewerker-lindewaard',
          action: 'set_ddas_key',
          before: { ddasKeyFingerprint: null },
          after: { ddasKeyFingerprint: fp },
        },
      ]);
    });

    it('refuses to edit the code or an unknown field (400), and answers 404 for an unknown gemeente', async () => {
      const code = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ code: 'anders' });
      expect(code.status).toBe(400);
      expect(fields(code.body)).toEqual(['code']);
      const bad = await t.http.patch('/api/v1/gemeenten/nieuwdorp').set(admin).send({ naam: '', inwoners: 'veel' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['inwoners', 'naam']);
      const unknown = await t.http.patch('/api/v1/gemeenten/atlantis').set(admin).send({ naam: 'Atlantis' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('gemeente.not_found');
      expect(await t.ds.query("SELECT 1 FROM gemeente WHERE code = 'atlantis'")).toHaveLength(0);
      expect((await t.http.get('/api/v1/gemeenten/atlantis').set(admin)).status).toBe(404);
      expect(await t.ds.query("SELECT naam FROM gemeente WHERE code = 'nieuwdorp'")).toEqual([
        { naam: 'Nieuwdorp aan Zee' },
      ]);
    });

    it('refuses writes by a gemeente user, also to their own gemeente (403)', async () => {
      const lindewaard = await t.auth('medewerker-lindewaard');
      expect(
        (await t.http.patch('/api/v1/gemeenten/lindewaard').set(lindewaard).send({ naam: 'Mijn dorp' })).status,
      ).toBe(403);
      expect(
        (
          await t.http
            .patch('/api/v1/gemeenten/lindewaard')
            .set(await t.auth('projectleider'))
            .send({ naam: 'Mijn dorp' })
        ).status,
      ).toBe(403);
      expect((await t.ds.query("SELECT naam FROM gemeente WHERE code = 'lindewaard'"))[0].naam).not.toBe('Mijn dorp');
    });
  });

  describe('users', () => {
    let created: { id: string; username: string };

    it('lets a beheerder create a gemeente user (201) without any password or hash in the answer or the audit', async () => {
      const res = await t.http.post('/api/v1/users').set(admin).send({
        username: 'consulent-lindewaard',
        password: 'een-lang-wachtwoord',
        role: 'gemeente',
        gemeente: 'lindewaard',
        email: 'consulent@lindewaard.example.nl',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        username: 'consulent-lindewaard',
        role: 'gemeente',
        gemeente: 'lindewaard',
        disabled: false,
        email: 'consulent@lindewaard.example.nl',
        createdAt: expect.any(String),
      });
      expect(secrets(res.body)).toEqual([]);
      created = res.body;
      const [row] = await t.ds.query('SELECT password_hash FROM app_user WHERE id = $1', [created.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/); // stored hashed with argon2id...
      expect(res.text).not.toContain(row.password_hash); // ...and never sent
      const rows = await audit('app_user', created.id);
      expect(rows).toEqual([
        {
          actor: 'admin',
          action: 'create',
          before: null,
          after: expect.objectContaining({ username: 'consulent-lindewaard' }),
        },
      ]);
      expect(secrets(rows)).toEqual([]);
      expect(JSON.stringify(rows)).not.toContain('een-lang-wachtwoord');
      // the new account works and is scoped to its gemeente
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ username: 'consulent-lindewaard', password: 'een-lang-wachtwoord' });
      expect(login.body).toMatchObject({ role: 'gemeente', gemeente: 'lindewaard' });
    });

    it('creates the other roles without a gemeente', async () => {
      for (const role of ['projectleider', 'reviewer', 'beheerder']) {
        const res = await t.http
          .post('/api/v1/users')
          .set(admin)
          .send({ username: `nieuwe-${role}`, password: 'een-lang-wachtwoord', role });
        expect({ role, status: res.status, gemeente: res.body.gemeente }).toEqual({
          role,
          status: 201,
          gemeente: null,
        });
      }
    });

    // [case, body, fields named in the 400]
    const invalid: [string, Record<string, unknown>, string[]][] = [
      ['a password of 11 characters', { username: 'kort', password: '12345678901', role: 'reviewer' }, ['password']],
      [
        'role gemeente without gemeente',
        { username: 'zonder-gemeente', password: 'een-lang-wachtwoord', role: 'gemeente' },
        ['gemeente'],
      ],
      [
        'role gemeente with an unknown gemeente',
        { username: 'onbekend', password: 'een-lang-wachtwoord', role: 'gemeente', gemeente: 'atlantis' },
        ['gemeente'],
      ],
      [
        'a reviewer with a gemeente',
        { username: 'reviewer-met', password: 'een-lang-wachtwoord', role: 'reviewer', gemeente: 'lindewaard' },
        ['gemeente'],
      ],
      [
        'a projectleider with a gemeente',
        { username: 'pl-met', password: 'een-lang-wachtwoord', role: 'projectleider', gemeente: 'lindewaard' },
        ['gemeente'],
      ],
      ['an unknown role', { username: 'superman', password: 'een-lang-wachtwoord', role: 'superuser' }, ['role']],
      ['a bad username', { username: 'Jan Jansen', password: 'een-lang-wachtwoord', role: 'reviewer' }, ['username']],
      ['an empty body', {}, ['password', 'role', 'username']],
      [
        'an unknown field',
        { username: 'extra', password: 'een-lang-wachtwoord', role: 'reviewer', isAdmin: true },
        ['isAdmin'],
      ],
    ];

    it.each(invalid)('refuses %s with 400 naming the field, creating nothing', async (_case, body, expected) => {
      const count = async () => (await t.ds.query('SELECT count(*)::int AS n FROM app_user'))[0].n;
      const before = await count();
      const res = await t.http.post('/api/v1/users').set(admin).send(body);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(expected);
      expect(await count()).toBe(before);
    });

    it('refuses a duplicate username with 400 on username, keeping the first account', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(admin)
        .send({ username: 'consulent-lindewaard', password: 'een-ander-wachtwoord', role: 'reviewer' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['username']);
      expect(
        await t.ds.query("SELECT role, gemeente_code FROM app_user WHERE username = 'consulent-lindewaard'"),
      ).toEqual([{ role: 'gemeente', gemeente_code: 'lindewaard' }]);
      expect(
        (
          await t.http
            .post('/api/v1/auth/login')
            .send({ username: 'consulent-lindewaard', password: 'een-lang-wachtwoord' })
        ).status,
      ).toBe(200);
    });

    it('lists users paged, with X-Total-Count and no password hash', async () => {
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM app_user');
      expect(n).toBeGreaterThanOrEqual(13); // 9 demo accounts + 4 created here
      const all = await t.http.get('/api/v1/users?perPage=1000').set(admin);
      expect(all.status).toBe(200);
      expect(all.headers['x-total-count']).toBe(String(n));
      expect(all.body).toHaveLength(n);
      expect(secrets(all.body)).toEqual([]);
      const usernames = all.body.map((u: { username: string }) => u.username);
      expect(usernames).toEqual(
        expect.arrayContaining(['admin', 'projectleider', 'reviewer', 'medewerker-lindewaard', 'consulent-lindewaard']),
      );
      const page = await t.http.get('/api/v1/users?perPage=5&page=2').set(admin);
      expect(page.headers['x-total-count']).toBe(String(n));
      expect(page.body.map((u: { username: string }) => u.username)).toEqual(usernames.slice(5, 10));
      const beyond = await t.http.get(`/api/v1/users?perPage=5&page=${Math.ceil(n / 5) + 1}`).set(admin);
      expect(beyond.status).toBe(200);
      expect(beyond.body).toEqual([]);
      expect((await t.http.get('/api/v1/users?perPage=1001').set(admin)).status).toBe(400);
    });

    it('edits a user: moves them to another gemeente, then another role clearing the gemeente, with an audit entry', async () => {
      const moved = await t.http.patch(`/api/v1/users/${created.id}`).set(admin).send({ gemeente: 'veenhoven' });
      const res = await t.http.patch(`/api/v1/users/${created.id}`).set(admin).send({ role: 'reviewer' });
      expect([moved.status, res.status]).toEqual([200, 200]);
      // the database holds the change...
      expect(await t.ds.query('SELECT role, gemeente_code FROM app_user WHERE id = $1', [created.id])).toEqual([
        { role: 'reviewer', gemeente_code: null },
      ]);
      // ...and the answer is the edited user (one object, as POST gives), without secrets
      expect(moved.body).toMatchObject({ id: created.id, role: 'gemeente', gemeente: 'veenhoven' });
      expect(res.body).toEqual({ ...created, role: 'reviewer', gemeente: null, disabled: false });
      expect(secrets(res.body)).toEqual([]);
      const rows = (await audit('app_user', created.id)).filter((r: { action: string }) =>
        r.action.startsWith('update'),
      );
      expect(
        rows.map((r: { action: string; before: { gemeente: string }; after: { gemeente: string } }) => [
          r.action,
          r.before.gemeente,
          r.after.gemeente,
        ]),
      ).toEqual([
        ['update', 'lindewaard', 'veenhoven'],
        ['update', 'veenhoven', null],
      ]);
    });

    it('changes a password: the old one stops working, the audit shows that it changed but not the hash', async () => {
      const res = await t.http
        .patch(`/api/v1/users/${created.id}`)
        .set(admin)
        .send({ password: 'een-nieuw-lang-wachtwoord' });
      expect(res.status).toBe(200);
      expect(secrets(res.body)).toEqual([]);
      expect(
        (
          await t.http
            .post('/api/v1/auth/login')
            .send({ username: 'consulent-lindewaard', password: 'een-lang-wachtwoord' })
        ).status,
      ).toBe(401);
      expect(
        (
          await t.http
            .post('/api/v1/auth/login')
            .send({ username: 'consulent-lindewaard', password: 'een-nieuw-lang-wachtwoord' })
        ).status,
      ).toBe(200);
      const rows = (await audit('app_user', created.id)).filter((r: { action: string }) =>
        r.action.startsWith('update'),
      );
      expect(rows[rows.length - 1].action).toBe('update_with_password');
      expect(secrets(rows)).toEqual([]);
    });

    it('refuses invalid edits with 400, changing nothing', async () => {
      const before = await t.ds.query(
        'SELECT role, gemeente_code, password_hash, disabled FROM app_user WHERE id = $1',
        [created.id],
      );
      const cases: [Record<string, unknown>, string[]][] = [
        [{ password: 'te-kort' }, ['password']],
        [{ role: 'gemeente' }, ['gemeente']], // a gemeente user needs a gemeente
        [{ gemeente: 'lindewaard' }, ['gemeente']], // a reviewer has none
        [{ role: 'gemeente', gemeente: 'atlantis' }, ['gemeente']],
        [{ role: 'koning' }, ['role']],
        [{ disabled: 'ja' }, ['disabled']],
        [{ username: 'hernoemd' }, ['username']],
      ];
      for (const [body, expected] of cases) {
        const res = await t.http.patch(`/api/v1/users/${created.id}`).set(admin).send(body);
        expect({ body, status: res.status, fields: fields(res.body) }).toEqual({ body, status: 400, fields: expected });
      }
      expect(
        await t.ds.query('SELECT role, gemeente_code, password_hash, disabled FROM app_user WHERE id = $1', [
          created.id,
        ]),
      ).toEqual(before);
    });

    it('answers 404 when editing an unknown id, also one that is not a uuid', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'bestaat-niet', '12345']) {
        const res = await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ disabled: true });
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
      }
    });

    it('keeps an e-mail address for report mail: changed or removed by the beheerder, a wrong one refused', async () => {
      const bad = await t.http.patch(`/api/v1/users/${created.id}`).set(admin).send({ email: 'geen adres' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'email', message: 'Dit is geen geldig e-mailadres.' }]);
      const changed = await t.http.patch(`/api/v1/users/${created.id}`).set(admin).send({ email: 'nieuw@example.nl' });
      expect(changed.body.email).toBe('nieuw@example.nl');
      const removed = await t.http.patch(`/api/v1/users/${created.id}`).set(admin).send({ email: null });
      expect(removed.body.email).toBeNull();
    });

    it('refuses user management to every role but beheerder (403)', async () => {
      for (const who of ['projectleider', 'reviewer', 'medewerker-lindewaard']) {
        const h = await t.auth(who);
        expect({
          who,
          status: (
            await t.http
              .post('/api/v1/users')
              .set(h)
              .send({ username: `via-${who}`, password: 'een-lang-wachtwoord', role: 'beheerder' })
          ).status,
        }).toEqual({ who, status: 403 });
        expect({
          who,
          status: (await t.http.patch(`/api/v1/users/${created.id}`).set(h).send({ role: 'beheerder' })).status,
        }).toEqual({ who, status: 403 });
      }
      expect(await t.ds.query("SELECT 1 FROM app_user WHERE username LIKE 'via-%'")).toHaveLength(0);
      expect((await t.ds.query('SELECT role FROM app_user WHERE id = $1', [created.id]))[0].role).toBe('reviewer');
    });
  });
});
