import { randomBytes } from 'node:crypto';

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
  /** Draft each quarterly report after its quarter ends (the running server only). */
  scheduleReports?: boolean;
  /** Erase participant-level data past their experiment's retention, hourly (the running server only). */
  scheduleRetention?: boolean;
  /** Chain new audit entries every second (the running server only; verification chains anyway). */
  chainAudit?: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

/** In production, secrets come only from the environment: refuse to start without them. */
export function checkProductionEnv(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== 'production') return;
  if (!env.JWT_SECRET)
    throw new ConfigError('JWT_SECRET ontbreekt. In productie (NODE_ENV=production) is een eigen geheim verplicht.');
  if (!env.LAB_ADMIN_PASSWORD)
    throw new ConfigError(
      'LAB_ADMIN_PASSWORD ontbreekt. In productie (NODE_ENV=production) is een eigen beheerderswachtwoord verplicht.',
    );
}

export function readConfig(env: NodeJS.ProcessEnv, databaseUrl: string): AppConfig {
  const production = env.NODE_ENV === 'production';
  if (production && !env.JWT_SECRET)
    throw new ConfigError('JWT_SECRET ontbreekt. In productie (NODE_ENV=production) is een eigen geheim verplicht.');
  return {
    databaseUrl,
    // Without JWT_SECRET outside production, tokens are signed with a per-process secret:
    // they stop working at restart, which is fine for a local demo.
    jwtSecret: env.JWT_SECRET || randomBytes(32).toString('hex'),
    tokenTtlSeconds: Number(env.TOKEN_TTL_SECONDS ?? 900),
    refreshTtlSeconds: Number(env.REFRESH_TTL_SECONDS ?? 8 * 3600),
    corsOrigin: env.CORS_ORIGIN ?? false,
    experimentsDir: env.LAB_EXPERIMENTS_DIR ?? 'experiments',
    production,
  };
}
