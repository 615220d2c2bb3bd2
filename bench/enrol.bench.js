// Benchmark of the enrolment route (issue 12, deliverable 10): POST /api/v1/experiments/{key}/enrolments
// of the real application, started as `npm start` starts it (apps/api/dist/main.js: migrations, the
// app role with row-level security, demo accounts, the experiment files, the schedulers), against
// its floor (bench/enrol-floor.js: bare node:http + pg, the same three inserts — participant,
// enrolment, audit entry — in one transaction, as the app role with the same settings per
// transaction), both on the same PostgreSQL, one after the other, each driven by autocannon with
// 16 connections for a fixed time after a short warm-up, every request a new participant of the
// gemeente user medewerker-lindewaard; then one connection for the single-client latency.
// Prints enrolments/s, p50/p99 and the ratio.
// Run: npm run bench:enrol (builds first). Uses DATABASE_URL (a server where it may create and
// drop a database `bench_enrol_<random>`), else a throwaway embedded PostgreSQL.
// BENCH_SECONDS (default 12) per side at 16 connections. Target: app >= 40% of the floor. Not a test.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { startEmbeddedPostgres, ensureDatabase, runMigrations, ensureAppRole } = require('@living-lab/db');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const CONNECTIONS = 16;
const EXPERIMENT = 'wekelijkse-coaching';
const USER = 'medewerker-lindewaard';
const PASSWORD = 'bench-demo-password';
const ROOT = path.resolve(__dirname, '..');

