/**
 * The built apps/api/dist/main.js in a child process, as `npm start` runs it (test/start.e2e.spec.ts),
 * for the fault and load tests: waits until it listens, reads the demo passwords it prints, and
 * finds the embedded PostgreSQL it started (port and password file) so a test can count rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const MAIN = path.join(ROOT, 'apps/api/dist/main.js');

/**
 * A free port for the app below Linux's ephemeral range (32768–60999). The app's own embedded
 * PostgreSQL asks the OS for a free port (port 0, from the ephemeral range) after this port has
 * been released again; a port from the same range could be handed out twice (seen in CI:
 * EADDRINUSE between the app and its database).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export interface RunningApp {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
  /** The demo accounts printed on the first start: username → password. */
  passwords: Map<string, string>;
  /** URL of the embedded database (superuser), when the app started one. */
  dbUrl?: string;
}

export async function startApp(
  env: NodeJS.ProcessEnv,
  opts: { detached?: boolean; timeoutMs?: number } = {},
): Promise<RunningApp> {
  const port = Number(env.PORT);
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, JWT_SECRET: 'fault-test-secret', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached,
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let poll: NodeJS.Timeout | undefined;
  let timeout: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        poll = setInterval(() => {
          if (out.includes('is running')) resolve();
        }, 100);
      }),
      exited.then((code) => {
        throw new Error(`exited with ${code}:\n${out}`);
      }),
      new Promise((_, reject) => {
        timeout = setTimeout(
          () => reject(new Error(`no start within ${opts.timeoutMs ?? 120_000} ms:\n${out}`)),
          opts.timeoutMs ?? 120_000,
        );
      }),
    ]);
  } finally {
    clearInterval(poll);
    clearTimeout(timeout);
  }
  const passwords = new Map<string, string>();
  for (const l of out.split('\n')) {
    const m = /^\s{2}(\S+)\s+(beheerder|projectleider|gemeente|reviewer)\s+(\S+)\s*$/.exec(l);
    if (m) passwords.set(m[1], m[3]);
  }
  let dbUrl: string | undefined;
  const db = /Embedded PostgreSQL on 127\.0\.0\.1:(\d+), data in (.+)\.\n/.exec(out);
  if (db) {
    const password = fs.readFileSync(path.join(path.dirname(db[2]), 'pg-password'), 'utf8').trim();
    dbUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${db[1]}/living_lab`;
  }
  return { child, base: `http://127.0.0.1:${port}`, output: () => out, exited, passwords, dbUrl };
}

export async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  await app.exited;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}
