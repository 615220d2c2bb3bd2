import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../apps/api/src/bootstrap';
import { MfaService } from '../../apps/api/src/auth/mfa.service';
import { readConfig } from '../../apps/api/src/config';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startTestApp, TEST_MFA_KEY, type TestApp } from '../helpers/app';
import { base32Decode, totpAt } from '../helpers/totp';

/**
 * Two factors (issue 17): TOTP per RFC 6238 with one-time recovery codes. This spec computes the
 * codes itself (test/helpers/totp.ts: node:crypto HMAC-SHA1, RFC 4226 dynamic truncation, RFC 6238
 * time steps of 30 s): nothing is shared with the server, which uses the `otpauth` library.
 */

const now = () => Date.now() / 1000;
// Each login from its own address (LAB_TRUST_PROXY=true): the per-address rate limit is not what these tests are about.
let client = 0;
const login = (t: TestApp, username: string, totp?: string, password = DEMO_PASSWORD) =>
  t.http
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', `10.0.${Math.floor(++client / 250)}.${client % 250}`)
    .send({ username, password, ...(totp === undefined ? {} : { totp }) });

/** Sets up and confirms TOTP for the bearer of `auth`: the key and the recovery codes. */
async function enable(t: TestApp, auth: Record<string, string>) {
  const setup = await t.http.post('/api/v1/auth/mfa/setup').set(auth);
  expect(setup.status).toBe(200);
  const uri = new URL(setup.body.otpauthUri);
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  const secret = uri.searchParams.get('secret')!;
  expect(uri.searchParams.get('algorithm')).toBe('SHA1');
  expect(uri.searchParams.get('digits')).toBe('6');
  expect(uri.searchParams.get('period')).toBe('30');
  const key = base32Decode(secret);
  // A code from a different secret does not confirm it.
  const wrong = await t.http
    .post('/api/v1/auth/mfa/confirm')
    .set(auth)
    .send({ code: totpAt(Buffer.from('another-secret-value'), now()) });
  expect(wrong.status).toBe(400);
  expect(wrong.body.code).toBe('auth.mfa_confirm_wrong');
  expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'code', code: 'auth.mfa_confirm_wrong' })]);
  const confirm = await t.http
    .post('/api/v1/auth/mfa/confirm')
    .set(auth)
    .send({ code: totpAt(key, now()) });
  expect(confirm.status).toBe(200);
  const codes: string[] = confirm.body.recoveryCodes;
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  return { secret, key, codes };
}

