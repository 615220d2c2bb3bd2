import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EXPERIMENTS_DIR, startTestApp, type TestApp } from '../helpers/app';
import { TWO_ARMS, validDefinition } from '../helpers/builders';

/**
 * Experiments over HTTP against real PostgreSQL (contracts.md §1 and §3, issue 2): tenant-scoped
 * reads, creation with validation, plan edits only while draft, the status lifecycle, the secret
 * assignment seed never leaving the server, and an audit entry for every write.
 */

/** Every key path in a JSON value whose name looks like a seed (`seed`, `assignmentSeed`, `assignment_seed`, ...). */
function seedKeys(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => seedKeys(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(/seed/i.test(k) ? [`${at}.${k}`] : []),
      ...seedKeys(v, `${at}.${k}`),
    ]);
  }
  return [];
}

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/** A valid definition (contracts.md §1), with a fresh key. */
const definition = (key: string, overrides: Record<string, unknown> = {}) =>
  validDefinition(key, {
    hypothesis: 'Een budgetcoach aan huis verlaagt de uitval tijdens overzicht.',
    arms: [TWO_ARMS[0], { ...TWO_ARMS[1], weight: 2 }],
    secondaryMetrics: ['uitval', 'rapportcijfer'],
    followUpDays: 120,
    expectedBaseline: 0.55,
    minimumEffect: 0.1,
    plannedLooks: 3,
    armCost: { controle: 4, coach: 12 },
    ...overrides,
  });

