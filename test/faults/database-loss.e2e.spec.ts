import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '@living-lab/db';
import { freePort, login, startApp, stopApp, type RunningApp } from './run-app';

/**
 * Database loss (issue 8): PostgreSQL stops while requests are running. Every request gets an
 * answer within a deadline — 503 with a Dutch message, never a hang, never a 500 or a stack —,
 * /api/health says `database: 'down'` (503), and once the same server is back on the same data
 * directory and port, the API works again by itself (no restart of the app).
 *
 * The test owns the PostgreSQL process (startEmbeddedPostgres, fixed port) and runs the built
 * main.js against it with DATABASE_URL, as docker-compose runs the app against its database.
 */
const DEADLINE_MS = 15_000;
const PASSWORD = 'demo-password-for-fault-tests';

interface Outcome {
  status: number;
  ms: number;
  body: string;
  at: number;
}

describe('database loss during requests', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-dbloss-'));
  let pg: EmbeddedPostgres | undefined;
  let app: RunningApp | undefined;
  let running = true;
  afterAll(async () => {
    running = false;
    if (app) await stopApp(app);
    await pg?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers 503 with a clear message while the database is down, reports it in /api/health, and recovers by itself', async () => {
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
    });
    const base = app.base;
    const token = await login(base, 'medewerker-lindewaard', PASSWORD);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const enrol = (ref: string) =>
      fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ gemeente: 'lindewaard', participantRef: ref, enrolledOn: '2026-06-01' }),
        signal: AbortSignal.timeout(DEADLINE_MS),
      });
    expect((await enrol('DBLOSS-BEFORE')).status).toBe(201);

    // Clients keep sending writes and reads throughout.
    const outcomes: Outcome[] = [];
    let n = 0;
    const client = async (w: number) => {
      while (running) {
        const t0 = Date.now();
        const i = n++;
        try {
          const r =
            i % 2
              ? await enrol(`DBLOSS-${w}-${i}`)
              : await fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments?perPage=5`, {
                  headers,
                  signal: AbortSignal.timeout(DEADLINE_MS),
                });
          outcomes.push({ status: r.status, ms: Date.now() - t0, body: await r.text(), at: t0 });
        } catch (e) {
          outcomes.push({ status: 0, ms: Date.now() - t0, body: String(e), at: t0 }); // a hang past the deadline, or a dropped connection
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const clients = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(client));

    await new Promise((r) => setTimeout(r, 1_000));
    const stoppedAt = Date.now();
    await pg.stop();
    await new Promise((r) => setTimeout(r, 3_000));

    const health = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(DEADLINE_MS) });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'error', database: 'down' });
    const t0 = Date.now();
    const down = await enrol('DBLOSS-DOWN');
    expect(Date.now() - t0).toBeLessThan(DEADLINE_MS);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const dutch = expect.stringMatching(/database is tijdelijk niet bereikbaar/);
    expect(await down.json()).toEqual({
      type: 'urn:living-lab:problem:server.unavailable',
      title: 'Tijdelijk niet beschikbaar',
      status: 503,
      detail: dutch,
      statusCode: 503,
      code: 'server.unavailable',
      message: dutch,
    });

    const restartedAt = Date.now();
    pg = await startEmbeddedPostgres({ dataDir: path.join(root, 'db'), port: dbPort, fast: true });
    let recoveredAt = 0;
    while (!recoveredAt && Date.now() - restartedAt < 30_000) {
      const h = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(DEADLINE_MS) });
      if (h.status === 200) {
        expect(await h.json()).toEqual({ status: 'ok', database: 'up' });
        recoveredAt = Date.now();
      } else await new Promise((r) => setTimeout(r, 200));
    }
    expect(recoveredAt).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_000));
    running = false;
    await clients;

    expect((await enrol('DBLOSS-AFTER')).status).toBe(201);
    expect((await enrol('DBLOSS-BEFORE')).status).toBe(200); // written before the loss, still there

    const during = outcomes.filter((o) => o.at > stoppedAt + 500 && o.at + o.ms < restartedAt);
    const after = outcomes.filter((o) => o.at > recoveredAt);
    const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
    const slowest = Math.max(...outcomes.map((o) => o.ms));

    console.log(
      `database loss: ${outcomes.length} requests, statuses ${statuses.join('/')}, ${during.length} while down (all 503), ` +
        `${after.length} after recovery, slowest ${slowest} ms, recovered ${recoveredAt - restartedAt} ms after the database was back`,
    );
    if (outcomes.some((o) => ![200, 201, 503].includes(o.status)))
      console.log(
        app
          .output()
          .split('\n')
          .filter((l) => /ERROR|Error|error/.test(l))
          .join('\n'),
      );
    expect(outcomes.filter((o) => ![200, 201, 503].includes(o.status))).toEqual([]); // no 500, no hang, no dropped connection
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((o) => o.status === 503 && !/\bat \w|stack|Error:/.test(o.body))).toBe(true);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((o) => o.status === 200 || o.status === 201)).toBe(true);
    expect(slowest).toBeLessThan(DEADLINE_MS);
    expect(app.output()).not.toMatch(/FATAL|Unhandled|ECONNREFUSED\s+at /);
  }, 180_000);
});