describe('two factors (TOTP) with LAB_REQUIRE_MFA=false', () => {
  let t: TestApp;
  let secret: string;
  let key: Buffer;
  let codes: string[];
  beforeAll(async () => {
    t = await startTestApp({ env: { LAB_REQUIRE_MFA: 'false', LAB_TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sets up from a normal session: the otpauth URI once, then recovery codes; setup again is refused', async () => {
    const auth = await t.auth('projectleider');
    ({ secret, key, codes } = await enable(t, auth));
    const again = await t.http.post('/api/v1/auth/mfa/setup').set(auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('auth.mfa_already_enabled');
    expect(JSON.stringify(again.body)).not.toContain(secret);
    // the recovery codes are stored hashed (argon2id), never as they are
    const stored = await t.admin.query(
      "SELECT code_hash FROM user_recovery_code r JOIN app_user u ON u.id = r.user_id WHERE u.username = 'projectleider'",
    );
    expect(stored).toHaveLength(10);
    for (const r of stored) expect(r.code_hash).toMatch(/^\$argon2id\$/);
    for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c.slice(5).replace(/-/g, ''));
  });

  it('then login needs the code: without it 401 auth.mfa_required, a wrong code 401 auth.mfa_code_wrong', async () => {
    const without = await login(t, 'projectleider');
    expect(without.status).toBe(401);
    expect(without.body).toMatchObject({ code: 'auth.mfa_required' });
    expect(without.body.accessToken).toBeUndefined();
    const current = totpAt(key, now());
    const wrongCode = String((Number(current) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await login(t, 'projectleider', wrongCode);
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('auth.mfa_code_wrong');
    expect(wrong.body.message).toMatch(/code klopt niet/);
    // a right code with a wrong password is still the wrong password
    const badPassword = await login(t, 'projectleider', current, 'not-the-password');
    expect(badPassword.status).toBe(401);
    expect(badPassword.body.code).toBe('auth.wrong_credentials');
  });

  it('accepts the current code once: the same code again is refused (replay)', async () => {
    // Wait for a fresh step if the confirm code's step is the current one (it is used up).
    const [{ last }] = await t.admin.query(
      "SELECT last_step::int AS last FROM user_totp t JOIN app_user u ON u.id = t.user_id WHERE u.username = 'projectleider'",
    );
    // The confirm code's step counts as used: a code of that step is refused.
    const usedStep = await login(t, 'projectleider', totpAt(key, last * 30));
    expect(usedStep.status).toBe(401);
    expect(usedStep.body.code).toBe('auth.mfa_code_wrong');
    // A code of the next step (within the ±1 window if the clock is still in `last`) works once.
    const next = totpAt(key, (last + 1) * 30);
    const ok = await login(t, 'projectleider', next);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accessToken: expect.any(String), role: 'projectleider' });
    const replay = await login(t, 'projectleider', next);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('auth.mfa_code_wrong');
  });

  it('accepts a recovery code once (typed with capitals and spaces too), then never again', async () => {
    const typed = codes[3].toUpperCase().replace(/-/g, ' ');
    const first = await login(t, 'projectleider', typed);
    expect(first.status).toBe(200);
    const second = await login(t, 'projectleider', codes[3]);
    expect(second.status).toBe(401);
    expect(second.body.code).toBe('auth.mfa_code_wrong');
    const other = await login(t, 'projectleider', codes[4]);
    expect(other.status).toBe(200);
    const audit = await t.admin.query("SELECT count(*)::int AS n FROM audit_entry WHERE action = 'mfa_recovery_used'");
    expect(audit[0].n).toBe(2);
  });

  it('counts wrong codes towards the lock-out: after 5 the right code is refused too', async () => {
    const auth = await t.auth('medewerker-lindewaard');
    const { key: k } = await enable(t, auth);
    for (let i = 0; i < 5; i++) {
      const res = await login(t, 'medewerker-lindewaard', i % 2 ? '000000' : 'aaaa-bbbb-cccc-dddd');
      expect(res.status).toBe(401);
    }
    const locked = await login(t, 'medewerker-lindewaard', totpAt(k, now() + 30));
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('auth.wrong_credentials');
    const [row] = await t.admin.query(
      "SELECT locked_until > now() AS locked FROM app_user WHERE username = 'medewerker-lindewaard'",
    );
    expect(row.locked).toBe(true);
  });

  it("RFC 6238's SHA-1 test vectors: this spec's codes match, and the server accepts them at those times", async () => {
    const rfcKey = Buffer.from('12345678901234567890', 'ascii');
    // RFC 6238 appendix B (8 digits, SHA-1); the server uses 6 digits: the last six of the same number.
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [time, code] of vectors) expect(totpAt(rfcKey, time, 8)).toBe(code);
    // The server's verification at those times: projectleider's secret becomes the RFC's key.
    await t.admin.query(
      `UPDATE user_totp SET secret = $1, last_step = NULL
       WHERE user_id = (SELECT id FROM app_user WHERE username = 'projectleider')`,
      ['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'], // base32 of "12345678901234567890"
    );
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString('ascii')).toBe('12345678901234567890');
    const realNow = Date.now;
    try {
      for (const [time, code] of vectors) {
        Date.now = () => time * 1000 + 500; // only the clock the server reads; timers keep running
        const res = await login(t, 'projectleider', code.slice(-6));
        expect([time, res.status]).toEqual([time, 200]);
      }
      Date.now = () => 1234567890 * 1000;
      const late = await login(t, 'projectleider', '287082'); // the code of time 59, long past
      expect(late.status).toBe(401);
    } finally {
      Date.now = realNow;
    }
  });

  it('never writes the secret to an audit entry', async () => {
    const audit = await t.admin.query('SELECT * FROM audit_entry');
    const text = JSON.stringify(audit);
    expect(text).toContain('mfa_enabled');
    expect(text).not.toContain(secret);
    for (const c of codes) expect(text).not.toContain(c);
  });
});

describe('two factors required (LAB_REQUIRE_MFA=true)', () => {
  let t: TestApp;
  const written: string[] = [];
  let spies: jest.SpyInstance[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { LAB_REQUIRE_MFA: 'true', LAB_TRUST_PROXY: 'true' }, logger: true });
    spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')].map((s) =>
      s.mockImplementation(((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as never),
    );
  });
  afterAll(async () => {
    spies.forEach((s) => s.mockRestore());
    await t?.close();
  });

  it('lets a reviewer in with the password alone', async () => {
    const res = await login(t, 'reviewer');
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('reviewer');
  });

  it('refuses a projectleider without two factors; the limited token opens only the setup', async () => {
    const res = await login(t, 'projectleider');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.mfa_setup_required');
    expect(res.body.message).toMatch(/verplicht/);
    expect(res.body.accessToken).toBeUndefined();
    const limited = { Authorization: `Bearer ${res.body.setupToken}` };
    // the limited token opens nothing else
    const other = await t.http.get('/api/v1/experiments').set(limited);
    expect(other.status).toBe(401);
    expect(other.body.code).toBe('auth.mfa_setup_required');
    // nor does refreshing help: there is no refresh token, and a wrong password gets no setup token
    const wrong = await login(t, 'projectleider', undefined, 'not-the-password');
    expect(wrong.body.setupToken).toBeUndefined();
    expect(wrong.body.code).toBe('auth.wrong_credentials');

    const { key, secret } = await enable(t, limited);
    // after confirming, the limited token still opens nothing else
    expect((await t.http.get('/api/v1/experiments').set(limited)).status).toBe(401);
    const without = await login(t, 'projectleider');
    expect(without.body.code).toBe('auth.mfa_required');
    const ok = await login(t, 'projectleider', totpAt(key, now() + 30));
    expect(ok.status).toBe(200);
    const list = await t.http.get('/api/v1/experiments').set({ Authorization: `Bearer ${ok.body.accessToken}` });
    expect(list.status).toBe(200);

    // the secret is nowhere in the audit trail or the log
    const audit = JSON.stringify(await t.admin.query('SELECT * FROM audit_entry'));
    expect(audit).toContain('login_mfa_setup_required');
    expect(audit).not.toContain(secret);
    expect(written.join('')).not.toContain(secret);
  });

  it('also refuses a beheerder and a gemeente user without two factors', async () => {
    for (const [username, password] of [
      ['admin', ADMIN_PASSWORD],
      ['medewerker-lindewaard', DEMO_PASSWORD],
    ]) {
      const res = await login(t, username, undefined, password);
      expect([username, res.status, res.body.code]).toEqual([username, 401, 'auth.mfa_setup_required']);
    }
  });
});

