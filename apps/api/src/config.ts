/**
 * The configuration: every environment variable the platform reads is read here, and only here
 * (a test keeps it so, and keeps README's configuration table complete). `validateEnv` is the
 * schema: it checks each variable and refuses to start with one clear message per variable.
 * `main.ts` and the CLI validate `process.env` before anything else happens (the database opens
 * and migrations run before the Nest application exists); `AppModule.forRoot(config)` then hands
 * the typed `AppConfig` to @nestjs/config, so tests build the app from a config object alone.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { parseMfaKey } from './auth/mfa-secret';

/** Everything the app reads from the environment, read once. */
export interface AppConfig {
  databaseUrl: string;
  jwtSecret: string;
  tokenTtlSeconds: number;
  refreshTtlSeconds: number;
  corsOrigin: string | boolean;
  /** Folder of experiment YAML files synced at start. */
  experimentsDir: string;
  production: boolean;
  /** The public address of the web app (no trailing slash): client links use it, never the Host header. */
  publicUrl?: string;
  /** Express `trust proxy`: off, on, a number of hops, or the proxies' addresses (LAB_TRUST_PROXY). */
  trustProxy: boolean | number | string;
  /** How long a request waits for a database connection (ms). */
  dbConnectTimeoutMs: number;
  /**
   * The query budget (ms): the server cancels a statement after this long (statement_timeout), and
   * when the server does not answer at all (stalled) the app gives up 1 s later and drops that
   * connection, so a request waiting on the database ends, answered 503.
   */
  dbQueryTimeoutMs: number;
  /** How long /api/health waits for `SELECT 1` (ms). */
  healthTimeoutMs: number;
  /** How long POST /api/v1/imports waits for its import before answering 202 (ms). */
  importWaitMs: number;
  /** Folder of the built web app (LAB_WEB_DIR), or undefined for apps/admin/dist. */
  webDir?: string;
  /** Draft each quarterly report after its quarter ends (the running server only). */
  scheduleReports?: boolean;
  /** Erase participant-level data past their experiment's retention, hourly (the running server only). */
  scheduleRetention?: boolean;
  /** Chain new audit entries every second (the running server only; verification chains anyway). */
  chainAudit?: boolean;
  /** Local accounts of every role but reviewer must sign in with a TOTP code (LAB_REQUIRE_MFA; default: on in production). */
  requireMfa: boolean;
  /**
   * The key (32 bytes) that encrypts TOTP secrets at rest (LAB_MFA_KEY; without it `npm start` on
   * the embedded database uses its key file, auth/mfa-secret.ts). Without a key, two factors
   * answer 503 `auth.mfa_unavailable`.
   */
  mfaKey?: Buffer;
  /** The SMTP server for mail about quarterly reports (SMTP_URL); no mail is sent without it. */
  smtpUrl?: string;
  /** The sender of that mail (LAB_MAIL_FROM). */
  mailFrom: string;
  /** Sign-in with the organisation's account over OpenID Connect (OIDC_*); off without OIDC_ISSUER. */
  oidc?: OidcConfig;
}

/** The organisation's OpenID provider. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The ID token claim that gives the role (beheerder, projectleider, gemeente, reviewer). */
  roleClaim: string;
  /** The ID token claim that gives the gemeente's code (for role gemeente). */
  gemeenteClaim: string;
}

/** What the server and the CLI need before the app exists: where the database is, where to listen, the first seed. */
export interface StartupConfig {
  /** The database: a server (DATABASE_URL) or the embedded one in dataDir. */
  database: { DATABASE_URL?: string; LAB_DATA_DIR?: string; LAB_DB_PORT?: string };
  appDatabaseUrl?: string;
  port: number;
  host: string;
  seed: 'demo' | 'none';
  adminPassword?: string;
  demoPassword?: string;
}

