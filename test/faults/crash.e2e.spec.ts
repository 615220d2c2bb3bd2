import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, login, startApp, stopApp, type RunningApp } from './run-app';

/**
 * Crash (issue 8): the app is killed with SIGKILL in the middle of a 100,000-row events import
 * (no shutdown hook runs; the embedded PostgreSQL it started is left without its parent). After a
 * restart on the same data folder the import is either completely present or completely absent,
 * and its status says which at once (`interrupted` or `applied`, imports/import-sweep.ts), not
 * only after the 2-minute heartbeat window.
 *
 * Two kills: while reading the file, and in the final phase (`opslaan`, the INSERT … SELECT and
 * the commit), the narrowest window. Then the same file imported to the end: all 100,000 rows.
 */
const ROWS = 100_000;
const PASSWORD = 'demo-password-for-fault-tests';

function eventsCsv(prefix: string): string {
  const milestones: [string, string][] = [
    ['aanmelding', '2026-01-05'],
    ['intake', '2026-01-12'],
    ['instroom_stabilisatie', '2026-01-19'],
    ['overzicht_gereed', '2026-02-02'],
  ];
  const lines = ['gemeente;participant_ref;milestone;occurred_on;reason'];
  for (let i = 0; lines.length <= ROWS; i++) {
    for (const [m, d] of milestones)
      if (lines.length <= ROWS) lines.push(`lindewaard;${prefix}-${String(i).padStart(6, '0')};${m};${d};`);
  }
  return lines.join('\n') + '\n';
}

describe('crash in the middle of a 100,000-row import', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-crash-'));
  const env = {
    LAB_DATA_DIR: path.join(root, 'data'),
    DATABASE_URL: '',
    LAB_DEMO_PASSWORD: PASSWORD,
    LAB_IMPORT_WAIT_MS: '120000',
  };
  let app: RunningApp | undefined;
  afterAll(async () => {
    if (app) await stopApp(app);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const count = async (dbUrl: string, prefix: string) => {
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    try {
      const {
        rows: [r],
      } = await c.query(
        `SELECT (SELECT count(*)::int FROM milestone_event e JOIN participant p ON p.id = e.participant_id WHERE p.participant_ref LIKE $1) AS events,
        (SELECT count(*)::int FROM participant WHERE participant_ref LIKE $1) AS participants`,
        [`${prefix}-%`],
      );
      return r as { events: number; participants: number };
    } finally {
      await c.end();
    }
  };

  const upload = async (base: string, token: string, csv: string, wait: boolean) => {
    const form = new FormData();
    form.set('kind', 'events');
    form.set('wait', String(wait));
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'mijlpalen.csv');
    const r = await fetch(`${base}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: r.status, body: (await r.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  /** Starts the import, polls until `when` holds for its job, then SIGKILLs the app. */
  const killDuring = async (
    csv: string,
    when: (job: { phase: string | null; rows: number; status: string }) => boolean,
  ) => {
    const port = await freePort();
    app = await startApp({ ...env, PORT: String(port) });
    const token = await login(app.base, 'medewerker-lindewaard', PASSWORD);
    const started = await upload(app.base, token, csv, false);
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    let seen: string;
    for (;;) {
      const job = (await (
        await fetch(`${app.base}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      seen = `${job.status}/${job.phase}/${job.rows}`;
      if (job.status !== 'running') throw new Error(`the import ended (${seen}) before the kill`);
      if (when(job)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    app.child.kill('SIGKILL');
    await app.exited;
    return { id, seen };
  };

  /** Restarts on the same data folder; returns the job as the API reports it right away, and the rows present. */
  const restartAndLook = async (id: string, prefix: string) => {
    const port = await freePort();
    app = await startApp({ ...env, PORT: String(port) });
    const token = await login(app.base, 'medewerker-lindewaard', PASSWORD);
    const job = (await (
      await fetch(`${app.base}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const rows = await count(app.dbUrl!, prefix);
    return { job, rows, token };
  };

  it('leaves the import completely present or absent, and its status says which', async () => {
    const outcomes: string[] = [];
    const check = (r: { job: { status: string; created: number }; rows: { events: number; participants: number } }) => {
      if (r.rows.events === 0) {
        expect(r.job.status).toBe('interrupted');
        expect(r.rows.participants).toBe(0); // participants created by the file went with it
      } else {
        expect(r.rows.events).toBe(ROWS);
        expect(r.job.status).toBe('applied');
        expect(r.job.created).toBe(ROWS);
      }
      outcomes.push(r.rows.events === 0 ? 'absent (interrupted)' : 'present (applied)');
    };

    // 1. Killed while reading the file.
    const a = await killDuring(eventsCsv('CRASH-A'), (j) => j.rows >= 20_000);
    const ra = await restartAndLook(a.id, 'CRASH-A');
    check(ra);
    expect(ra.job.status).toBe('interrupted');
    expect(ra.job.message).toMatch(/onderbroken.*niets opgeslagen/);
    await stopApp(app!);

    // 2. Killed in the last phase (the INSERT and the commit).
    const b = await killDuring(eventsCsv('CRASH-B'), (j) => j.phase === 'opslaan');
    check(await restartAndLook(b.id, 'CRASH-B'));

    // 3. The first file again, to the end: every row.
    const token = await login(app!.base, 'medewerker-lindewaard', PASSWORD);
    const full = await upload(app!.base, token, eventsCsv('CRASH-A'), true);
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ status: 'applied', created: ROWS });
    expect(await count(app!.dbUrl!, 'CRASH-A')).toEqual({ events: ROWS, participants: ROWS / 4 });

    console.log(
      `crash: killed at ${a.seen} → ${outcomes[0]}; killed at ${b.seen} → ${outcomes[1]}; full import after restart: ${ROWS} rows`,
    );
  }, 300_000);
});
