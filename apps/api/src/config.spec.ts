import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, ENV_VARIABLES, readConfig, validateEnv } from './config';

const ROOT = path.resolve(__dirname, '../../..');
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-secret',
  LAB_ADMIN_PASSWORD: 'long-enough-password',
  LAB_PUBLIC_URL: 'https://lab.example.nl/',
};

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration (config.ts)', () => {
  it('gives the defaults of README for an empty environment', () => {
    const c = readConfig({}, 'postgres://x@localhost/db');
    expect(c).toMatchObject({
      tokenTtlSeconds: 900,
      refreshTtlSeconds: 28_800,
      corsOrigin: false,
      experimentsDir: 'experiments',
      production: false,
      trustProxy: false,
      dbConnectTimeoutMs: 10_000,
      dbQueryTimeoutMs: 60_000,
      healthTimeoutMs: 3_000,
      importWaitMs: 25_000,
    });
    expect(c.publicUrl).toBeUndefined();
    expect(c.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(validateEnv({}).startup).toMatchObject({ port: 3000, host: '127.0.0.1', seed: 'demo' });
  });

  it('refuses a production server start without LAB_PUBLIC_URL, naming the variable', () => {
    const { LAB_PUBLIC_URL: _, ...withoutUrl } = PRODUCTION;
    expect(refusal(() => validateEnv(withoutUrl, { server: true }))).toMatch(/^LAB_PUBLIC_URL ontbreekt/);
    const ok = validateEnv(PRODUCTION, { server: true });
    expect(ok.app.publicUrl).toBe('https://lab.example.nl');
    expect(ok.startup.seed).toBe('none');
    // outside production the request's host is used (a local demo)
    expect(validateEnv({}, { server: true }).app.publicUrl).toBeUndefined();
  });

  it('reads LAB_MFA_KEY (base64 of 32 bytes), refuses another value without repeating it, and requires it with DATABASE_URL', () => {
    const key = Buffer.alloc(32, 9);
    expect(validateEnv({ LAB_MFA_KEY: key.toString('base64') }).app.mfaKey).toEqual(key);
    expect(validateEnv({}).app.mfaKey).toBeUndefined(); // npm start then uses the embedded database's key file
    const short = refusal(() => validateEnv({ LAB_MFA_KEY: 'c2hvcnQta2V5' }));
    expect(short).toMatch(/^LAB_MFA_KEY moet base64 van precies 32 bytes zijn/);
    expect(short).not.toContain('c2hvcnQta2V5');
    const server = { DATABASE_URL: 'postgres://lab@db.example.nl/lab' };
    expect(refusal(() => validateEnv(server, { server: true }))).toMatch(/^LAB_MFA_KEY ontbreekt. Met DATABASE_URL/);
    expect(validateEnv({ ...server, LAB_MFA_KEY: key.toString('base64') }, { server: true }).app.mfaKey).toEqual(key);
    // the CLI does not need it (it never reads a TOTP secret)
    expect(() => validateEnv(server)).not.toThrow();
  });

  it('refuses production without JWT_SECRET or LAB_ADMIN_PASSWORD, and lists every problem at once', () => {
    expect(refusal(() => validateEnv({ ...PRODUCTION, JWT_SECRET: '' }, { server: true }))).toMatch(
      /^JWT_SECRET ontbreekt/,
    );
    const all = refusal(() => validateEnv({ NODE_ENV: 'production', PORT: 'drie' }, { server: true }));
    for (const name of ['JWT_SECRET', 'LAB_ADMIN_PASSWORD', 'LAB_PUBLIC_URL', 'PORT'])
      expect(all).toContain(`${name} `);
    // the CLI needs only what the app itself needs
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x' })).not.toThrow();
  });

  it.each([
    ['LAB_IMPORT_WAIT_MS', 'abc', /LAB_IMPORT_WAIT_MS moet een geheel getal/],
    ['LAB_HEALTH_TIMEOUT_MS', '-5', /LAB_HEALTH_TIMEOUT_MS moet een geheel getal/],
    ['PORT', '70000', /PORT moet een geheel getal van 0 tot en met 65535/],
    ['LAB_PUBLIC_URL', 'lab.example.nl', /LAB_PUBLIC_URL is geen geldig adres/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL is geen geldig adres/],
    ['LAB_SEED', 'alles', /LAB_SEED moet "demo" of "none" zijn/],
    ['LAB_TRUST_PROXY', 'misschien', /LAB_TRUST_PROXY moet/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(refusal(() => validateEnv({ [name]: value }))).toMatch(message);
  });

  it('requires two factors by default in production only; LAB_REQUIRE_MFA overrides either way', () => {
    expect(validateEnv({}).app.requireMfa).toBe(false);
    expect(validateEnv(PRODUCTION, { server: true }).app.requireMfa).toBe(true);
    expect(validateEnv({ ...PRODUCTION, LAB_REQUIRE_MFA: 'false' }, { server: true }).app.requireMfa).toBe(false);
    expect(validateEnv({ LAB_REQUIRE_MFA: 'true' }).app.requireMfa).toBe(true);
    expect(refusal(() => validateEnv({ LAB_REQUIRE_MFA: 'ja' }))).toBe(
      'LAB_REQUIRE_MFA moet "true" of "false" zijn, niet "ja".',
    );
  });

  it('reads LAB_TRUST_PROXY as off, on, a number of hops or a list of proxies', () => {
    const trust = (v?: string) => validateEnv({ LAB_TRUST_PROXY: v }).app.trustProxy;
    expect(trust(undefined)).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });

  it('is the only place that reads process.env, and README documents every variable', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!['node_modules', 'dist'].includes(e.name)) walk(p);
        } else if (/\.ts$/.test(e.name) && !/\.spec\.ts$/.test(e.name)) {
          const src = fs.readFileSync(p, 'utf8');
          // passing the whole environment on to a child process is not reading a variable
          if (/process\.env\.[A-Z_]|process\.env\[/.test(src) || /=\s*process\.env\b(?!\s*,)/.test(src))
            offenders.push(path.relative(ROOT, p));
        }
      }
    };
    for (const dir of ['apps/api/src', 'libs']) walk(path.join(ROOT, dir));
    expect(offenders.filter((f) => f !== 'apps/api/src/config.ts')).toEqual([]);

    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Command line'));
    for (const name of ENV_VARIABLES) expect(table).toContain(`\`${name}\``);
  });

  it('reads SMTP_URL and LAB_MAIL_FROM: mail is off without SMTP_URL, a wrong one is refused without its password', () => {
    const off = readConfig({}, 'postgres://x@localhost/db');
    expect(off.smtpUrl).toBeUndefined();
    expect(off.mailFrom).toBe('Living Lab Stabilisatie <noreply@living-lab.invalid>');
    const on = readConfig(
      { SMTP_URL: 'smtp://lab:geheim@mail.example.nl:587', LAB_MAIL_FROM: 'Lab <lab@example.nl>' },
      'postgres://x@localhost/db',
    );
    expect(on).toMatchObject({ smtpUrl: 'smtp://lab:geheim@mail.example.nl:587', mailFrom: 'Lab <lab@example.nl>' });
    const wrong = refusal(() => validateEnv({ SMTP_URL: 'http://lab:geheim@mail.example.nl' }));
    expect(wrong).toMatch(/^SMTP_URL is geen geldig adres/);
    expect(wrong).not.toContain('geheim');
    expect(refusal(() => validateEnv({ LAB_MAIL_FROM: 'niemand' }))).toMatch(
      /^LAB_MAIL_FROM moet een e-mailadres zijn/,
    );
  });
  describe('sign-in with an organisation account (OIDC_*)', () => {
    it('is off without OIDC_ISSUER, and reads the provider with README defaults for the claims', () => {
      expect(readConfig({}, 'postgres://x@localhost/db').oidc).toBeUndefined();
      const c = readConfig(
        {
          OIDC_ISSUER: 'https://login.gemeente.nl/realms/lab',
          OIDC_CLIENT_ID: 'lab',
          LAB_PUBLIC_URL: 'https://lab.nl',
        },
        'postgres://x@localhost/db',
      );
      expect(c.oidc).toEqual({
        issuer: 'https://login.gemeente.nl/realms/lab',
        clientId: 'lab',
        clientSecret: undefined,
        roleClaim: 'lab_role',
        gemeenteClaim: 'lab_gemeente',
      });
    });

    it('refuses an issuer without client id or public address, and http:// in production', () => {
      const m = refusal(() => validateEnv({ OIDC_ISSUER: 'https://idp.example.nl' }));
      expect(m).toContain('OIDC_CLIENT_ID ontbreekt');
      expect(m).toContain('LAB_PUBLIC_URL ontbreekt');
      expect(refusal(() => validateEnv({ OIDC_ISSUER: 'ftp://idp', OIDC_CLIENT_ID: 'x' }))).toContain(
        'OIDC_ISSUER is geen geldig adres',
      );
      expect(
        refusal(() =>
          validateEnv({ ...PRODUCTION, OIDC_ISSUER: 'http://idp.example.nl', OIDC_CLIENT_ID: 'lab' }, { server: true }),
        ),
      ).toContain('OIDC_ISSUER moet in productie (NODE_ENV=production) met https:// beginnen.');
    });
  });
});