/** The validated environment: the app's config (without its database URL, known only after the database opens) and the start-up settings. */
export interface LabEnvironment {
  app: Omit<AppConfig, 'databaseUrl'>;
  startup: StartupConfig;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The environment is wrong; the message names each variable and what is wrong with it. */
export class ConfigError extends Error {}

/** Every variable read (README's configuration table lists each; test/config.spec.ts checks). */
export const ENV_VARIABLES = [
  'NODE_ENV',
  'DATABASE_URL',
  'LAB_APP_DATABASE_URL',
  'LAB_DATA_DIR',
  'LAB_DB_PORT',
  'PORT',
  'HOST',
  'JWT_SECRET',
  'TOKEN_TTL_SECONDS',
  'REFRESH_TTL_SECONDS',
  'LAB_ADMIN_PASSWORD',
  'LAB_DEMO_PASSWORD',
  'LAB_SEED',
  'LAB_EXPERIMENTS_DIR',
  'CORS_ORIGIN',
  'LAB_PUBLIC_URL',
  'LAB_TRUST_PROXY',
  'LAB_DB_CONNECT_TIMEOUT_MS',
  'LAB_DB_QUERY_TIMEOUT_MS',
  'LAB_HEALTH_TIMEOUT_MS',
  'LAB_IMPORT_WAIT_MS',
  'LAB_WEB_DIR',
  'LAB_REQUIRE_MFA',
  'LAB_MFA_KEY',
  'SMTP_URL',
  'LAB_MAIL_FROM',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_ROLE_CLAIM',
  'OIDC_GEMEENTE_CLAIM',
] as const;
export type EnvVariable = (typeof ENV_VARIABLES)[number];
export type LabEnv = Partial<Record<EnvVariable, string>>;

const PRODUCTION_REQUIRED: Partial<Record<EnvVariable, string>> = {
  JWT_SECRET: 'JWT_SECRET ontbreekt. In productie (NODE_ENV=production) is een eigen geheim verplicht.',
  LAB_ADMIN_PASSWORD:
    'LAB_ADMIN_PASSWORD ontbreekt. In productie (NODE_ENV=production) is een eigen beheerderswachtwoord verplicht.',
  LAB_PUBLIC_URL:
    'LAB_PUBLIC_URL ontbreekt. In productie (NODE_ENV=production) is het publieke adres van de webapplicatie verplicht ' +
    '(bijvoorbeeld https://lab.gemeente.nl): links voor cliënten nemen hun adres daarvan, nooit van de Host-header.',
};

const NEW_MFA_KEY =
  "Maak een sleutel met: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"";

/**
 * Validates the environment (the schema). `server`: the checks for `npm start` (in production also
 * the admin password and the public address); the CLI needs only what the app itself needs.
 * Throws one ConfigError that names every wrong variable.
 */
export function validateEnv(env: LabEnv, opts: { server?: boolean } = {}): LabEnvironment {
  const problems: string[] = [];
  const text = (name: EnvVariable): string | undefined => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (name: EnvVariable, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = text(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) {
      problems.push(`${name} moet een geheel getal van ${min} tot en met ${max} zijn, niet "${v}".`);
      return fallback;
    }
    return Number(v);
  };
  const url = (name: EnvVariable, protocols: RegExp): string | undefined => {
    const v = text(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.test(u.protocol)) throw new Error(u.protocol);
      return v;
    } catch {
      problems.push(`${name} is geen geldig adres (${protocols.source.replace(/[\^$()]/g, '')}): "${v}".`);
      return undefined;
    }
  };

  const bool = (name: EnvVariable, fallback: boolean): boolean => {
    const v = text(name)?.trim().toLowerCase();
    if (v === undefined) return fallback;
    if (v === 'true') return true;
    if (v === 'false') return false;
    problems.push(`${name} moet "true" of "false" zijn, niet "${text(name)}".`);
    return fallback;
  };

  const production = env.NODE_ENV === 'production';
  if (production)
    for (const [name, message] of Object.entries(PRODUCTION_REQUIRED) as [EnvVariable, string][])
      if ((opts.server || name === 'JWT_SECRET') && !text(name)) problems.push(message);

