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
/** The statements that open and end a transaction (`ROLLBACK TO SAVEPOINT` ends none). */
const BEGINS = /^\s*(START\s+TRANSACTION|BEGIN)\b/i;
const ENDS = /^\s*(COMMIT|END|ROLLBACK|ABORT)\b(?!\s+TO\b)/i;
const LEASE = Symbol('living-lab-db-context-lease');
const WRAPPED = Symbol('living-lab-db-context-query');
const INSTALLED = Symbol('living-lab-db-context');

/** What a connection taken from the pool owes its borrower's context. */
interface Lease {
  role: string;
  gemeente: string;
  /** the context is not yet in force on the connection */
  pending: boolean;
  /** set for the session (SET): reset before release */
  session: boolean;
  /** set for the open transaction only (SET LOCAL): gone at COMMIT/ROLLBACK */
  local: boolean;
}

type Query = (...args: unknown[]) => unknown;
type PgClient = {
  query: Query;
  escapeLiteral(s: string): string;
  [LEASE]?: Lease;
  [WRAPPED]?: true;
};
type Release = (err?: unknown) => void;

/** pg's own query (looked up per call, so that anything wrapping the prototype sees every round trip). */
function baseQuery(client: PgClient): Query {
  return (Object.getPrototypeOf(client) as { query: Query }).query;
}

const plainText = (args: unknown[]): string | undefined =>
  typeof args[0] === 'string' &&
  (args.length === 1 || (args.length === 2 && (args[1] === undefined || (Array.isArray(args[1]) && !args[1].length))))
    ? args[0]
    : undefined;

/**
 * The query method of a pooled connection: brings the borrower's context into force with the
 * first statement, without a round trip of its own where it can. A transaction's opening
 * statement carries it along as `SET LOCAL` in the same simple-protocol message (it ends with the
 * transaction: nothing to reset; SET does not take a snapshot, so a following
 * `SET TRANSACTION ISOLATION LEVEL` still works). Any other first statement is preceded by a
 * session-level `set_config`, reset before the connection goes back to the pool.
 */
function leasedQuery(this: PgClient, ...args: unknown[]): unknown {
  const base = baseQuery(this);
  const lease = this[LEASE];
  if (!lease) return base.apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : undefined;
  if (lease.local && text !== undefined && ENDS.test(text)) {
    lease.local = false;
    lease.pending = lease.role !== '' || lease.gemeente !== '';
    return base.apply(this, args);
  }
  if (!lease.pending) return base.apply(this, args);
  lease.pending = false;
  const plain = plainText(args);
  if (plain !== undefined && BEGINS.test(plain)) {
    lease.local = true;
    const folded = `${plain}; SET LOCAL app.gemeente = ${this.escapeLiteral(lease.gemeente)}; SET LOCAL app.role = ${this.escapeLiteral(lease.role)}`;
    return (base.call(this, folded) as Promise<unknown>).then((r) => (Array.isArray(r) ? r[0] : r));
  }
  lease.session = true;
  const set = base.call(this, SET, [lease.gemeente, lease.role]) as Promise<unknown>;
  const last = args[args.length - 1];
  const submittable = typeof (args[0] as { submit?: unknown } | null)?.submit === 'function';
  if (submittable || typeof last === 'function') {
    // A stream or a callback: pg sends queued statements in order, so the settings go first.
    set.catch(() => undefined);
    return base.apply(this, args);
  }
  return set.then(() => base.apply(this, args));
}

/**
 * Makes every connection the DataSource takes from its pool carry the current context:
 * `app.gemeente` and `app.role` are brought into force with its first statement (empty outside any
 * context, and for an anonymous request, which sees exactly as little: nothing to set), and a
 * session-level setting is reset before the connection goes back to the pool, so a pooled
 * connection never carries one request's context into the next, and a raw pool client (COPY)
 * starts empty. A transaction carries its context as `SET LOCAL` in its opening message: no round
 * trip of its own and none to reset (a connection released with its transaction still open is
 * discarded). Covers ds.query, ds.transaction, query runners and repositories alike.
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
    const anonymous = !ctx || ctx.role === 'anonymous';
    const role = anonymous ? '' : ctx.role;
    const gemeente = anonymous ? '' : (ctx.gemeente ?? '');
    if (!client[WRAPPED]) {
      client.query = leasedQuery;
      client[WRAPPED] = true;
    }
    const lease: Lease = { role, gemeente, pending: role !== '' || gemeente !== '', session: false, local: false };
    client[LEASE] = lease;
    const releaseAfterReset: Release = (err) => {
      if (client[LEASE] !== lease) return; // released already
      client[LEASE] = undefined;
      if (err) return release(err);
      if (lease.local) return release(new Error('connection released with its transaction open'));
      if (!lease.session) return release();
      (baseQuery(client).call(client, RESET) as Promise<unknown>).then(
        () => release(),
        (e: unknown) => release(e ?? new Error('reset failed')),
      );
    };
    return [client, releaseAfterReset];
  };
  driver[INSTALLED] = true;
  return ds;
}
