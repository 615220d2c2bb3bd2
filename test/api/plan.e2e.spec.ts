import { createHash } from 'node:crypto';
import { canonicalJson } from '../../libs/domain/src';
import { ExperimentsSyncService } from '../../apps/api/src/experiments/experiments-sync.service';
import { EXPERIMENTS_DIR, startTestApp, type TestApp } from '../helpers/app';
import { validDefinition } from '../helpers/builders';

/**
 * Pre-registration over HTTP (issue 5): the plan freezes at start with a stable hash; a later
 * change is an amendment with a reason, a new version and an audit entry; arms cannot be removed
 * once anyone is enrolled; the plan shows which metrics were pre-registered.
 */

const sha = (plan: unknown) => createHash('sha256').update(canonicalJson(plan)).digest('hex');

const definition = (key: string, overrides: Record<string, unknown> = {}) =>
  validDefinition(key, {
    secondaryMetrics: ['uitval'],
    followUpDays: 180,
    plannedLooks: 4,
    plannedSize: 400,
    ...overrides,
  });

describe('plan versions and amendments (real PostgreSQL)', () => {
  let t: TestApp;
  let pl: { Authorization: string };
  let admin: { Authorization: string };
  let v1Hash: string;
  beforeAll(async () => {
    t = await startTestApp();
    pl = await t.auth('projectleider');
    admin = await t.auth('admin');
    expect((await t.http.post('/api/v1/experiments').set(pl).send(definition('plancoach'))).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const plan = () => t.http.get('/api/v1/experiments/plancoach/plan').set(pl);
  const amend = (body: unknown, who = pl) =>
    t.http
      .post('/api/v1/experiments/plancoach/amendments')
      .set(who)
      .send(body as object);

  it('has no frozen plan while draft, and refuses an amendment of a draft (409: use PATCH)', async () => {
    const res = await plan();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: 'plancoach',
      status: 'draft',
      frozen: false,
      version: null,
      hash: null,
      versions: [],
    });
    expect((await amend({ changes: { followUpDays: 200 }, reason: 'Langere follow-up nodig' })).status).toBe(409);
  });

  it('freezes the plan at start: version 1 with the SHA-256 of its canonical JSON, shown on the experiment', async () => {
    expect((await t.http.patch('/api/v1/experiments/plancoach').set(pl).send({ status: 'running' })).status).toBe(200);
    const res = await plan();
    expect(res.body).toMatchObject({
      frozen: true,
      version: 1,
      changedAfterStart: false,
      preRegistered: { primaryMetric: 'gereed_voor_schuldregeling', secondaryMetrics: ['uitval'] },
    });
    const [v1] = res.body.versions;
    expect(v1).toMatchObject({ version: 1, reason: null, createdBy: 'projectleider' });
    expect(v1.plan).toMatchObject({
      hypothesis: expect.any(String),
      design: 'individual_randomized',
      primaryMetric: 'gereed_voor_schuldregeling',
      followUpDays: 180,
      plannedLooks: 4,
      plannedSize: 400,
    });
    expect(v1.plan.status).toBeUndefined();
    v1Hash = v1.hash;
    expect(v1Hash).toBe(sha(v1.plan));
    expect((await t.http.get('/api/v1/experiments/plancoach').set(pl)).body.plan).toEqual({ version: 1, hash: v1Hash });
    const [audit] = await t.admin.query(
      "SELECT action, after FROM audit_entry WHERE entity = 'plan_version' AND entity_id = 'plancoach/v1'",
    );
    expect(audit).toEqual({ action: 'freeze', after: { version: 1, hash: v1Hash } });
  });

  it('keeps the hash stable: key order, a re-read and a pause do not change it', async () => {
    const [v1] = (await plan()).body.versions;
    const reversed = Object.fromEntries(Object.entries(v1.plan).reverse());
    expect(sha(reversed)).toBe(v1Hash);
    expect((await t.http.patch('/api/v1/experiments/plancoach').set(pl).send({ status: 'paused' })).status).toBe(200);
    expect((await t.http.patch('/api/v1/experiments/plancoach').set(pl).send({ status: 'running' })).status).toBe(200);
    const again = await plan();
    expect(again.body.versions).toHaveLength(1);
    expect(again.body.hash).toBe(v1Hash);
    // The hash of a synced experiment survives a sync of its unchanged file.
    const before = (await t.http.get('/api/v1/experiments/wekelijkse-coaching/plan').set(pl)).body.hash;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    await t.app.get(ExperimentsSyncService).syncDirectory(EXPERIMENTS_DIR);
    expect((await t.http.get('/api/v1/experiments/wekelijkse-coaching/plan').set(pl)).body).toMatchObject({
      version: 1,
      hash: before,
    });
  });

  it('refuses a PATCH of plan fields after start (409), pointing to amendments, and changes nothing', async () => {
    const res = await t.http.patch('/api/v1/experiments/plancoach').set(pl).send({ followUpDays: 240 });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/Wijziging na de start vastleggen/);
    expect(res.body.message).not.toMatch(/POST|amendments/);
    expect((await plan()).body.versions).toHaveLength(1);
  });

  it('refuses an amendment without reason or changes (400), by a gemeente user or reviewer (403)', async () => {
    const bad = await amend({ changes: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['changes', 'reason']);
    const status = await amend({ changes: { status: 'stopped' }, reason: 'Stoppen via amendement' });
    expect(status.status).toBe(400);
    expect(
      (await amend({ changes: { followUpDays: 240 }, reason: 'Langer volgen' }, await t.auth('medewerker-lindewaard')))
        .status,
    ).toBe(403);
    expect(
      (await amend({ changes: { followUpDays: 240 }, reason: 'Langer volgen' }, await t.auth('reviewer'))).status,
    ).toBe(403);
    expect((await plan()).body.versions).toHaveLength(1);
  });

  it('records an amendment as version 2 with reason, changes and an audit entry; the report sees the change after start', async () => {
    const res = await amend({
      changes: { followUpDays: 240, secondaryMetrics: ['uitval', 'akkoord_schuldregeling'] },
      reason: 'Schuldregelingen duren langer dan gedacht',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 2,
      reason: 'Schuldregelingen duren langer dan gedacht',
      createdBy: 'projectleider',
      changes: {
        followUpDays: { before: 180, after: 240 },
        secondaryMetrics: { before: ['uitval'], after: ['uitval', 'akkoord_schuldregeling'] },
      },
    });
    expect(res.body.hash).toBe(sha(res.body.plan));
    expect(res.body.hash).not.toBe(v1Hash);
    const p = (await plan()).body;
    expect(p.versions.map((v: { version: number; hash: string }) => v.version)).toEqual([1, 2]);
    expect(p.versions[0].hash).toBe(v1Hash); // the frozen plan never changes
    expect(p).toMatchObject({
      version: 2,
      hash: res.body.hash,
      changedAfterStart: true,
      changedFields: ['followUpDays', 'secondaryMetrics'],
    });
    expect(p.changesAfterStart).toEqual([
      expect.objectContaining({
        version: 2,
        fields: ['followUpDays', 'secondaryMetrics'],
        reason: 'Schuldregelingen duren langer dan gedacht',
      }),
    ]);
    expect(p.metrics).toEqual([
      { metric: 'gereed_voor_schuldregeling', role: 'primary', preRegistered: true },
      { metric: 'uitval', role: 'secondary', preRegistered: true },
      { metric: 'akkoord_schuldregeling', role: 'secondary', preRegistered: false },
    ]);
    const exp = (await t.http.get('/api/v1/experiments/plancoach').set(pl)).body;
    expect(exp).toMatchObject({ followUpDays: 240, status: 'running', plan: { version: 2, hash: res.body.hash } });
    const [audit] = await t.admin.query(
      "SELECT actor, action, before, after FROM audit_entry WHERE entity = 'experiment' AND entity_id = 'plancoach' ORDER BY id DESC LIMIT 1",
    );
    expect(audit).toMatchObject({
      actor: 'projectleider',
      action: 'amend',
      before: { followUpDays: 180 },
      after: { followUpDays: 240, planVersion: 2 },
    });
    // plan_version is append-only, even for raw SQL
    await expect(
      t.admin.query("UPDATE plan_version SET reason = 'x' WHERE experiment_key = 'plancoach'"),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses an amendment that changes nothing (400)', async () => {
    const res = await amend({ changes: { followUpDays: 240 }, reason: 'Nog een keer hetzelfde' });
    expect(res.status).toBe(400);
    expect((await plan()).body.versions).toHaveLength(2);
  });

  it('never removes an arm once anyone is enrolled, nor changes design or a weight (409); adding an arm is an amendment', async () => {
    const e = await t.http
      .post('/api/v1/experiments/plancoach/enrolments')
      .set(admin)
      .send({ gemeente: 'lindewaard', participantRef: 'PC-1', enrolledOn: '2026-03-02' });
    expect(e.status).toBe(201);
    const removed = await amend({
      changes: {
        arms: [
          { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
          { key: 'coach_nieuw', name: 'Nieuw', weight: 1 },
        ],
      },
      reason: 'Arm vervangen',
    });
    expect(removed.status).toBe(409);
    expect(removed.body.message).toMatch(/coach/);
    expect(removed.body.code).toBe('experiment.amend_refused');
    expect(removed.body.errors.map((e: { field: string }) => e.field)).toContain('arms');
    const design = await amend({ changes: { design: 'cluster_randomized' }, reason: 'Toch per gemeente' });
    expect(design.status).toBe(409);
    const weight = await amend({
      changes: {
        arms: [
          { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
          { key: 'coach', name: 'Budgetcoach aan huis', weight: 2 },
        ],
      },
      reason: 'Meer coaching',
    });
    expect(weight.status).toBe(409);
    expect((await plan()).body.versions).toHaveLength(2);
    const added = await amend({
      changes: {
        arms: [
          { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
          { key: 'coach', name: 'Budgetcoach aan huis', weight: 1 },
          { key: 'coach_plus', name: 'Coach en bon', weight: 1 },
        ],
      },
      reason: 'Derde arm toegevoegd na besluit stuurgroep',
    });
    expect(added.status).toBe(201);
    expect(added.body.version).toBe(3);
    expect(Object.keys(added.body.changes)).toEqual(['arms']);
    const arms = await t.admin.query(
      "SELECT key FROM experiment_arm WHERE experiment_key = 'plancoach' ORDER BY position",
    );
    expect(arms.map((a: { key: string }) => a.key)).toEqual(['controle', 'coach', 'coach_plus']);
    expect(await t.admin.query("SELECT 1 FROM enrolment WHERE experiment_key = 'plancoach'")).toHaveLength(1);
  });

  it('freezes the allocation of a permuted-block experiment: its arms and gemeenten do not change by amendment (409)', async () => {
    expect(
      (
        await t.http
          .post('/api/v1/experiments')
          .set(pl)
          .send(definition('blokplan', { randomization: 'permuted_blocks' }))
      ).status,
    ).toBe(201);
    expect((await t.http.patch('/api/v1/experiments/blokplan').set(pl).send({ status: 'running' })).status).toBe(200);
    const res = await t.http
      .post('/api/v1/experiments/blokplan/amendments')
      .set(admin)
      .send({ changes: { gemeenten: ['lindewaard', 'veenhoven', 'hoogdijk'] }, reason: 'Hoogdijk doet ook mee' });
    expect(res.status).toBe(409);
    const ok = await t.http
      .post('/api/v1/experiments/blokplan/amendments')
      .set(admin)
      .send({ changes: { title: 'Budgetcoach aan huis (blokken)' }, reason: 'Titel verduidelijkt' });
    expect(ok.status).toBe(201);
  });

  it('shows a gemeente user the plan of its own experiments only (404 otherwise)', async () => {
    expect(
      (await t.http.get('/api/v1/experiments/plancoach/plan').set(await t.auth('medewerker-lindewaard'))).status,
    ).toBe(200);
    expect(
      (await t.http.get('/api/v1/experiments/plancoach/plan').set(await t.auth('medewerker-hoogdijk'))).status,
    ).toBe(404);
  });
});