describe('experiments API (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let pl: { Authorization: string };
  let lindewaard: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.auth('admin');
    pl = await t.auth('projectleider');
    lindewaard = await t.auth('medewerker-lindewaard');
  });
  afterAll(async () => {
    await t?.close();
  });

  const auditRows = (entityId: string) =>
    t.ds.query(
      "SELECT actor, action, before, after FROM audit_entry WHERE entity = 'experiment' AND entity_id = $1 ORDER BY id",
      [entityId],
    );

  describe('list and get', () => {
    it('lists every synced experiment for a projectleider, paged with X-Total-Count', async () => {
      const res = await t.http.get('/api/v1/experiments').set(pl);
      expect(res.status).toBe(200);
      expect(res.headers['x-total-count']).toBe('3');
      expect(res.body.map((e: { key: string; status: string }) => [e.key, e.status])).toEqual([
        ['jumbo-bon-intake', 'running'],
        ['klantkaarten', 'draft'],
        ['wekelijkse-coaching', 'running'],
      ]);
      const page2 = await t.http.get('/api/v1/experiments?perPage=2&page=2').set(pl);
      expect(page2.headers['x-total-count']).toBe('3');
      expect(page2.body.map((e: { key: string }) => e.key)).toEqual(['wekelijkse-coaching']);
    });

    it('filters on status and refuses an unknown status with 400', async () => {
      const running = await t.http.get('/api/v1/experiments?status=running').set(admin);
      expect(running.status).toBe(200);
      expect(running.body.map((e: { key: string }) => e.key)).toEqual(['jumbo-bon-intake', 'wekelijkse-coaching']);
      const bad = await t.http.get('/api/v1/experiments?status=bezig').set(admin);
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['status']);
    });

    it('returns the full definition of contracts.md §1 as written in its file, with status and arms in order', async () => {
      const file = parse(fs.readFileSync(path.join(EXPERIMENTS_DIR, 'wekelijkse-coaching.yaml'), 'utf8'));
      const res = await t.http.get('/api/v1/experiments/wekelijkse-coaching').set(pl);
      expect(res.status).toBe(200);
      const { arms, gemeenten, status, ...plan } = file;
      expect(res.body).toMatchObject({ ...plan, status: 'running', source: 'file', enrolled: 0 });
      expect(res.body.arms).toEqual(arms.map((a: { control?: boolean }) => ({ ...a, control: a.control === true })));
      expect(res.body.arms[0]).toMatchObject({ key: 'controle', control: true });
      expect(res.body.gemeenten).toEqual([...gemeenten].sort());
      expect(res.body.gemeenten).toHaveLength(6);
      expect(status).toBe('running');
    });

    it('shows a gemeente user only the experiments their gemeente takes part in', async () => {
      const res = await t.http.get('/api/v1/experiments').set(lindewaard);
      expect(res.status).toBe(200);
      expect(res.headers['x-total-count']).toBe('2');
      expect(res.body.map((e: { key: string }) => e.key)).toEqual(['klantkaarten', 'wekelijkse-coaching']);
      expect((await t.http.get('/api/v1/experiments/wekelijkse-coaching').set(lindewaard)).status).toBe(200);
      expect((await t.http.get('/api/v1/experiments/klantkaarten').set(lindewaard)).status).toBe(200);
      // jumbo-bon-intake runs in veenhoven, oosterkamp and maasbergen only: it does not exist for lindewaard.
      const hidden = await t.http.get('/api/v1/experiments/jumbo-bon-intake').set(lindewaard);
      expect(hidden.status).toBe(404);
      // ...and the answer is the same as for an experiment that really does not exist.
      const missing = await t.http.get('/api/v1/experiments/bestaat-niet').set(lindewaard);
      expect(missing.status).toBe(404);
      expect(hidden.body.message.replace('jumbo-bon-intake', 'X')).toBe(
        missing.body.message.replace('bestaat-niet', 'X'),
      );
    });

    it('gives a gemeente of jumbo-bon-intake that experiment', async () => {
      const veenhoven = await t.auth('medewerker-veenhoven');
      const res = await t.http.get('/api/v1/experiments').set(veenhoven);
      expect(res.body.map((e: { key: string }) => e.key)).toEqual(['jumbo-bon-intake', 'wekelijkse-coaching']);
      expect((await t.http.get('/api/v1/experiments/jumbo-bon-intake').set(veenhoven)).status).toBe(200);
    });

    it('answers 404 for an unknown experiment', async () => {
      const res = await t.http.get('/api/v1/experiments/bestaat-niet').set(admin);
      expect(res.status).toBe(404);
    });

    it('never sends the secret assignment seed, to any role, in list or detail', async () => {
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM experiment WHERE length(assignment_seed) >= 32');
      expect(n).toBe(3); // the seed exists in the database...
      const seeds: string[] = (await t.ds.query('SELECT assignment_seed AS s FROM experiment')).map(
        (r: { s: string }) => r.s,
      );
      for (const who of [admin, pl, lindewaard]) {
        for (const path of [
          '/api/v1/experiments',
          '/api/v1/experiments/wekelijkse-coaching',
          '/api/v1/experiments/klantkaarten',
        ]) {
          const res = await t.http.get(path).set(who);
          expect(res.status).toBe(200);
          expect(seedKeys(res.body)).toEqual([]); // ...but no field named like it reaches a client,
          for (const s of seeds) expect(res.text).not.toContain(s); // nor its value under another name.
        }
      }
    });
  });

  describe('create', () => {
    it('creates a valid definition as a draft (201) with defaults filled in, no seed, and an audit entry', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(
          definition('budgetcoach', {
            allocation: undefined,
            randomization: undefined,
            followUpDays: undefined,
            plannedLooks: undefined,
            secondaryMetrics: undefined,
          }),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        key: 'budgetcoach',
        status: 'draft',
        source: 'api',
        enrolled: 0,
        allocation: 'platform',
        randomization: 'hash',
        followUpDays: 180,
        plannedLooks: 4,
        secondaryMetrics: [],
        arms: [
          { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
          { key: 'coach', name: 'Budgetcoach aan huis', weight: 2, control: false },
        ],
        gemeenten: ['lindewaard', 'veenhoven'],
        start: '2026-01-01',
        end: '2027-12-31',
      });
      expect(seedKeys(res.body)).toEqual([]);
      const [{ seed }] = await t.ds.query("SELECT assignment_seed AS seed FROM experiment WHERE key = 'budgetcoach'");
      expect(seed).toMatch(/^[0-9a-f]{48}$/);
      expect(res.text).not.toContain(seed);

      const get = await t.http.get('/api/v1/experiments/budgetcoach').set(admin);
      expect(get.body).toEqual(res.body);

      const audit = await auditRows('budgetcoach');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: 'projectleider',
        action: 'create',
        before: null,
        after: { key: 'budgetcoach', status: 'draft' },
      });
      expect(seedKeys(audit[0].after)).toEqual([]);
      expect(JSON.stringify(audit[0].after)).not.toContain(seed);
    });

    it('refuses a body that sets status other than draft (400) and stores nothing', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(definition('direct-starten', { status: 'running' }));
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('status');
      expect(await t.ds.query("SELECT 1 FROM experiment WHERE key = 'direct-starten'")).toHaveLength(0);
    });

    // [name, overrides, the fields the 400 must name]
    const invalid: [string, Record<string, unknown>, string[]][] = [
      ['missing arms', { arms: undefined, armCost: undefined }, ['arms']],
      [
        'one arm',
        { arms: [{ key: 'controle', name: 'Controle', weight: 1, control: true }], armCost: undefined },
        ['arms'],
      ],
      [
        'two controls',
        {
          arms: [
            { key: 'a', name: 'A', weight: 1, control: true },
            { key: 'b', name: 'B', weight: 1, control: true },
          ],
          armCost: undefined,
        },
        ['arms'],
      ],
      [
        'no control',
        {
          arms: [
            { key: 'a', name: 'A', weight: 1 },
            { key: 'b', name: 'B', weight: 1 },
          ],
          armCost: undefined,
        },
        ['arms'],
      ],
      [
        'duplicate arm key',
        {
          arms: [
            { key: 'a', name: 'A', weight: 1, control: true },
            { key: 'a', name: 'B', weight: 1 },
          ],
          armCost: undefined,
        },
        ['arms[1].key'],
      ],
      [
        'zero weight',
        {
          arms: [
            { key: 'controle', name: 'A', weight: 1, control: true },
            { key: 'coach', name: 'B', weight: 0 },
          ],
        },
        ['arms[1].weight'],
      ],
      ['unknown design', { design: 'coin_flip' }, ['design']],
      ['unknown allocation', { allocation: 'lottery' }, ['allocation']],
      ['unknown phase', { interventionPhase: 'nazorg' }, ['interventionPhase']],
      ['primary metric not a milestone', { primaryMetric: 'rapportcijfer' }, ['primaryMetric']],
      ['unknown secondary metric', { secondaryMetrics: ['uitval', 'geluk'] }, ['secondaryMetrics[1]']],
      ['bad key (capitals)', { key: 'Budget_Coach' }, ['key']],
      ['bad key (space)', { key: 'budget coach' }, ['key']],
      ['baseline + effect >= 1', { expectedBaseline: 0.9, minimumEffect: 0.1 }, ['minimumEffect']],
      ['baseline out of range', { expectedBaseline: 1.2 }, ['expectedBaseline']],
      ['followUpDays not whole', { followUpDays: 1.5 }, ['followUpDays']],
      ['armCost of an unknown arm', { armCost: { controle: 1, spook: 2 } }, ['armCost.spook']],
      ['impossible date', { start: '2026-02-30' }, ['start']],
      ['end before start', { start: '2027-01-01', end: '2026-01-01' }, ['end']],
      ['an unknown field', { budget: 100 }, ['budget']],
      ['missing title and hypothesis', { title: undefined, hypothesis: '  ' }, ['title', 'hypothesis']],
    ];

    it.each(invalid)('refuses %s with 400 naming the field, storing nothing', async (name, overrides, expected) => {
      const key = `ongeldig-${name
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()
        .replace(/^-|-$/g, '')}`;
      const res = await t.http.post('/api/v1/experiments').set(pl).send(definition(key, overrides));
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(expect.any(String));
      for (const f of expected) expect(fields(res.body)).toContain(f);
      expect(
        res.body.errors.every((e: { message: string }) => typeof e.message === 'string' && e.message.length > 0),
      ).toBe(true);
      const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM experiment');
      expect(n).toBe(4); // the three synced ones and budgetcoach
    });

    it('reports every problem of a definition at once', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(
          definition('veel-fouten', {
            design: 'x',
            interventionPhase: 'y',
            expectedBaseline: 0.95,
            minimumEffect: 0.2,
          }),
        );
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(expect.arrayContaining(['design', 'interventionPhase', 'minimumEffect']));
    });

    it('refuses an unknown gemeente with 400 on gemeenten', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(definition('onbekende-gemeente', { gemeenten: ['lindewaard', 'atlantis'] }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('experiment.unknown_gemeente');
      expect(res.body.errors).toEqual([
        { field: 'gemeenten', message: expect.stringContaining('atlantis'), code: 'experiment.unknown_gemeente' },
      ]);
      expect(await t.ds.query("SELECT 1 FROM experiment WHERE key = 'onbekende-gemeente'")).toHaveLength(0);
    });

    it('refuses a gemeente listed twice with 400 on gemeenten (not a conflict or a 500)', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(definition('dubbele-gemeente', { gemeenten: ['lindewaard', 'lindewaard'] }));
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('gemeenten');
      expect(await t.ds.query("SELECT 1 FROM experiment WHERE key = 'dubbele-gemeente'")).toHaveLength(0);
    });

    it('refuses a body that is not an object', async () => {
      const res = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send([definition('in-een-lijst')]);
      expect(res.status).toBe(400);
      const garbled = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .set('Content-Type', 'application/json')
        .send('{"key": ');
      expect(garbled.status).toBe(400);
    });

    it('refuses a duplicate key with 409, also the key of a synced experiment, and leaves the original as it was', async () => {
      const again = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(definition('budgetcoach', { title: 'Iets anders' }));
      expect(again.status).toBe(409);
      // the web app puts this refusal on the key input by its code, not its text
      expect(again.body).toMatchObject({ code: 'experiment.exists', field: 'key', message: expect.any(String) });
      const synced = await t.http.post('/api/v1/experiments').set(admin).send(definition('wekelijkse-coaching'));
      expect(synced.status).toBe(409);
      const [row] = await t.ds.query("SELECT title, status FROM experiment WHERE key = 'budgetcoach'");
      expect(row).toEqual({ title: 'Budgetcoach aan huis', status: 'draft' });
      expect(await auditRows('budgetcoach')).toHaveLength(1); // no audit for a refused write
    });
  });

  describe('edit', () => {
    it('changes plan fields while draft (200), replacing arms, with an audit entry holding before and after', async () => {
      const res = await t.http
        .patch('/api/v1/experiments/budgetcoach')
        .set(pl)
        .send({
          title: 'Budgetcoach aan huis (herzien)',
          minimumEffect: 0.12,
          arms: [
            { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
            { key: 'coach', name: 'Budgetcoach aan huis', weight: 1 },
            { key: 'coach_plus', name: 'Coach en bon', weight: 1 },
          ],
          armCost: null,
        });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        key: 'budgetcoach',
        status: 'draft',
        title: 'Budgetcoach aan huis (herzien)',
        minimumEffect: 0.12,
        hypothesis: expect.stringContaining('budgetcoach'),
      });
      expect(res.body.arms.map((a: { key: string; weight: number }) => [a.key, a.weight])).toEqual([
        ['controle', 1],
        ['coach', 1],
        ['coach_plus', 1],
      ]);
      expect(res.body.armCost).toBeUndefined(); // null removes an optional field
      expect(res.body.gemeenten).toEqual(['lindewaard', 'veenhoven']); // untouched fields stay
      expect(seedKeys(res.body)).toEqual([]);
      const arms = await t.ds.query(
        "SELECT key FROM experiment_arm WHERE experiment_key = 'budgetcoach' ORDER BY position",
      );
      expect(arms.map((a: { key: string }) => a.key)).toEqual(['controle', 'coach', 'coach_plus']);
      const audit = await auditRows('budgetcoach');
      expect(audit).toHaveLength(2);
      expect(audit[1]).toMatchObject({
        actor: 'projectleider',
        action: 'update',
        before: { title: 'Budgetcoach aan huis', minimumEffect: 0.1 },
        after: { title: 'Budgetcoach aan huis (herzien)', minimumEffect: 0.12 },
      });
    });

    it('keeps the assignment seed when the plan is edited', async () => {
      const [before] = await t.ds.query("SELECT assignment_seed AS s FROM experiment WHERE key = 'budgetcoach'");
      expect((await t.http.patch('/api/v1/experiments/budgetcoach').set(pl).send({ plannedLooks: 5 })).status).toBe(
        200,
      );
      const [after] = await t.ds.query("SELECT assignment_seed AS s FROM experiment WHERE key = 'budgetcoach'");
      expect(after.s).toBe(before.s);
    });

    it('refuses an invalid edit while draft with 400 and changes nothing', async () => {
      const before = (await t.http.get('/api/v1/experiments/budgetcoach').set(pl)).body;
      const audits = (await auditRows('budgetcoach')).length;
      const res = await t.http
        .patch('/api/v1/experiments/budgetcoach')
        .set(pl)
        .send({ title: 'Nieuw', design: 'coin_flip', gemeenten: ['atlantis'] });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toContain('design');
      const gem = await t.http
        .patch('/api/v1/experiments/budgetcoach')
        .set(pl)
        .send({ gemeenten: ['atlantis'] });
      expect(gem.status).toBe(400);
      expect(fields(gem.body)).toEqual(['gemeenten']);
      expect((await t.http.get('/api/v1/experiments/budgetcoach').set(pl)).body).toEqual(before);
      expect(await auditRows('budgetcoach')).toHaveLength(audits);
    });

    it('refuses to change the key (400) and answers 404 for an unknown experiment', async () => {
      const res = await t.http.patch('/api/v1/experiments/budgetcoach').set(pl).send({ key: 'andere-naam' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['key']);
      expect((await t.http.patch('/api/v1/experiments/bestaat-niet').set(pl).send({ title: 'x' })).status).toBe(404);
      expect((await t.http.patch('/api/v1/experiments/bestaat-niet').set(pl).send({ status: 'running' })).status).toBe(
        404,
      );
    });

    it('refuses plan changes once running (409), also together with a status change, changing nothing', async () => {
      const before = await t.ds.query(
        "SELECT title, status, updated_at FROM experiment WHERE key = 'wekelijkse-coaching'",
      );
      const audits = (await auditRows('wekelijkse-coaching')).length;
      const res = await t.http
        .patch('/api/v1/experiments/wekelijkse-coaching')
        .set(pl)
        .send({ title: 'Stiekem aangepast' });
      expect(res.status).toBe(409);
      expect(res.body.message).toEqual(expect.any(String));
      const both = await t.http
        .patch('/api/v1/experiments/wekelijkse-coaching')
        .set(pl)
        .send({ status: 'paused', followUpDays: 90 });
      expect(both.status).toBe(409);
      expect(
        await t.ds.query("SELECT title, status, updated_at FROM experiment WHERE key = 'wekelijkse-coaching'"),
      ).toEqual(before);
      expect(await auditRows('wekelijkse-coaching')).toHaveLength(audits);
    });
  });

  describe('lifecycle', () => {
    const patchStatus = (status: unknown) => t.http.patch('/api/v1/experiments/levenscyclus').set(pl).send({ status });
    const dbStatus = async () =>
      (await t.ds.query("SELECT status FROM experiment WHERE key = 'levenscyclus'"))[0].status;
    const enrol = (ref: string) =>
      t.http
        .post('/api/v1/experiments/levenscyclus/enrolments')
        .set(lindewaard)
        .send({ gemeente: 'lindewaard', participantRef: ref, enrolledOn: '2026-03-02' });

    beforeAll(async () => {
      const res = await t.http.post('/api/v1/experiments').set(pl).send(definition('levenscyclus'));
      expect(res.status).toBe(201);
    });

    it('refuses to skip running from draft (409) and refuses enrolment in a draft', async () => {
      for (const to of ['paused', 'stopped', 'completed']) {
        const res = await patchStatus(to);
        expect({ to, status: res.status }).toEqual({ to, status: 409 });
      }
      expect(await dbStatus()).toBe('draft');
      // in words a gemeente worker reads: the statuses by their Dutch names, and where it can go
      expect((await patchStatus('completed')).body.message).toBe(
        'Dit experiment staat op "Concept" en kan niet naar "Afgerond". Het kan nog naar "Loopt".',
      );
      expect((await enrol('L-0')).status).toBe(409);
    });

    it('moves draft → running → paused → running → stopped → completed, with an audit entry per step', async () => {
      const audits = (await auditRows('levenscyclus')).length;
      const steps: [string, number][] = [
        ['running', 201],
        ['paused', 409],
        ['running', 201],
        ['stopped', 409],
        ['completed', 409],
      ];
      for (const [i, [to, enrolStatus]] of steps.entries()) {
        const res = await patchStatus(to);
        expect({ to, status: res.status, body: res.body.status }).toEqual({ to, status: 200, body: to });
        expect(await dbStatus()).toBe(to);
        // enrolment is allowed only while running (issue 2)
        expect({ to, enrol: (await enrol(`L-${i + 1}`)).status }).toEqual({ to, enrol: enrolStatus });
      }
      const rows = await auditRows('levenscyclus');
      const statusRows = rows.slice(audits).filter((r: { action: string }) => r.action === 'update');
      expect(
        statusRows.map((r: { before: { status: string }; after: { status: string } }) => [
          r.before.status,
          r.after.status,
        ]),
      ).toEqual([
        ['draft', 'running'],
        ['running', 'paused'],
        ['paused', 'running'],
        ['running', 'stopped'],
        ['stopped', 'completed'],
      ]);
      expect(statusRows.every((r: { actor: string }) => r.actor === 'projectleider')).toBe(true);
    });

    it('refuses to leave completed (409) and an unknown status (400), changing nothing', async () => {
      const audits = (await auditRows('levenscyclus')).length;
      for (const to of ['running', 'paused', 'stopped', 'draft']) {
        const res = await patchStatus(to);
        expect({ to, status: res.status }).toEqual({ to, status: 409 });
      }
      for (const to of ['klaar', 'RUNNING', 42]) {
        const res = await patchStatus(to);
        expect({ to, status: res.status }).toEqual({ to, status: 400 });
        expect(fields(res.body)).toEqual(['status']);
      }
      expect(await dbStatus()).toBe('completed');
      expect(await auditRows('levenscyclus')).toHaveLength(audits);
    });

    it('refuses stopped → running (409) on another experiment', async () => {
      expect((await t.http.post('/api/v1/experiments').set(pl).send(definition('gestopt'))).status).toBe(201);
      for (const to of ['running', 'stopped'])
        expect((await t.http.patch('/api/v1/experiments/gestopt').set(pl).send({ status: to })).status).toBe(200);
      const res = await t.http.patch('/api/v1/experiments/gestopt').set(pl).send({ status: 'running' });
      expect(res.status).toBe(409);
      expect((await t.ds.query("SELECT status FROM experiment WHERE key = 'gestopt'"))[0].status).toBe('stopped');
    });

    it('lets a beheerder move the lifecycle too, but not a gemeente user (403)', async () => {
      expect(
        (await t.http.patch('/api/v1/experiments/klantkaarten').set(lindewaard).send({ status: 'running' })).status,
      ).toBe(403);
      expect((await t.ds.query("SELECT status FROM experiment WHERE key = 'klantkaarten'"))[0].status).toBe('draft');
      const res = await t.http.patch('/api/v1/experiments/klantkaarten').set(admin).send({ status: 'running' });
      expect(res.status).toBe(200);
      const [row] = await t.ds.query(
        "SELECT actor, action FROM audit_entry WHERE entity = 'experiment' AND entity_id = 'klantkaarten' ORDER BY id DESC LIMIT 1",
      );
      expect(row).toEqual({ actor: 'admin', action: 'update' });
    });
  });
});
