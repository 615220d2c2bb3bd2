import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '@living-lab/db';
import { freePort, login, startApp, stopApp, type RunningApp } from './run-app';

/**
 * A stalled database (issue 17): every PostgreSQL process is stopped with SIGSTOP, so connections
 * stay open but nothing answers — the case that TCP keepalive and the connect timeout do not see.
 * Requests that take an idle pooled connection send their query into the stalled server; they must
 * still end: 503 with the Dutch message, within the configured connect timeout plus the query
 * budget (LAB_DB_CONNECT_TIMEOUT_MS + LAB_DB_QUERY_TIMEOUT_MS + 1 s, libs/db/src/data-source.ts),
 * and nothing of them is saved. After SIGCONT the app works again by itself.
 *
 * The bound checked is generous (twice the configured sum plus 5 s, for a loaded machine): the
 * point is that a request ends at all, not how fast. Without the query budget it never ends.
 */
const CONNECT_MS = 2_000;
const QUERY_MS = 2_000;
const BOUND_MS = 2 * (CONNECT_MS + QUERY_MS + 1_000) + 5_000;
const PASSWORD = 'demo-password-for-fault-tests';

/** The postmaster and its children (backends, checkpointer …), from postmaster.pid and /proc. */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

describe('a stalled database (SIGSTOP)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-stall-'));
  let pg: EmbeddedPostgres | undefined;
  let app: RunningApp | undefined;
  let stopped: number[] = [];
  afterAll(async () => {
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    if (app) await stopApp(app);
    await pg?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers requests waiting on it 503 within the connect timeout plus the query budget, and recovers after SIGCONT', async () => {
    const dbPort = await freePort();
    pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'db'), port: dbPort, fast: true });
    const url = await ensureDatabase(pg.url, 'living_lab');
    const port = await freePort();
    app = await startApp({
      DATABASE_URL: url,
      LAB_MFA_KEY: Buffer.alloc(32, 1).toString('base64'), // a server database needs its own key (config.ts)
      PORT: String(port),
      LAB_DEMO_PASSWORD: PASSWORD,
      LAB_DATA_DIR: path.join(root, 'unused'),
      LAB_DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
      LAB_DB_QUERY_TIMEOUT_MS: String(QUERY_MS),
    });
    const base = app.base;
    const token = await login(base, 'medewerker-lindewaard', PASSWORD);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const enrol = (ref: string) =>
      fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ gemeente: 'lindewaard', participantRef: ref, enrolledOn: '2026-06-01' }),
        signal: AbortSignal.timeout(BOUND_MS),
      });
    const list = () =>
      fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments?perPage=5`, {
        headers,
        signal: AbortSignal.timeout(BOUND_MS),
      });
    expect((await enrol('STALL-BEFORE')).status).toBe(201);
    // several connections in the pool, idle: the requests below take them and send into the stall
    expect((await Promise.all([0, 1, 2, 3, 4, 5].map(() => list()))).map((r) => r.status)).toEqual(Array(6).fill(200));

    stopped = postgresPids(pg.dataDir);
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    const stalledAt = Date.now();
    const timed = async (r: () => Promise<Response>) => {
      const t0 = Date.now();
      try {
        const res = await r();
        return { status: res.status, body: await res.text(), ms: Date.now() - t0 };
      } catch (e) {
        return { status: 0, body: String(e), ms: Date.now() - t0 }; // past the bound: aborted
      }
    };
    const outcomes = await Promise.all([
      ...[0, 1, 2, 3].map((i) => timed(() => enrol(`STALL-${i}`))),
      ...[0, 1, 2, 3].map(() => timed(list)),
    ]);
    const stalledFor = Date.now() - stalledAt;
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    stopped = [];
    const continuedAt = Date.now();

    console.log(
      `stalled database: ${outcomes.length} requests, statuses ${outcomes.map((o) => o.status).join('/')}, ` +
        `times ${outcomes.map((o) => o.ms).join('/')} ms (bound ${BOUND_MS} ms; connect ${CONNECT_MS} + query ${QUERY_MS} + 1000), ` +
        `database stopped for ${stalledFor} ms`,
    );
    for (const o of outcomes) {
      expect(o.status).toBe(503);
      expect(JSON.parse(o.body)).toMatchObject({
        code: 'server.unavailable',
        message: expect.stringMatching(/database is tijdelijk niet bereikbaar/),
      });
      expect(o.ms).toBeLessThan(BOUND_MS);
    }

    // SIGCONT: the app works again by itself
    let recoveredAt = 0;
    while (!recoveredAt && Date.now() - continuedAt < 30_000) {
      const h = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(BOUND_MS) });
      if (h.status === 200) recoveredAt = Date.now();
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(recoveredAt).toBeGreaterThan(0);
    expect((await enrol('STALL-AFTER')).status).toBe(201);
    expect((await enrol('STALL-BEFORE')).status).toBe(200);
    // "Er is niets opgeslagen": the stalled enrolments were not written
    for (const i of [0, 1, 2, 3])
      expect(
        (
          await fetch(`${base}/api/v1/participants/lindewaard/STALL-${i}`, {
            headers,
            signal: AbortSignal.timeout(BOUND_MS),
          })
        ).status,
      ).toBe(404);
    console.log(`recovered ${recoveredAt - continuedAt} ms after SIGCONT`);
    expect(app.output()).not.toMatch(/FATAL|Unhandled/);
  }, 180_000);
});
