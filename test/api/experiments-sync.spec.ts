import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  ExperimentsSyncService,
  SyncRefusedError,
  type SyncProblem,
} from '../../apps/api/src/experiments/experiments-sync.service';
import { EXPERIMENTS_DIR, startTestApp, type TestApp } from '../helpers/app';
import { validDefinition } from '../helpers/builders';

/**
 * `experiments/*.yaml` → database (contracts.md §1, issue 2): all files or none; an invalid file
 * is refused with its path, field and reason; arms never change once someone is enrolled; an
 * unchanged file changes nothing.
 */

const realFile = (key: string): Record<string, unknown> =>
  parse(fs.readFileSync(path.join(EXPERIMENTS_DIR, `${key}.yaml`), 'utf8'));

/** A valid definition as a file would hold it: no allocation, randomisation or dates (their defaults). */
const newDefinition = (key: string, overrides: Record<string, unknown> = {}) =>
  validDefinition(key, {
    title: 'Eerste gesprek binnen drie dagen',
    hypothesis: 'Snel een eerste gesprek voorkomt uitval voor de intake.',
    interventionPhase: 'aanmelding',
    allocation: undefined,
    randomization: undefined,
    arms: [
      { key: 'controle', name: 'Gebruikelijke wachttijd', weight: 1, control: true },
      { key: 'snel', name: 'Gesprek binnen drie dagen', weight: 1 },
    ],
    primaryMetric: 'intake',
    gemeenten: ['hoogdijk'],
    start: undefined,
    end: undefined,
    ...overrides,
  });