  const databaseUrl = url('DATABASE_URL', /^(postgres|postgresql):$/);
  const appDatabaseUrl = url('LAB_APP_DATABASE_URL', /^(postgres|postgresql):$/);
  const dbPort = text('LAB_DB_PORT') === undefined ? undefined : int('LAB_DB_PORT', 0, 1, 65535);
  const publicUrl = url('LAB_PUBLIC_URL', /^(https?):$/)?.replace(/\/+$/, '');
  // SMTP_URL may hold a password: a refusal never repeats its value
  const smtpUrl = ((v) => {
    if (v === undefined) return undefined;
    let ok: boolean;
    try {
      const u = new URL(v);
      ok = /^smtps?:$/.test(u.protocol) && !!u.hostname;
    } catch {
      ok = false;
    }
    if (!ok)
      problems.push('SMTP_URL is geen geldig adres: schrijf smtp://gebruiker:wachtwoord@server:587 of smtps://….');
    return ok ? v : undefined;
  })(text('SMTP_URL'));
  const mailFrom = text('LAB_MAIL_FROM') ?? 'Living Lab Stabilisatie <noreply@living-lab.invalid>';
  if (!/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(mailFrom.trim()))
    problems.push(
      `LAB_MAIL_FROM moet een e-mailadres zijn (bijvoorbeeld Living Lab <lab@gemeente.nl>), niet "${mailFrom}".`,
    );
  // LAB_MFA_KEY is a secret: a refusal never repeats its value
  const mfaKeyText = text('LAB_MFA_KEY');
  const mfaKey = mfaKeyText === undefined ? undefined : parseMfaKey(mfaKeyText);
  if (mfaKeyText !== undefined && !mfaKey)
    problems.push(`LAB_MFA_KEY moet base64 van precies 32 bytes zijn. ${NEW_MFA_KEY}`);
  if (opts.server && text('DATABASE_URL') && mfaKeyText === undefined)
    problems.push(
      'LAB_MFA_KEY ontbreekt. Met DATABASE_URL (een eigen PostgreSQL-server) is een eigen sleutel voor de ' +
        `TOTP-geheimen verplicht; bewaar hem buiten de database. ${NEW_MFA_KEY}`,
    );
  const oidcIssuer = url('OIDC_ISSUER', /^(https?):$/);
  if (oidcIssuer && production && new URL(oidcIssuer).protocol !== 'https:')
    problems.push('OIDC_ISSUER moet in productie (NODE_ENV=production) met https:// beginnen.');
  if (oidcIssuer && !text('OIDC_CLIENT_ID')) problems.push('OIDC_CLIENT_ID ontbreekt. Die is nodig met OIDC_ISSUER.');
  if (oidcIssuer && !publicUrl)
    problems.push(
      'LAB_PUBLIC_URL ontbreekt. Met OIDC_ISSUER is het publieke adres nodig: de aanbieder stuurt de gebruiker daarheen terug.',
    );
  const oidc: OidcConfig | undefined =
    oidcIssuer && text('OIDC_CLIENT_ID')
      ? {
          issuer: oidcIssuer,
          clientId: text('OIDC_CLIENT_ID')!,
          clientSecret: text('OIDC_CLIENT_SECRET'),
          roleClaim: text('OIDC_ROLE_CLAIM') ?? 'lab_role',
          gemeenteClaim: text('OIDC_GEMEENTE_CLAIM') ?? 'lab_gemeente',
        }
      : undefined;
  const seed = text('LAB_SEED') ?? (production ? 'none' : 'demo');
  if (seed !== 'demo' && seed !== 'none') problems.push(`LAB_SEED moet "demo" of "none" zijn, niet "${seed}".`);

