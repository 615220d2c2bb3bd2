import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/**
 * Who the database work of the current async flow is for. Row-level security (migration
 * 1764800000000) reads it from the session settings `app.role` and `app.gemeente`:
 * beheerder, projectleider and system see every gemeente, a gemeente user only their own, a
 * reviewer (and anyone else, or no context at all) no participant-level row.
 */
export interface DbContext {
  role: 'beheerder' | 'projectleider' | 'gemeente' | 'reviewer' | 'system' | 'anonymous';
  gemeente: string | null;
}

/** A mutable holder per async flow: an HTTP request opens one (anonymous), the AuthGuard fills it. */
interface Holder {
  ctx: DbContext;
}

const storage = new AsyncLocalStorage<Holder>();

export const SYSTEM_CONTEXT: DbContext = Object.freeze({ role: 'system', gemeente: null }) as DbContext;
export const ANONYMOUS_CONTEXT: DbContext = Object.freeze({ role: 'anonymous', gemeente: null }) as DbContext;

/** The context of the current flow; undefined outside any (then the database shows nothing). */
export function currentDbContext(): DbContext | undefined {
  return storage.getStore()?.ctx;
}

/** Runs fn (and everything it starts) in ctx. */
export function runWithDbContext<T>(ctx: DbContext, fn: () => T): T {
  return storage.run({ ctx }, fn);
}

/**
 * Runs fn as the system (seed, experiment sync, scheduler, CLI, retention): every gemeente's rows.
 * Only connections acquired inside fn carry it; a manager of an outer transaction keeps the
 * context it was opened with.
 */
export function runAsSystem<T>(fn: () => T): T {
  return runWithDbContext(SYSTEM_CONTEXT, fn);
}

/** Opens an anonymous context for an HTTP request; `setDbContext` (the AuthGuard) fills it in. */
export function openRequestDbContext<T>(fn: () => T): T {
  return storage.run({ ctx: ANONYMOUS_CONTEXT }, fn);
}

/** Sets the context of the current flow (opened by openRequestDbContext). Returns false outside one. */
export function setDbContext(ctx: DbContext): boolean {
  const holder = storage.getStore();
  if (!holder) return false;
  holder.ctx = ctx;
  return true;
}

const SET = "SELECT set_config('app.gemeente', $1, false), set_config('app.role', $2, false)";
const RESET = "SELECT set_config('app.gemeente', '', false), set_config('app.role', '', false)";
const INSTALLED = Symbol('living-lab-db-context');

type PgClient = { query(sql: string, params?: unknown[]): Promise<unknown>; [INSTALLED]?: string };
type Release = (err?: unknown) => void;

/**
 * Makes every connection the DataSource takes from its pool carry the current context: on
 * acquisition `app.gemeente` and `app.role` are set from it (empty outside any context: nothing
 * visible), and on release they are reset before the connection goes back to the pool, so a
 * pooled connection never carries one request's context into the next, and a raw pool client
 * (COPY) starts empty. Covers ds.query, ds.transaction, query runners and repositories alike.
 */
export function installDbContext<T extends DataSource>(ds: T): T {
  const driver = ds.driver as unknown as {
    obtainMasterConnection(): Promise<[PgClient, Release]>;
    [INSTALLED]?: boolean;
  };
  if (driver[INSTALLED]) return ds;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const ctx = currentDbContext();
    const [client, release] = await obtain();
    const role = ctx?.role ?? '';
    const gemeente = ctx?.gemeente ?? '';
    const key = `${role}\u0000${gemeente}`;
    if (client[INSTALLED] !== key && !(key === '\u0000' && client[INSTALLED] === undefined)) {
      try {
        await client.query(SET, [gemeente, role]);
      } catch (e) {
        release(e);
        throw e;
      }
      client[INSTALLED] = key;
    }
    const releaseAfterReset: Release = (err) => {
      if (err || client[INSTALLED] === '\u0000' || client[INSTALLED] === undefined) return release(err);
      client.query(RESET).then(
        () => {
          client[INSTALLED] = '\u0000';
          release();
        },
        (e: unknown) => release(e ?? new Error('reset failed')),
      );
    };
    return [client, releaseAfterReset];
  };
  driver[INSTALLED] = true;
  return ds;
}