/**
 * The stored form, as README and migration 1764987000000 describe it, opened here with node:crypto
 * alone: `v1:` + base64url(iv 12 | ciphertext | tag 16), AES-256-GCM, the account id as additional data.
 */
function openStored(stored: string, key: Buffer, userId: string): string {
  expect(stored).toMatch(/^v1:[A-Za-z0-9_-]+$/);
  const raw = Buffer.from(stored.slice(3), 'base64url');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAAD(Buffer.from(userId));
  d.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString();
}
/** As the app stores a secret (for a key the app does not have). */
function sealStored(secret: string, key: Buffer, userId: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(userId));
  return 'v1:' + Buffer.concat([iv, c.update(secret), c.final(), c.getAuthTag()]).toString('base64url');
}

describe('TOTP secrets encrypted at rest (LAB_MFA_KEY)', () => {
  let t: TestApp;
  let userId: string;
  let secret: string;
  let key: Buffer;
  let codes: string[];
  const appKey = Buffer.from(TEST_MFA_KEY, 'base64');
  const stored = async (): Promise<string> =>
    (await t.admin.query('SELECT secret FROM user_totp WHERE user_id = $1', [userId]))[0].secret;
  /** Every form the secret could take in the database: base32, hex, base64 of its bytes. */
  const forms = () => [secret, key.toString('hex'), key.toString('base64'), key.toString('base64url')];

  beforeAll(async () => {
    t = await startTestApp({ env: { LAB_REQUIRE_MFA: 'false', LAB_TRUST_PROXY: 'true' } });
    [{ id: userId }] = await t.admin.query("SELECT id::text AS id FROM app_user WHERE username = 'projectleider'");
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never holds the secret in the database: pending and confirmed it is v1:… under the key, bound to the account', async () => {
    const auth = await t.auth('projectleider');
    const setup = await t.http.post('/api/v1/auth/mfa/setup').set(auth);
    expect(setup.status).toBe(200);
    const pendingSecret = new URL(setup.body.otpauthUri).searchParams.get('secret')!;
    const pending = await stored();
    expect(pending).not.toContain(pendingSecret);
    expect(openStored(pending, appKey, userId)).toBe(pendingSecret);
    // setup again while unconfirmed: a new secret, encrypted with a new IV
    ({ secret, key, codes } = await enable(t, auth));
    expect(secret).not.toBe(pendingSecret);
    const confirmed = await stored();
    expect(openStored(confirmed, appKey, userId)).toBe(secret);
    const table = JSON.stringify(await t.admin.query('SELECT * FROM user_totp'));
    for (const f of forms()) expect(table).not.toContain(f);
    // bound to the account: under another account's id it does not open
    expect(() => openStored(confirmed, appKey, randomBytes(16).toString('hex'))).toThrow();
    // and the schema takes no third form
    await expect(
      t.admin.query('UPDATE user_totp SET secret = $2 WHERE user_id = $1', [userId, 'geheim']),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('logs in with a code as before', async () => {
    const ok = await login(t, 'projectleider', totpAt(key, now() + 30));
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('projectleider');
  });

  it('encrypts a legacy plain secret at its first use, and logs in with it', async () => {
    await t.admin.query('UPDATE user_totp SET secret = $2, last_step = NULL WHERE user_id = $1', [userId, secret]);
    expect(await stored()).toBe(secret);
    const ok = await login(t, 'projectleider', totpAt(key, now()));
    expect(ok.status).toBe(200);
    expect(await stored()).not.toContain(secret);
    expect(openStored(await stored(), appKey, userId)).toBe(secret);
  });

  it('encrypts every legacy plain secret at start (encryptPlainSecrets, as npm start calls it)', async () => {
    await t.admin.query('UPDATE user_totp SET secret = $2 WHERE user_id = $1', [userId, secret]);
    const mfa = t.app.get(MfaService);
    expect(await mfa.encryptPlainSecrets()).toBe(1);
    expect(await mfa.encryptPlainSecrets()).toBe(0);
    expect(openStored(await stored(), appKey, userId)).toBe(secret);
    expect(await mfa.keyOpensStoredSecrets()).toBe(true);
    expect((await login(t, 'projectleider', totpAt(key, now() + 30))).status).toBe(200);
  });

  it('with a wrong key: 503 auth.mfa_unavailable in plain Dutch, no details; the start check says so; recovery codes still work', async () => {
    // the same database, served by an app with another key (as after losing the key file)
    const other = await createApp(
      readConfig(
        { JWT_SECRET: 'test-secret', LAB_MFA_KEY: randomBytes(32).toString('base64'), LAB_TRUST_PROXY: 'true' },
        t.appUrl,
      ),
      { logger: false },
    );
    await other.init();
    try {
      expect(await other.get(MfaService).keyOpensStoredSecrets()).toBe(false);
      const http = request(other.getHttpServer());
      const res = await http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '10.9.9.9')
        .send({ username: 'projectleider', password: DEMO_PASSWORD, totp: totpAt(key, now() + 30) });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        type: 'urn:living-lab:problem:auth.mfa_unavailable',
        title: 'Tijdelijk niet beschikbaar',
        status: 503,
        detail: expect.stringMatching(/Neem contact op met de beheerder/),
        statusCode: 503,
        code: 'auth.mfa_unavailable',
        message: expect.stringMatching(/^Inloggen met een extra code werkt nu niet/),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/decrypt|cipher|LAB_MFA_KEY|v1:|Error|\bat /);
      // a wrong key is not a wrong code: nothing counts towards the lock-out
      const [u] = await t.admin.query('SELECT failed_logins FROM app_user WHERE id = $1', [userId]);
      expect(u.failed_logins).toBe(0);
      const recovery = await http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '10.9.9.10')
        .send({ username: 'projectleider', password: DEMO_PASSWORD, totp: codes[0] });
      expect(recovery.status).toBe(200);
      // a secret sealed under that other key is what the first app cannot open
      await t.admin.query('UPDATE user_totp SET secret = $2 WHERE user_id = $1', [
        userId,
        sealStored(secret, randomBytes(32), userId),
      ]);
      expect(await t.app.get(MfaService).keyOpensStoredSecrets()).toBe(false);
      const wrong = await login(t, 'projectleider', totpAt(key, now() + 30));
      expect([wrong.status, wrong.body.code]).toEqual([503, 'auth.mfa_unavailable']);
    } finally {
      await other.close();
    }
  });
});