describe('experiments sync (real PostgreSQL)', () => {
  let t: TestApp;
  let sync: ExperimentsSyncService;
  const dirs: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    sync = t.app.get(ExperimentsSyncService);
  });
  afterAll(async () => {
    await t?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A fresh directory with these files (name → YAML object, or raw text). */
  function dirWith(files: Record<string, Record<string, unknown> | string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sync-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files))
      fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
    return dir;
  }

  /** The problems of a refused sync; fails the test when the sync was not refused. */
  async function refusal(dir: string): Promise<SyncProblem[]> {
    const err = await sync.syncDirectory(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SyncRefusedError);
    const problems = (err as SyncRefusedError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect(p).toEqual({ path: expect.any(String), field: expect.any(String), message: expect.any(String) });
    return problems;
  }

  /** A snapshot of everything the sync may write, to prove a refused run wrote nothing. */
  const snapshot = async () => ({
    experiments: await t.ds.query(
      'SELECT key, title, status, follow_up_days, updated_at, assignment_seed FROM experiment ORDER BY key',
    ),
    arms: await t.ds.query(
      'SELECT experiment_key, key, name, weight, is_control, position FROM experiment_arm ORDER BY experiment_key, position',
    ),
    gemeenten: await t.ds.query('SELECT * FROM experiment_gemeente ORDER BY 1, 2'),
    audit: await t.ds.query('SELECT count(*)::int AS n FROM audit_entry'),
  });

  it('reports the synced files as unchanged when nothing in them changed', async () => {
    const before = await snapshot();
    const result = await sync.syncDirectory(EXPERIMENTS_DIR);
    expect(result).toEqual({
      created: [],
      updated: [],
      unchanged: ['jumbo-bon-intake', 'klantkaarten', 'wekelijkse-coaching'],
    });
    expect(await snapshot()).toEqual(before); // no write, no audit entry
  });

  it('reports a copy of a file without status, written in any field order, as unchanged', async () => {
    const { status: _status, ...file } = realFile('klantkaarten');
    const reordered = Object.fromEntries(Object.entries(file).reverse());
    const result = await sync.syncDirectory(dirWith({ 'klantkaarten.yaml': reordered }));
    expect(result).toEqual({ created: [], updated: [], unchanged: ['klantkaarten'] });
  });

  it('creates a new experiment from a valid file, as draft unless the file says running, with an audit entry', async () => {
    const dir = dirWith({
      'snel-gesprek.yaml': newDefinition('snel-gesprek'),
      'direct-gestart.yaml': newDefinition('direct-gestart', { status: 'running' }),
    });
    const result = await sync.syncDirectory(dir);
    expect(result).toEqual({ created: ['direct-gestart', 'snel-gesprek'], updated: [], unchanged: [] });
    const rows = await t.ds.query(
      "SELECT key, status, source, follow_up_days AS f, planned_looks AS l FROM experiment WHERE key IN ('snel-gesprek', 'direct-gestart') ORDER BY key",
    );
    expect(rows).toEqual([
      { key: 'direct-gestart', status: 'running', source: 'file', f: 180, l: 4 },
      { key: 'snel-gesprek', status: 'draft', source: 'file', f: 180, l: 4 },
    ]);
    const audit = await t.ds.query(
      "SELECT actor, action FROM audit_entry WHERE entity = 'experiment' AND entity_id = 'snel-gesprek'",
    );
    expect(audit).toEqual([{ actor: 'system', action: 'sync_create' }]);
    // syncing it again changes nothing
    expect(await sync.syncDirectory(dir)).toEqual({
      created: [],
      updated: [],
      unchanged: ['direct-gestart', 'snel-gesprek'],
    });
  });

  it('refuses an invalid file with its path, field and reason, and applies NOTHING of the valid files in the same run', async () => {
    const before = await snapshot();
    const dir = dirWith({
      'a-geldig.yaml': newDefinition('a-geldig'),
      'klantkaarten.yaml': { ...realFile('klantkaarten'), title: 'Een nieuwe titel die niet mag landen' },
      'kapot.yaml': newDefinition('kapot', { design: 'coin_flip', expectedBaseline: 0.8, minimumEffect: 0.3 }),
    });
    const problems = await refusal(dir);
    const file = path.join(dir, 'kapot.yaml');
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: file, field: 'design', message: expect.stringContaining('individual_randomized') },
        { path: file, field: 'minimumEffect', message: expect.any(String) },
      ]),
    );
    expect(problems.every((p) => p.path === file)).toBe(true); // the valid files are not blamed
    expect(await snapshot()).toEqual(before);
    expect(await t.ds.query("SELECT 1 FROM experiment WHERE key IN ('a-geldig', 'kapot')")).toHaveLength(0);
  });

  it('refuses a file that is not valid YAML, with its path', async () => {
    const before = await snapshot();
    const dir = dirWith({ 'a-geldig.yaml': newDefinition('a-geldig'), 'stuk.yaml': 'key: stuk\narms: [ { key: a\n' });
    const problems = await refusal(dir);
    expect(problems).toEqual([{ path: path.join(dir, 'stuk.yaml'), field: '(yaml)', message: expect.any(String) }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file whose name differs from its key', async () => {
    const before = await snapshot();
    const dir = dirWith({ 'andere-naam.yaml': newDefinition('echte-key') });
    const problems = await refusal(dir);
    expect(problems).toEqual([
      { path: path.join(dir, 'andere-naam.yaml'), field: 'key', message: expect.stringContaining('echte-key.yaml') },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses two files with the same key', async () => {
    const before = await snapshot();
    const dir = dirWith({
      'dubbel.yaml': newDefinition('dubbel'),
      'dubbel.yml': newDefinition('dubbel', { title: 'Tweede versie' }),
    });
    const problems = await refusal(dir);
    expect(problems).toContainEqual({
      path: path.join(dir, 'dubbel.yml'),
      field: 'key',
      message: expect.stringContaining('dubbel'),
    });
    expect(await snapshot()).toEqual(before);
    expect(await t.ds.query("SELECT 1 FROM experiment WHERE key = 'dubbel'")).toHaveLength(0);
  });

  it('refuses an unknown gemeente and rolls back the files applied before it in the same run', async () => {
    const before = await snapshot();
    const dir = dirWith({
      'a-eerst.yaml': newDefinition('a-eerst'), // sorted first: written before the bad file is seen
      'klantkaarten.yaml': { ...realFile('klantkaarten'), followUpDays: 365 },
      'z-onbekend.yaml': newDefinition('z-onbekend', { gemeenten: ['hoogdijk', 'atlantis'] }),
    });
    const problems = await refusal(dir);
    expect(problems).toEqual([
      { path: path.join(dir, 'z-onbekend.yaml'), field: 'gemeenten', message: expect.stringContaining('atlantis') },
    ]);
    expect(await snapshot()).toEqual(before);
    expect(await t.ds.query("SELECT 1 FROM experiment WHERE key IN ('a-eerst', 'z-onbekend')")).toHaveLength(0);
  });

  it('refuses a gemeente listed twice as a file problem (path, field, reason), not a database error', async () => {
    const before = await snapshot();
    const dir = dirWith({
      'dubbele-gemeente.yaml': newDefinition('dubbele-gemeente', { gemeenten: ['hoogdijk', 'hoogdijk'] }),
    });
    const problems = await refusal(dir);
    expect(problems).toContainEqual({
      path: path.join(dir, 'dubbele-gemeente.yaml'),
      field: 'gemeenten',
      message: expect.any(String),
    });
    expect(await snapshot()).toEqual(before);
  });

  it('applies a change of arms while nobody is enrolled, keeping the assignment seed', async () => {
    const file = realFile('klantkaarten');
    const [seedBefore] = await t.ds.query("SELECT assignment_seed AS s FROM experiment WHERE key = 'klantkaarten'");
    const arms = [
      ...(file.arms as object[]),
      { key: 'klantkaarten_digitaal', name: 'Klantkaarten in de app', weight: 1 },
    ];
    const result = await sync.syncDirectory(dirWith({ 'klantkaarten.yaml': { ...file, arms } }));
    expect(result).toEqual({ created: [], updated: ['klantkaarten'], unchanged: [] });
    const rows = await t.ds.query(
      "SELECT key FROM experiment_arm WHERE experiment_key = 'klantkaarten' ORDER BY position",
    );
    expect(rows.map((r: { key: string }) => r.key)).toEqual(['controle', 'klantkaarten', 'klantkaarten_digitaal']);
    const [seedAfter] = await t.ds.query("SELECT assignment_seed AS s FROM experiment WHERE key = 'klantkaarten'");
    expect(seedAfter.s).toBe(seedBefore.s);
    const [audit] = await t.ds.query(
      "SELECT actor, action, before, after FROM audit_entry WHERE entity = 'experiment' AND entity_id = 'klantkaarten' ORDER BY id DESC LIMIT 1",
    );
    expect(audit).toMatchObject({ actor: 'system', action: 'sync' });
    expect(audit.before.arms).toHaveLength(2);
    expect(audit.after.arms).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain(seedBefore.s);
  });

  it('never changes the arms of an experiment with enrolments, but applies other plan changes', async () => {
    const enrol = await t.http
      .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
      .set(await t.auth('medewerker-lindewaard'))
      .send({ gemeente: 'lindewaard', participantRef: 'S-1', enrolledOn: '2026-01-05' });
    expect(enrol.status).toBe(201);

    const file = realFile('wekelijkse-coaching');
    const before = await snapshot();
    const changes: [string, Record<string, unknown>][] = [
      [
        'an extra arm',
        { arms: [...(file.arms as object[]), { key: 'coaching_plus', name: 'Coaching en bon', weight: 1 }] },
      ],
      [
        'another weight',
        { arms: (file.arms as { weight: number }[]).map((a, i) => ({ ...a, weight: i === 1 ? 3 : a.weight })) },
      ],
      [
        'another control arm',
        { arms: (file.arms as { control?: boolean }[]).map((a, i) => ({ ...a, control: i === 1 })) },
      ],
      [
        'an arm replaced by another',
        {
          arms: [(file.arms as object[])[0], { key: 'coaching_nieuw', name: 'Nieuwe coaching', weight: 1 }],
          armCost: { controle: 6, coaching_nieuw: 14 },
          delivery: { coaching_nieuw: { kind: 'coachingsgesprek_gehouden', label: 'Gesprek', expected: 6 } },
        },
      ],
    ];
    for (const [name, change] of changes) {
      const dir = dirWith({ 'wekelijkse-coaching.yaml': { ...file, ...change } });
      const problems = await refusal(dir);
      expect({ name, problems }).toEqual({
        name,
        problems: [
          { path: path.join(dir, 'wekelijkse-coaching.yaml'), field: 'arms', message: expect.stringContaining('1') },
        ],
      });
    }
    expect(await snapshot()).toEqual(before);

    // renaming an arm and editing the title change no assignment: applied
    const renamed = (file.arms as { name: string }[]).map((a, i) =>
      i === 1 ? { ...a, name: 'Wekelijks gesprek' } : a,
    );
    const result = await sync.syncDirectory(
      dirWith({ 'wekelijkse-coaching.yaml': { ...file, title: 'Wekelijkse coaching (v2)', arms: renamed } }),
    );
    expect(result).toEqual({ created: [], updated: ['wekelijkse-coaching'], unchanged: [] });
    const arms = await t.ds.query(
      "SELECT key, name, weight FROM experiment_arm WHERE experiment_key = 'wekelijkse-coaching' ORDER BY position",
    );
    expect(arms).toEqual([
      { key: 'controle', name: expect.any(String), weight: 1 },
      { key: 'coaching', name: 'Wekelijks gesprek', weight: 1 },
    ]);
    const [row] = await t.ds.query("SELECT title, status FROM experiment WHERE key = 'wekelijkse-coaching'");
    expect(row).toEqual({ title: 'Wekelijkse coaching (v2)', status: 'running' });
    // the enrolment still points at its arm
    expect(await t.admin.query("SELECT arm_key FROM enrolment WHERE experiment_key = 'wekelijkse-coaching'")).toEqual([
      { arm_key: enrol.body.arm },
    ]);
  });

  it('leaves the lifecycle to the API: a file status does not overwrite a status set later', async () => {
    const pl = await t.auth('projectleider');
    expect((await t.http.patch('/api/v1/experiments/jumbo-bon-intake').set(pl).send({ status: 'paused' })).status).toBe(
      200,
    );
    const result = await sync.syncDirectory(
      dirWith({ 'jumbo-bon-intake.yaml': { ...realFile('jumbo-bon-intake'), title: 'Boodschappenbon (v2)' } }),
    );
    expect(result.updated).toEqual(['jumbo-bon-intake']);
    expect(await t.ds.query("SELECT title, status FROM experiment WHERE key = 'jumbo-bon-intake'")).toEqual([
      { title: 'Boodschappenbon (v2)', status: 'paused' },
    ]);
  });

  it('syncs an empty or missing directory as nothing', async () => {
    expect(await sync.syncDirectory(dirWith({}))).toEqual({ created: [], updated: [], unchanged: [] });
    expect(await sync.syncDirectory(path.join(os.tmpdir(), 'bestaat-echt-niet-lab'))).toEqual({
      created: [],
      updated: [],
      unchanged: [],
    });
  });
});
