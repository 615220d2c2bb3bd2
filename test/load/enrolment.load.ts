import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort, login, startApp, stopApp, type RunningApp } from '../faults/run-app';

/**
 * `npm run test:load` (issue 8): the built app (main.js) on the embedded PostgreSQL in a temp
 * folder, 200 concurrent keep-alive clients (autocannon) for LOAD_SECONDS (60): each enrols a new
 * participant in wekelijkse-coaching (201 and an arm), logs a milestone for them (201), and enrols
 * them again (200 with the same arm); one in ten enrolments goes to a small shared pool of
 * participants that several clients enrol at the same moment (one 201 in all, the rest 200 with
 * that arm). Logged in once per gemeente (login is rate-limited; tokens last 15 minutes).
 * Afterwards the rows are counted in the database: every 201 is a row, nothing twice, no 5xx.
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const PASSWORD = 'demo-password-for-load-tests';
const GEMEENTEN = ['lindewaard', 'veenhoven', 'oosterkamp', 'brederwijk', 'hoogdijk', 'maasbergen'];
const EXPERIMENT = 'wekelijkse-coaching';

interface Ctx {
  id?: number;
  n?: number;
  g?: string;
  ref?: string;
  shared?: boolean;
}

describe(`load: ${CONNECTIONS} clients for ${SECONDS} s`, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-load-'));
  let app: RunningApp | undefined;
  afterAll(async () => {
    if (app) await stopApp(app);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(
    'no 5xx, no lost or duplicated rows; prints p50/p99 latency and throughput',
    async () => {
      const port = await freePort();
      app = await startApp({
        LAB_DATA_DIR: path.join(root, 'data'),
        DATABASE_URL: '',
        PORT: String(port),
        LAB_DEMO_PASSWORD: PASSWORD,
      });
      const tokens = new Map<string, string>();
      for (const g of GEMEENTEN) tokens.set(g, await login(app.base, `medewerker-${g}`, PASSWORD));

      let connections = 0;
      const created = new Map<string, string>(); // ref → arm, from every 201
      // Requests still in flight when the run stops get no response (autocannon drops them), though
      // their rows may be committed: a row is accounted for when it had a 201, or was in flight.
      const pending = new Map<number, { ref: string; kind: 'enrol' | 'event' }>();
      const sharedCreated = new Map<string, number>();
      const problems: string[] = [];
      const status: Record<string, number> = {};
      let events = 0;
      let repeats = 0;
      const count = (s: number) => {
        status[s] = (status[s] ?? 0) + 1;
      };
      const problem = (p: string) => {
        if (problems.length < 20) problems.push(p);
      };
      const json = (b: string) => {
        try {
          return JSON.parse(b);
        } catch {
          return {};
        }
      };

      const result = await autocannon({
        url: app.base,
        connections: CONNECTIONS,
        duration: SECONDS,
        timeout: 30,
        requests: [
          {
            // enrol: a new participant, or (1 in 10) one of a small pool shared by all clients
            method: 'POST',
            setupRequest: (req: Record<string, unknown>, ctx: Ctx) => {
              if (ctx.id === undefined) {
                ctx.id = connections++;
                ctx.n = 0;
                ctx.g = GEMEENTEN[ctx.id % GEMEENTEN.length];
              }
              ctx.n! += 1;
              ctx.shared = ctx.n! % 10 === 0;
              ctx.ref = ctx.shared ? `LOAD-SHARED-${ctx.g}-${(ctx.n! * 7 + ctx.id!) % 50}` : `LOAD-${ctx.id}-${ctx.n}`;
              pending.set(ctx.id!, { ref: ctx.ref, kind: 'enrol' });
              return {
                ...req,
                path: `/api/v1/experiments/${EXPERIMENT}/enrolments`,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(ctx.g!)}` },
                body: JSON.stringify({ gemeente: ctx.g, participantRef: ctx.ref, enrolledOn: '2026-06-01' }),
              };
            },
            onResponse: (s: number, body: string, ctx: Ctx) => {
              count(s);
              pending.delete(ctx.id!);
              const arm = json(body).arm as string | undefined;
              if (s === 201) {
                if (created.has(ctx.ref!)) problem(`second 201 for ${ctx.ref}`);
                created.set(ctx.ref!, arm!);
                if (ctx.shared) sharedCreated.set(ctx.ref!, (sharedCreated.get(ctx.ref!) ?? 0) + 1);
              } else if (s === 200 && ctx.shared) {
                if (created.has(ctx.ref!) && created.get(ctx.ref!) !== arm)
                  problem(`shared ${ctx.ref}: arm ${arm} after ${created.get(ctx.ref!)}`);
              } else problem(`enrol ${ctx.ref}: ${s} ${body.slice(0, 200)}`);
            },
          },
          {
            // a milestone for that participant
            method: 'POST',
            setupRequest: (req: Record<string, unknown>, ctx: Ctx) => (
              pending.set(ctx.id!, { ref: ctx.ref!, kind: 'event' }),
              {
                ...req,
                path: `/api/v1/participants/${ctx.g}/${encodeURIComponent(ctx.ref!)}/events`,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(ctx.g!)}` },
                body: JSON.stringify({ milestone: 'intake', occurredOn: '2026-06-02' }),
              }
            ),
            onResponse: (s: number, body: string, ctx: Ctx) => {
              count(s);
              pending.delete(ctx.id!);
              if (s === 201) events++;
              else if (!(s === 200 && ctx.shared)) problem(`event ${ctx.ref}: ${s} ${body.slice(0, 200)}`);
            },
          },
          {
            // the same enrolment again: 200 with the same arm
            method: 'POST',
            setupRequest: (req: Record<string, unknown>, ctx: Ctx) => ({
              ...req,
              path: `/api/v1/experiments/${EXPERIMENT}/enrolments`,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(ctx.g!)}` },
              body: JSON.stringify({ gemeente: ctx.g, participantRef: ctx.ref, enrolledOn: '2026-06-01' }),
            }),
            onResponse: (s: number, body: string, ctx: Ctx) => {
              count(s);
              repeats++;
              const arm = json(body).arm;
              if (s !== 200 || (created.has(ctx.ref!) && arm !== created.get(ctx.ref!)))
                problem(`repeat ${ctx.ref}: ${s} arm ${arm} (was ${created.get(ctx.ref!)})`);
            },
          },
        ],
      });

      // Count what is in the database (as the superuser: every gemeente's rows).
      const c = new Client({ connectionString: app.dbUrl });
      await c.connect();
      const {
        rows: [db],
      } = await c.query(
        `SELECT
        (SELECT count(*)::int FROM enrolment e JOIN participant p ON p.id = e.participant_id WHERE p.participant_ref LIKE 'LOAD-%' AND e.experiment_key = $1) AS enrolments,
        (SELECT count(DISTINCT e.participant_id)::int FROM enrolment e JOIN participant p ON p.id = e.participant_id WHERE p.participant_ref LIKE 'LOAD-%' AND e.experiment_key = $1) AS enrolled,
        (SELECT count(*)::int FROM milestone_event m JOIN participant p ON p.id = m.participant_id WHERE p.participant_ref LIKE 'LOAD-%') AS events,
        (SELECT count(*)::int FROM participant WHERE participant_ref LIKE 'LOAD-%') AS participants`,
        [EXPERIMENT],
      );
      const arms: { ref: string; arm: string }[] = (
        await c.query(
          `SELECT p.participant_ref AS ref, e.arm_key AS arm FROM enrolment e JOIN participant p ON p.id = e.participant_id
        WHERE p.participant_ref LIKE 'LOAD-%' AND e.experiment_key = $1`,
          [EXPERIMENT],
        )
      ).rows;
      await c.end();
      const wrongArm = arms.filter((a) => created.has(a.ref) && created.get(a.ref) !== a.arm).length;
      const inflight = new Set([...pending.values()].filter((p) => p.kind === 'enrol').map((p) => p.ref));
      const inflightEvents = [...pending.values()].filter((p) => p.kind === 'event').length;
      const inDb = new Set(arms.map((a) => a.ref));
      const lost = [...created.keys()].filter((r) => !inDb.has(r));
      const unexplained = [...inDb].filter((r) => !created.has(r) && !inflight.has(r) && !r.startsWith('LOAD-SHARED-'));

      const fivexx = Object.entries(status)
        .filter(([s]) => Number(s) >= 500)
        .reduce((a, [, n]) => a + n, 0);
      const lat = result.latency as unknown as Record<string, number>;
      const report = {
        connections: CONNECTIONS,
        seconds: SECONDS,
        requests: result.requests.total,
        throughputPerSecond: Math.round(result.requests.average),
        latencyMs: { p50: lat.p50, p90: lat.p90, p99: lat.p99, max: lat.max },
        statuses: status,
        errors: result.errors,
        timeouts: result.timeouts,
        fivexx,
        enrolments201: created.size,
        events201: events,
        repeats,
        database: db,
        wrongArm,
        inflightAtStop: { enrolments: inflight.size, events: inflightEvents },
        lost: lost.length,
        rowsWithoutA201: unexplained.length,
        duplicated: db.enrolments - db.enrolled,
        loadAverage: os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' '),
        cpus: os.cpus().length,
      };

      console.log(`load result:\n${JSON.stringify(report, null, 2)}\nproblems: ${problems.join('\n') || 'none'}`);
      if (process.env.LOAD_RESULT_FILE)
        fs.writeFileSync(
          process.env.LOAD_RESULT_FILE,
          JSON.stringify({ at: new Date().toISOString(), ...report }, null, 2) + '\n',
        );

      expect(fivexx).toBe(0);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(problems).toEqual([]);
      expect(lost).toEqual([]); // every 201 is a row
      expect(unexplained).toEqual([]); // and no row without a 201 (or a request cut off by the end of the run)
      expect(db.enrolled).toBe(db.enrolments); // nobody twice
      expect(db.events).toBeGreaterThanOrEqual(events);
      expect(db.events).toBeLessThanOrEqual(events + inflightEvents);
      expect(wrongArm).toBe(0);
      expect([...sharedCreated.values()].every((n) => n === 1)).toBe(true);
    },
    (SECONDS + 240) * 1000,
  );
});
