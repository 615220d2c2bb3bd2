import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, derivedAppUrl } from '@living-lab/db';
import { backupDatabase, BackupError, restoreDatabase } from '../apps/api/src/backup/backup';
import { createApp } from '../apps/api/src/bootstrap';
import { readConfig } from '../apps/api/src/config';
import { createTestDatabase } from './helpers/database';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './helpers/app';
import { rowCounts } from './fuzz/fuzz-api';

/**
 * Backup and restore (issue 8): `npm run lab -- backup <file>` and `restore <file>` (the built
 * cli.js, as a user runs it) give a database with the same rows, the same results for every
 * experiment and an audit chain that still verifies. A restore refuses a database that is not
 * empty and a damaged file, and then changes nothing.
 */
const CLI = path.resolve(__dirname, '../apps/api/dist/cli.js');

describe('backup and restore', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'living-lab-backup-'));
  let source: TestApp;
  const cleanup: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    source = await startTestApp({ cohort: true });
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    await source?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lab = (url: string, ...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, JWT_SECRET: 'x' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  /** Results of every experiment and the audit check, as a beheerder sees them. */
  const snapshot = async (http: ReturnType<typeof request>, auth: { Authorization: string }) => {
    const experiments = (await http.get('/api/v1/experiments?perPage=1000').set(auth)).body as { key: string }[];
    const results: Record<string, unknown> = {};
    for (const e of experiments) {
      const r = await http.get(`/api/v1/experiments/${e.key}/results`).set(auth);
      results[e.key] = { status: r.status, body: r.body };
    }
    return { experiments: experiments.map((e) => e.key).sort(), results };
  };

  it('round trip through the command line: same rows, same results for every experiment, audit chain intact', async () => {
    const auth = await source.auth('admin');
    const g = await source.auth('medewerker-lindewaard');
    expect(
      (
        await source.http
          .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
          .set(g)
          .send({ gemeente: 'lindewaard', participantRef: 'BACKUP-1', enrolledOn: '2026-06-01' })
      ).status,
    ).toBe(201);
    expect(
      (
        await source.http
          .post('/api/v1/participants/lindewaard/BACKUP-1/events')
          .set(g)
          .send({ milestone: 'intake', occurredOn: '2026-06-02' })
      ).status,
    ).toBe(201);
    const before = await snapshot(source.http, auth);
    expect(before.experiments.length).toBeGreaterThanOrEqual(3);
    expect(Object.values(before.results).some((r) => (r as { status: number }).status === 200)).toBe(true);
    const verifyBefore = (await source.http.get('/api/v1/audit/verify').set(auth)).body;
    expect(verifyBefore.ok).toBe(true);
    const countsBefore = await rowCounts(source.admin);

    const file = path.join(dir, 'lab.backup');
    const b = lab(source.url, 'backup', file);
    expect(b.stderr + b.stdout).toMatch(/Back-up klaar/);
    expect(b.status).toBe(0);
    expect(fs.statSync(file).mode & 0o077).toBe(0); // participant data: owner only

    const target = await createTestDatabase();
    cleanup.push(target.drop);
    const r = lab(target.url, 'restore', file);
    expect(r.stdout).toMatch(/Teruggezet: \d+ tabellen/);
    expect(r.stdout).toMatch(/Audit-keten klopt: \d+ regels/);
    expect(r.status).toBe(0);

    const admin2 = await new DataSource(dataSourceOptions(target.url)).initialize();
    cleanup.push(() => admin2.destroy());
    expect(await rowCounts(admin2)).toEqual(countsBefore);

    const app2 = await createApp(readConfig({ JWT_SECRET: 'test-secret' }, derivedAppUrl(target.url)), {
      logger: false,
    });
    await app2.init();
    cleanup.push(() => app2.close());
    const http2 = request(app2.getHttpServer());
    const login = await http2.post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }); // password hashes came along
    expect(login.status).toBe(200);
    const auth2 = { Authorization: `Bearer ${login.body.accessToken}` };
    expect(await snapshot(http2, auth2)).toEqual(before);
    const verifyAfter = (await http2.get('/api/v1/audit/verify').set(auth2)).body;
    expect(verifyAfter.ok).toBe(true);
    expect(verifyAfter.entries).toBe(verifyBefore.entries + 1); // the same chain, plus the login on the restored database
    // New rows continue the sequences instead of colliding with restored ids.
    const g2 = await http2
      .post('/api/v1/auth/login')
      .send({ username: 'medewerker-lindewaard', password: 'demo-password-for-tests' });
    expect(
      (
        await http2
          .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
          .set({ Authorization: `Bearer ${g2.body.accessToken}` })
          .send({ gemeente: 'lindewaard', participantRef: 'BACKUP-2', enrolledOn: '2026-06-01' })
      ).status,
    ).toBe(201);

    // Refusals change nothing: a database with data, and a damaged file.
    const counts2 = await rowCounts(admin2);
    await expect(restoreDatabase(target.url, file)).rejects.toThrow(/niet leeg/);
    const damaged = path.join(dir, 'damaged.backup');
    fs.writeFileSync(damaged, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size * 0.6)));
    const empty = await createTestDatabase();
    cleanup.push(empty.drop);
    await expect(restoreDatabase(empty.url, damaged)).rejects.toThrow();
    const admin3 = await new DataSource(dataSourceOptions(empty.url)).initialize();
    cleanup.push(() => admin3.destroy());
    expect(Object.values(await rowCounts(admin3)).every((n) => n === 0)).toBe(true);
    expect(await rowCounts(admin2)).toEqual(counts2);
    await expect(restoreDatabase(empty.url, path.join(__dirname, '../package.json'))).rejects.toBeInstanceOf(
      BackupError,
    );
  }, 180_000);

  it('backs up while the data changes: one consistent snapshot', async () => {
    const file = path.join(dir, 'busy.backup');
    const g = await source.auth('medewerker-veenhoven');
    let i = 0;
    let writing = true;
    const writer = (async () => {
      while (writing)
        await source.http
          .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
          .set(g)
          .send({ gemeente: 'veenhoven', participantRef: `BUSY-${i++}`, enrolledOn: '2026-06-01' });
    })();
    const summary = await backupDatabase(source.url, file);
    writing = false;
    await writer;
    // In one snapshot every enrolment has its summary row and its audit entry.
    expect(summary.tables.enrolment).toBe(summary.tables.enrolment_summary);
    const target = await createTestDatabase();
    cleanup.push(target.drop);
    const restored = await restoreDatabase(target.url, file);
    expect(restored.tables).toEqual(summary.tables);
  }, 120_000);
});