/** Starts a node process and resolves with its port once it prints `pattern` (group 1: the port). */
function startProcess(script, env, pattern, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), 120_000);
    const onData = (d) => {
      out += d;
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}):\n${out}`)));
  });
}

function stopProcess(p) {
  if (!p || p.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.removeAllListeners('exit');
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
    setTimeout(() => p.child.kill('SIGKILL'), 5_000).unref();
  });
}

/** CPU seconds a process has used (Linux), or undefined where /proc is not there. */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL server whose command line names `dataDir` and by its
 * backends (Linux; undefined without /proc or with DATABASE_URL).
 */
function postgresCpuSeconds(dataDir) {
  if (!dataDir) return undefined;
  try {
    const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const postmaster = procs.find((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('postgres') && cmd.includes(dataDir);
      } catch {
        return false;
      }
    });
    if (!postmaster) return undefined;
    let total = 0;
    for (const pid of procs) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        if (pid === postmaster || fields[1] === postmaster) total += (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // gone meanwhile
      }
    }
    return total;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the started app is quiet (under 0.1 CPU second per second, twice in a row; at most
 * 90 s): `npm start` drafts the quarter's report and chains the audit right after starting, which
 * would otherwise run during the measurement.
 */
async function quiet(pid) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let calm = 0;
  for (let i = 0; i < 90 && calm < 2; i++) {
    const before = cpuSeconds(pid);
    await sleep(1000);
    const after = cpuSeconds(pid);
    if (before === undefined || after === undefined) return sleep(5000);
    calm = after - before < 0.1 ? calm + 1 : 0;
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** n as letters (a, b, …, z, ba, …): references with runs of digits could pass the BSN check (11-proef) and be refused. */
function letters(n) {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** autocannon at `connections` for `seconds`, every request a new participant `<prefix>-<n in letters>`. */
async function drive(url, headers, prefix, connections, seconds) {
  let n = 0;
  const failures = [];
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && failures.length < 5) failures.push(`${status} ${body}`);
        },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            gemeente: 'lindewaard',
            participantRef: `${prefix}-${letters(++n)}`,
            enrolledOn: '2026-03-02',
            klantprofiel: 'aanpakker',
          }),
        }),
      },
    ],
  });
  const ok = r['2xx'];
  if (r.non2xx || r.errors || r.timeouts)
    throw new Error(
      `${prefix}: ${r.non2xx} answers other than 2xx, ${r.errors} errors, ${r.timeouts} timeouts\n${failures.join('\n')}`,
    );
  return { rate: ok / seconds, p50: r.latency.p50, p99: r.latency.p99, requests: ok };
}

async function measure(name, url, headers, pid, dataDir) {
  const tag = `${name}-${letters(randomBytes(3).readUIntBE(0, 3))}`;
  await drive(url, headers, `${tag}-warm`, CONNECTIONS, 2);
  const cpu0 = cpuSeconds(pid);
  const pg0 = postgresCpuSeconds(dataDir);
  const many = await drive(url, headers, `${tag}-many`, CONNECTIONS, SECONDS);
  const cpu = cpu0 === undefined ? undefined : cpuSeconds(pid) - cpu0;
  const pg = pg0 === undefined ? undefined : postgresCpuSeconds(dataDir) - pg0;
  const one = await drive(url, headers, `${tag}-one`, 1, 3);
  // CPU time of the server process per enrolment at 16 connections (Linux; PostgreSQL's not counted)
  const perEnrolment = (sec) => (sec === undefined ? undefined : (sec * 1000) / many.requests);
  return { many, one, cpuMs: perEnrolment(cpu), pgCpuMs: perEnrolment(pg) };
}

async function main() {
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-bench-'));
  fs.chmodSync(tmp, 0o755);
  let server;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg') }); // durable, as `npm start` runs it
    adminUrl = server.url;
  }
  const dbName = `bench_enrol_${randomBytes(4).toString('hex')}`;
  let app;
  let floor;
  try {
    const url = await ensureDatabase(adminUrl, dbName);
    await runMigrations(url);
    const appUrl = await ensureAppRole(url);
    // The app as `npm start` runs it on this database: main.js migrates (nothing left to do),
    // connects as the app role, seeds the demo accounts and cohort, syncs experiments/.
    const appPort = await freePort();
    app = await startProcess(
      'apps/api/dist/main.js',
      {
        DATABASE_URL: url,
        LAB_MFA_KEY: randomBytes(32).toString('base64'), // a server database needs its own key
        PORT: String(appPort),
        HOST: '127.0.0.1',
        JWT_SECRET: randomBytes(32).toString('hex'),
        LAB_SEED: 'demo',
        LAB_DEMO_PASSWORD: PASSWORD,
        LAB_ADMIN_PASSWORD: 'bench-admin-password',
        NODE_ENV: 'development',
      },
      /running: http:\/\/localhost:(\d+)/,
      // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the app's time goes
      (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean),
    );
    await quiet(app.child.pid);
    floor = await startProcess('bench/enrol-floor.js', { DATABASE_URL: appUrl, PORT: '0' }, /listening (\d+)/);
    const login = await fetch(`http://127.0.0.1:${app.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { accessToken } = await login.json();

    const path_ = `/api/v1/experiments/${EXPERIMENT}/enrolments`;
    const a = await measure(
      'app',
      `http://127.0.0.1:${app.port}${path_}`,
      { authorization: `Bearer ${accessToken}` },
      app.child.pid,
      server?.dataDir,
    );
    const f = await measure('floor', `http://127.0.0.1:${floor.port}${path_}`, {}, floor.child.pid, server?.dataDir);

    // Everything the app answered 201 is stored, with its allocation log and audit entry.
    const c = new Client({ connectionString: url });
    await c.connect();
    const [check] = (
      await c.query(
        `SELECT count(*)::int AS enrolments, count(l.id)::int AS logged,
                (SELECT count(*)::int FROM audit_entry WHERE action = 'enrol' AND actor = $1) AS audited
         FROM enrolment n JOIN participant p ON p.id = n.participant_id LEFT JOIN allocation_log l ON l.enrolment_id = n.id
         WHERE p.participant_ref LIKE 'app-%'`,
        [USER],
      )
    ).rows;
    await c.end();

    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const ratio = a.many.rate / f.many.rate;
    const line = (name, r) =>
      `${name}: ${r.many.rate.toFixed(0)} enrolments/s at ${CONNECTIONS} connections (p50 ${r.many.p50} ms, p99 ${r.many.p99} ms); ` +
      `one client: p50 ${r.one.p50} ms, p99 ${r.one.p99} ms (${(r.one.requests / 3).toFixed(0)}/s)` +
      (r.cpuMs === undefined ? '' : `; CPU per enrolment: ${r.cpuMs.toFixed(1)} ms in the server process`) +
      (r.pgCpuMs === undefined ? '' : `, ${r.pgCpuMs.toFixed(1)} ms in PostgreSQL`);
    console.log('');
    console.log(
      `load average at the end (1, 5, 15 min): ${load} on ${os.cpus().length} cores (at the start: ${loadAtStart})`,
    );
    console.log(`${SECONDS} s per side after a 2 s warm-up; every request a new participant`);
    console.log(line('app   (POST /api/v1/experiments/{key}/enrolments, gemeente user)', a));
    console.log(line('floor (node:http + pg, participant + enrolment + audit in one transaction)', f));
    console.log(
      `  app = ${(ratio * 100).toFixed(0)}% of the floor  [target >= 40%: ${ratio >= 0.4 ? 'ok' : 'MISSED'}]`,
    );
    console.log(
      `  stored by the app: ${check.enrolments} enrolments, ${check.logged} allocation log entries, ${check.audited} audit entries`,
    );
    if (check.enrolments !== check.logged || check.enrolments !== check.audited)
      throw new Error('the app stored enrolments without their log or audit entries');
  } finally {
    await stopProcess(app);
    await stopProcess(floor);
    const d = new Client({ connectionString: adminUrl });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await d.end();
    if (server) await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
