import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, login, MAIN, startApp, stopApp } from './faults/run-app';

/**
 * What a newcomer meets: `npm start` (the built apps/api/dist/main.js; `npm test` builds first)
 * on the embedded PostgreSQL, in a data folder that other users cannot enter (mode 700, as under
 * a root home): it starts, prints how to log in, accepts an enrolment, and keeps its data across
 * a restart without creating accounts again.
 */
const enrolStart1 = (base: string, token: string) =>
  fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ gemeente: 'lindewaard', participantRef: 'START-1', enrolledOn: '2026-06-01' }),
  });

describe('npm start on the embedded PostgreSQL', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-start-')); // mode 700
  const dataDir = path.join(root, 'data');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('starts, prints the login, accepts an enrolment, and keeps its data across a restart', async () => {
    expect(fs.existsSync(MAIN)).toBe(true);
    const port = await freePort();
    const env = { LAB_DATA_DIR: dataDir, PORT: String(port), JWT_SECRET: 'start-test-secret', DATABASE_URL: '' };
    const first = await startApp(env);
    const password = first.passwords.get('medewerker-lindewaard')!;
    try {
      expect(first.output()).toContain(`http://localhost:${port}/api/docs`);
      // no LAB_MFA_KEY: a key file for the TOTP secrets beside the database files, mode 600, said in the output
      const keyFile = /created a new key for the TOTP secrets in (\S+) \(mode 600\)/.exec(first.output())?.[1];
      expect(keyFile).toBeDefined();
      expect(fs.statSync(keyFile!).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(path.dirname(keyFile!), 'pg', 'PG_VERSION'))).toBe(true);
      expect(password).toMatch(/\S{8,}/);
      expect(await (await fetch(`${first.base}/api/health`)).json()).toEqual({ status: 'ok', database: 'up' });
      expect((await fetch(`${first.base}/api/docs-json`)).status).toBe(200);
      expect((await enrolStart1(first.base, await login(first.base, 'medewerker-lindewaard', password))).status).toBe(
        201,
      );
    } finally {
      await stopApp(first);
    }

    const second = await startApp(env);
    try {
      expect(second.output()).not.toContain('Accounts created on this first start');
      expect(second.output()).not.toContain('created a new key'); // the same key file
      // the printed password still works, and the enrolment is still there (200, not 201)
      expect((await enrolStart1(second.base, await login(second.base, 'medewerker-lindewaard', password))).status).toBe(
        200,
      );
    } finally {
      await stopApp(second);
    }
  }, 120_000);

  it('refuses to start in production without JWT_SECRET or LAB_ADMIN_PASSWORD, and on a server database without LAB_MFA_KEY', async () => {
    for (const [env, refusal] of [
      [{ NODE_ENV: 'production', JWT_SECRET: 'x' }, /LAB_ADMIN_PASSWORD ontbreekt/],
      [{ NODE_ENV: 'production', LAB_ADMIN_PASSWORD: 'long-enough-password' }, /JWT_SECRET ontbreekt/],
      [{ JWT_SECRET: 'x', LAB_MFA_KEY: '' }, /^\s*Start stopped: LAB_MFA_KEY ontbreekt\. Met DATABASE_URL/],
    ] as const) {
      const child = spawn(process.execPath, [MAIN], {
        env: {
          ...process.env,
          DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
          JWT_SECRET: '',
          LAB_ADMIN_PASSWORD: '',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr!.on('data', (d) => {
        err += d;
      });
      const code = await new Promise((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(err).toMatch(refusal);
    }
  });
});