  const app: LabEnvironment['app'] = {
    // Without JWT_SECRET outside production, tokens are signed with a per-process secret:
    // they stop working at restart, which is fine for a local demo.
    jwtSecret: text('JWT_SECRET') ?? randomBytes(32).toString('hex'),
    tokenTtlSeconds: int('TOKEN_TTL_SECONDS', 900, 1),
    refreshTtlSeconds: int('REFRESH_TTL_SECONDS', 8 * 3600, 1),
    corsOrigin: text('CORS_ORIGIN') ?? false,
    experimentsDir: text('LAB_EXPERIMENTS_DIR') ?? 'experiments',
    production,
    publicUrl,
    trustProxy: trustProxy(text('LAB_TRUST_PROXY'), problems),
    dbConnectTimeoutMs: int('LAB_DB_CONNECT_TIMEOUT_MS', 10_000, 1),
    dbQueryTimeoutMs: int('LAB_DB_QUERY_TIMEOUT_MS', 60_000, 100),
    healthTimeoutMs: int('LAB_HEALTH_TIMEOUT_MS', 3_000, 1),
    importWaitMs: int('LAB_IMPORT_WAIT_MS', 25_000, 0),
    webDir: text('LAB_WEB_DIR'),
    requireMfa: bool('LAB_REQUIRE_MFA', production),
    mfaKey,
    smtpUrl,
    mailFrom,
    oidc,
  };
  const startup: StartupConfig = {
    database: {
      DATABASE_URL: databaseUrl,
      LAB_DATA_DIR: text('LAB_DATA_DIR'),
      LAB_DB_PORT: dbPort === undefined ? undefined : String(dbPort),
    },
    appDatabaseUrl,
    port: int('PORT', 3000, 0, 65535),
    host: text('HOST') ?? '127.0.0.1',
    seed: seed === 'demo' ? 'demo' : 'none',
    adminPassword: text('LAB_ADMIN_PASSWORD'),
    demoPassword: text('LAB_DEMO_PASSWORD'),
  };
  if (problems.length)
    throw new ConfigError(
      problems.length === 1 ? problems[0] : `De configuratie klopt niet:\n  ${problems.join('\n  ')}`,
    );
  return { app, startup };
}

/**
 * LAB_TRUST_PROXY → Express `trust proxy`. Off by default: the client's address is the socket's.
 * `true` trusts every proxy (X-Forwarded-For's first address), a number trusts that many hops,
 * a list (`loopback`, `10.0.0.0/8, 192.168.1.2`) trusts those proxies only.
 */
function trustProxy(v: string | undefined, problems: string[]): boolean | number | string {
  if (v === undefined) return false;
  const s = v.trim().toLowerCase();
  if (['false', 'off', 'no', 'nee'].includes(s)) return false;
  if (['true', 'on', 'yes', 'ja'].includes(s)) return true;
  if (/^\d+$/.test(s)) return Number(s);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  const parts = s.split(',').map((p) => p.trim());
  const valid = parts.every((p) => {
    if (named.includes(p)) return true;
    const [ip, bits, ...rest] = p.split('/');
    return !rest.length && isIP(ip) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
  });
  if (!valid) {
    problems.push(
      `LAB_TRUST_PROXY moet "true", "false", een aantal proxy's of een lijst adressen van proxy's zijn, niet "${v}".`,
    );
    return false;
  }
  return parts.join(', ');
}

/** The one read of `process.env` (main.ts and the CLI). */
export function loadEnv(opts: { server?: boolean } = {}): LabEnvironment {
  return validateEnv(process.env as LabEnv, opts);
}

/** The app's config for a database URL (the API's role), from a validated environment. */
export function appConfig(env: LabEnvironment, databaseUrl: string): AppConfig {
  return { databaseUrl, ...env.app };
}

/** Validates `env` and gives the app's config (tests, benches and the CLI build the app from this). */
export function readConfig(env: LabEnv, databaseUrl: string): AppConfig {
  return appConfig(validateEnv(env), databaseUrl);
}
