import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * What a newcomer meets: `npm start` (the built apps/api/dist/main.js; `npm test` builds first)
 * on the embedded PostgreSQL, in a data folder that other users cannot enter (mode 700, as under
 * a root home): it starts, prints how to log in, accepts an enrolment, and keeps its data across
 * a restart without creating accounts again.
 */
const MAIN = path.resolve(__dirname, '../apps/api/dist/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [MAIN], { cwd: path.resolve(__dirname, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let poll: NodeJS.Timeout | undefined;
  let timeout: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => { poll = setInterval(() => { if (out.includes('is running')) resolve(); }, 100); }),
      exited.then((code) => { throw new Error(`exited with ${code}:\n${out}`); }),
      new Promise((_, reject) => { timeout = setTimeout(() => reject(new Error(`no start within 60 s:\n${out}`)), 60_000); }),
    ]);
  } finally {
    clearInterval(poll);
    clearTimeout(timeout);
  }
  return { child, output: () => out, exited };
}

const stop = async (p: { child: ChildProcess; exited: Promise<number | null> }) => { p.child.kill('SIGTERM'); await p.exited; };

describe('npm start on the embedded PostgreSQL', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-start-')); // mode 700
  const dataDir = path.join(root, 'data');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('starts, prints the login, accepts an enrolment, and keeps its data across a restart', async () => {
    expect(fs.existsSync(MAIN)).toBe(true);
    const port = await freePort();
    const env = { LAB_DATA_DIR: dataDir, PORT: String(port), JWT_SECRET: 'start-test-secret', DATABASE_URL: '' };
    const first = await start(env);
    try {
      const out = first.output();
      expect(out).toContain(`http://localhost:${port}/api/docs`);
      const line = out.split('\n').find((l) => /^\s+medewerker-lindewaard\s/.test(l))!;
      const password = line.trim().split(/\s+/)[2];
      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok', database: 'up' });
      expect((await fetch(`${base}/api/docs-json`)).status).toBe(200);
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'medewerker-lindewaard', password }) });
      expect(login.status).toBe(200);
      const { accessToken } = await login.json();
      const enrol = await fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ gemeente: 'lindewaard', participantRef: 'START-1', enrolledOn: '2026-06-01' }),
      });
      expect(enrol.status).toBe(201);
    } finally {
      await stop(first);
    }

    const second = await start(env);
    try {
      expect(second.output()).not.toContain('Accounts created on this first start');
      const base = `http://127.0.0.1:${port}`;
      const out = first.output();
      const password = out.split('\n').find((l) => /^\s+medewerker-lindewaard\s/.test(l))!.trim().split(/\s+/)[2];
      const { accessToken } = await (await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'medewerker-lindewaard', password }) })).json();
      const again = await fetch(`${base}/api/v1/experiments/wekelijkse-coaching/enrolments`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ gemeente: 'lindewaard', participantRef: 'START-1', enrolledOn: '2026-06-01' }),
      });
      expect(again.status).toBe(200); // still there after the restart
    } finally {
      await stop(second);
    }
  }, 120_000);

  it('refuses to start in production without JWT_SECRET or LAB_ADMIN_PASSWORD', async () => {
    for (const env of [{ NODE_ENV: 'production', JWT_SECRET: 'x' }, { NODE_ENV: 'production', LAB_ADMIN_PASSWORD: 'long-enough-password' }]) {
      const child = spawn(process.execPath, [MAIN], { env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', JWT_SECRET: '', LAB_ADMIN_PASSWORD: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d) => { err += d; });
      const code = await new Promise((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(err).toMatch(/(JWT_SECRET|LAB_ADMIN_PASSWORD) ontbreekt/);
    }
  });
});
