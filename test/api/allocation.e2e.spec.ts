import { allocateClusters, generateSequence, steppedWedgeSchedule } from '../../libs/assignment/src';
import { startTestApp, type TestApp } from '../helpers/app';
import { validDefinition } from '../helpers/builders';

/**
 * Allocation designs over HTTP against real PostgreSQL (issue 5): concealed permuted blocks under
 * 100 simultaneous enrolments, no response leaking a future slot, cluster and stepped-wedge
 * allocations reproducible from the revealed seed, historical controls, the allocation log,
 * monitoring, and the lifecycle refusals.
 */

const ARMS = [
  { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
  { key: 'interventie', name: 'Nieuwe werkwijze', weight: 1 },
];

const definition = (key: string, overrides: Record<string, unknown> = {}) =>
  validDefinition(key, {
    title: `Proef ${key}`,
    hypothesis: 'De nieuwe werkwijze verlaagt de uitval.',
    randomization: 'permuted_blocks',
    arms: ARMS,
    start: '2025-01-01',
    end: '2026-12-31',
    ...overrides,
  });

/** Every key path of a JSON value. */
function keyPaths(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${at}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...keyPaths(v, `${at}.${k}`)]);
  return [];
}

describe('allocation designs (real PostgreSQL)', () => {
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

  const create = async (key: string, overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/api/v1/experiments').set(pl).send(definition(key, overrides));
    expect({ key, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({
      key,
      status: 201,
      body: undefined,
    });
  };
  const start = (key: string) => t.http.patch(`/api/v1/experiments/${key}`).set(pl).send({ status: 'running' });
  const enrol = (key: string, gemeente: string, ref: string, enrolledOn = '2026-03-02', headers = admin) =>
    t.http
      .post(`/api/v1/experiments/${key}/enrolments`)
      .set(headers)
      .send({ gemeente, participantRef: ref, enrolledOn });

  describe('permuted blocks', () => {
    let futureCount = 0;
    let ms = 0;

    it('refuses enrolment in a draft (409) and generates nothing before the start', async () => {
      await create('blokken');
      expect((await enrol('blokken', 'lindewaard', 'B-0')).status).toBe(409);
      expect(await t.admin.query("SELECT 1 FROM allocation_stratum WHERE experiment_key = 'blokken'")).toHaveLength(0);
      expect((await start('blokken')).status).toBe(200);
      const strata = await t.admin.query(
        "SELECT stratum, next_position AS n, generated_slots AS g FROM allocation_stratum WHERE experiment_key = 'blokken' ORDER BY stratum",
      );
      expect(strata.map((s: { stratum: string }) => s.stratum)).toEqual(['lindewaard', 'veenhoven']);
      expect(strata.every((s: { n: number; g: number }) => s.n === 1 && s.g >= 100)).toBe(true);
    });

    it('gives 100 simultaneous HTTP enrolments in one stratum 100 distinct consecutive slots: no duplicate, no gap', async () => {
      const headers = await t.auth('medewerker-lindewaard');
      const t0 = Date.now();
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => enrol('blokken', 'lindewaard', `B-${i + 1}`, '2026-03-02', headers)),
      );
      ms = Date.now() - t0;
      expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
      const taken = await t.admin.query(
        `SELECT s.position, s.arm_key AS arm, n.arm_key AS "enrolledArm", s.block_index AS block FROM allocation_slot s
         JOIN allocation_stratum st ON st.id = s.stratum_id JOIN enrolment n ON n.id = s.enrolment_id
         WHERE st.experiment_key = 'blokken' AND st.stratum = 'lindewaard' ORDER BY s.position`,
      );
      expect(taken.map((r: { position: number }) => r.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(taken.every((r: { arm: string; enrolledArm: string }) => r.arm === r.enrolledArm)).toBe(true);
      const [{ n }] = await t.admin.query(
        "SELECT next_position AS n FROM allocation_stratum WHERE experiment_key = 'blokken' AND stratum = 'lindewaard'",
      );
      expect(n).toBe(101);
      const log = await t.admin.query(
        "SELECT slot_position AS slot FROM allocation_log WHERE experiment_key = 'blokken' ORDER BY slot_position",
      );
      expect(log.map((r: { slot: number }) => r.slot)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      // Block balance: after every completed block the arms are exactly equal.
      const blocks = new Map<number, string[]>();
      for (const r of taken) blocks.set(r.block, [...(blocks.get(r.block) ?? []), r.arm]);
      const all = await t.admin.query(
        `SELECT block_index AS block, count(*)::int AS size FROM allocation_slot s JOIN allocation_stratum st ON st.id = s.stratum_id
         WHERE st.experiment_key = 'blokken' AND st.stratum = 'lindewaard' GROUP BY 1`,
      );
      let complete = 0;
      for (const { block, size } of all) {
        const arms = blocks.get(block) ?? [];
        if (arms.length === size) {
          complete++;
          expect(arms.filter((a) => a === 'controle').length).toBe(size / 2);
        }
      }
      expect(complete).toBeGreaterThanOrEqual(14);
      futureCount = (
        await t.admin.query(
          `SELECT count(*)::int AS n FROM allocation_slot s JOIN allocation_stratum st ON st.id = s.stratum_id WHERE st.experiment_key = 'blokken' AND s.enrolment_id IS NULL`,
        )
      )[0].n;
      expect(futureCount).toBeGreaterThan(0);
      console.log(`100 simultaneous enrolments in one stratum: ${ms} ms`);
    });

    it('answers a repeat with the stored arm and takes no second slot', async () => {
      const first = await t.admin.query(
        "SELECT n.arm_key AS arm FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE n.experiment_key = 'blokken' AND p.participant_ref = 'B-7'",
      );
      const again = await enrol('blokken', 'lindewaard', 'B-7');
      expect(again.status).toBe(200);
      expect(again.body.arm).toBe(first[0].arm);
      const [{ n }] = await t.admin.query(
        "SELECT next_position AS n FROM allocation_stratum WHERE experiment_key = 'blokken' AND stratum = 'lindewaard'",
      );
      expect(n).toBe(101);
    });

    it('leaks no future slot in any API response, to any role', async () => {
      const gets: [string, { Authorization: string }][] = [];
      for (const who of [admin, pl, lindewaard]) {
        for (const p of ['', '/plan', '/monitoring', '/enrolments?perPage=1000'])
          gets.push([`/api/v1/experiments/blokken${p}`, who]);
      }
      gets.push(
        ['/api/v1/experiments', pl],
        ['/api/v1/experiments/blokken/allocation-log', admin],
        ['/api/v1/experiments/blokken/allocation/reproduce', admin],
      );
      const forbidden = /slots|sequence|future|upcoming|next|block/i;
      for (const [url, who] of gets) {
        const res = await t.http.get(url).set(who);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect({ url, keys: keyPaths(res.body).filter((k) => forbidden.test(k.split('.').pop()!)) }).toEqual({
          url,
          keys: [],
        });
        // Any slot number shown belongs to a taken slot.
        const slots = keyPaths(res.body).filter((k) => /\.slot$/.test(k));
        for (const path of slots) {
          const v = path
            .split(/\.|\[|\]/)
            .filter(Boolean)
            .slice(1)
            .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], res.body);
          expect(v === null || (typeof v === 'number' && v <= 100)).toBe(true);
        }
      }
      // The enrolment answer itself: exactly the contract's fields.
      const fresh = await enrol('blokken', 'veenhoven', 'V-1', '2026-03-02', await t.auth('medewerker-veenhoven'));
      expect(Object.keys(fresh.body).sort()).toEqual(['arm', 'enrolledOn', 'gemeente', 'participantRef']);
      // CSV export: one row per taken slot.
      const csv = await t.http.get('/api/v1/experiments/blokken/allocation-log?format=csv').set(admin);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text.trim().split(/\r\n/);
      expect(lines[0]).toBe('seq,loggedAt,enrolledBy,gemeente,participantRef,method,stratum,slot,arm,enrolledOn');
      expect(lines).toHaveLength(1 + 101);
      // A refusal says nothing about the next arm either.
      expect((await t.http.patch('/api/v1/experiments/blokken').set(pl).send({ status: 'paused' })).status).toBe(200);
      const refused = await enrol('blokken', 'lindewaard', 'B-999');
      expect(refused.status).toBe(409);
      // the problem details (RFC 9457) and the coded message, nothing more
      expect(Object.keys(refused.body).sort()).toEqual([
        'code',
        'detail',
        'message',
        'status',
        'statusCode',
        'title',
        'type',
      ]);
      expect(refused.body.code).toBe('enrolment.not_running');
      expect((await t.http.patch('/api/v1/experiments/blokken').set(pl).send({ status: 'running' })).status).toBe(200);
    });

    it('keeps the log, the seed and the reproduction for a beheerder only', async () => {
      for (const p of ['allocation-log', 'allocation-log?format=csv', 'allocation-seed', 'allocation/reproduce']) {
        for (const who of [pl, lindewaard, await t.auth('reviewer')]) {
          expect({ p, status: (await t.http.get(`/api/v1/experiments/blokken/${p}`).set(who)).status }).toEqual({
            p,
            status: 403,
          });
        }
      }
    });

    it('is reproducible from the revealed seed: the log equals the regenerated sequence, and the reveal is audited', async () => {
      const seed = await t.http.get('/api/v1/experiments/blokken/allocation-seed').set(admin);
      expect(seed.status).toBe(200);
      expect(seed.body).toMatchObject({
        method: 'permuted_blocks',
        blockSizes: [4, 6],
        allocationSeed: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const log = (await t.http.get('/api/v1/experiments/blokken/allocation-log').set(admin)).body
        .filter((r: { stratum: string }) => r.stratum === 'lindewaard')
        .sort((a: { slot: number }, b: { slot: number }) => a.slot - b.slot);
      const again = generateSequence(seed.body.allocationSeed, 'lindewaard', ARMS, 100).slice(0, 100);
      expect(log.map((r: { arm: string }) => r.arm)).toEqual(again.map((s) => s.arm));
      const check = await t.http.get('/api/v1/experiments/blokken/allocation/reproduce').set(admin);
      expect(check.body).toMatchObject({ reproducible: true, mismatches: 0 });
      expect(check.body.compared).toBeGreaterThanOrEqual(200);
      const [audit] = await t.admin.query(
        "SELECT actor, action FROM audit_entry WHERE entity = 'allocation' AND entity_id = 'blokken' ORDER BY id DESC LIMIT 1",
      );
      expect(audit).toEqual({ actor: 'admin', action: 'reveal_seed' });
      // The seed is in no audit entry and no experiment answer.
      expect(
        JSON.stringify(await t.admin.query("SELECT before, after FROM audit_entry WHERE entity_id LIKE 'blokken%'")),
      ).not.toContain(seed.body.allocationSeed);
      expect(JSON.stringify((await t.http.get('/api/v1/experiments/blokken').set(admin)).body)).not.toContain(
        seed.body.allocationSeed,
      );
    });

    it('shows monitoring on the experiment: no SRM and no drift beyond the block size', async () => {
      const res = await t.http.get('/api/v1/experiments/blokken').set(pl);
      expect(res.body.monitoring).toMatchObject({
        applicable: true,
        enrolled: 101,
        flagged: false,
        srm: { mismatch: false },
      });
      const stratum = res.body.monitoring.strata.find((s: { stratum: string }) => s.stratum === 'lindewaard');
      expect(stratum.threshold).toBe(6);
      expect(stratum.drift).toBeLessThanOrEqual(6);
      const own = await t.http.get('/api/v1/experiments/blokken/monitoring').set(lindewaard);
      expect(own.body.strata.map((s: { gemeente: string }) => s.gemeente)).toEqual(['lindewaard']);
    });
  });

  describe('cluster and stepped wedge', () => {
    it('allocates whole gemeenten, balanced by size in pairs, reproducibly from the seed', async () => {
      const gemeenten = ['lindewaard', 'veenhoven', 'oosterkamp', 'brederwijk'];
      await create('clusters', { design: 'cluster_randomized', randomization: 'hash', gemeenten, balanceBySize: true });
      expect((await start('clusters')).status).toBe(200);
      const seed = (await t.http.get('/api/v1/experiments/clusters/allocation-seed').set(admin)).body.allocationSeed;
      const sizes = await t.admin.query('SELECT code, inwoners AS size FROM gemeente WHERE code = ANY($1)', [
        gemeenten,
      ]);
      const expected = allocateClusters({ seed, clusters: sizes, arms: ARMS, balanceBySize: true });
      for (const c of expected) {
        const r = await enrol('clusters', c.code, `C-${c.code}`);
        expect({ g: c.code, status: r.status, arm: r.body.arm }).toEqual({ g: c.code, status: 201, arm: c.arm });
        // every enrolment of a gemeente takes its arm
        expect((await enrol('clusters', c.code, `C2-${c.code}`, '2026-05-05')).body.arm).toBe(c.arm);
      }
      // pairs by size: the two largest (oosterkamp, veenhoven) are split, and so are the two smallest
      const arm = new Map(expected.map((c) => [c.code, c.arm]));
      expect(arm.get('oosterkamp')).not.toBe(arm.get('veenhoven'));
      expect(arm.get('lindewaard')).not.toBe(arm.get('brederwijk'));
      expect((await t.http.get('/api/v1/experiments/clusters/allocation/reproduce').set(admin)).body).toMatchObject({
        reproducible: true,
        compared: 4,
      });
      expect((await t.http.get('/api/v1/experiments/clusters').set(pl)).body.monitoring.applicable).toBe(false);
    });

    it('gives a stepped-wedge enrolment the arm of its gemeente at its date, reproducibly from the seed', async () => {
      const gemeenten = ['lindewaard', 'veenhoven', 'oosterkamp'];
      await create('trapsgewijs', {
        design: 'stepped_wedge',
        randomization: 'hash',
        gemeenten,
        start: '2025-01-01',
        end: '2026-04-30',
      });
      expect((await start('trapsgewijs')).status).toBe(200);
      const seed = (await t.http.get('/api/v1/experiments/trapsgewijs/allocation-seed').set(admin)).body.allocationSeed;
      const schedule = steppedWedgeSchedule({ seed, clusters: gemeenten, start: '2025-01-01', end: '2026-04-30' });
      for (const s of schedule) {
        const before = await enrol('trapsgewijs', s.code, `W-${s.code}-voor`, '2025-01-02');
        const after = await enrol('trapsgewijs', s.code, `W-${s.code}-na`, s.crossoverOn);
        expect([s.code, before.body.arm, after.body.arm]).toEqual([s.code, 'controle', 'interventie']);
      }
      expect(new Set(schedule.map((s) => s.crossoverOn)).size).toBe(3);
      expect((await t.http.get('/api/v1/experiments/trapsgewijs/allocation/reproduce').set(admin)).body).toMatchObject({
        reproducible: true,
        compared: 3,
      });
    });

    it('refuses to start a stepped wedge without an end date, or a cluster design with fewer gemeenten than arms (409)', async () => {
      await create('wig-zonder-einde', { design: 'stepped_wedge', randomization: 'hash', end: undefined });
      const res = await start('wig-zonder-einde');
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/einddatum/);
      await create('een-cluster', { design: 'cluster_randomized', randomization: 'hash', gemeenten: ['lindewaard'] });
      expect((await start('een-cluster')).status).toBe(409);
      const rows = await t.admin.query(
        "SELECT key, status FROM experiment WHERE key IN ('wig-zonder-einde', 'een-cluster') ORDER BY key",
      );
      expect(rows).toEqual([
        { key: 'een-cluster', status: 'draft' },
        { key: 'wig-zonder-einde', status: 'draft' },
      ]);
      expect(
        await t.admin.query("SELECT 1 FROM allocation_run WHERE experiment_key IN ('wig-zonder-einde', 'een-cluster')"),
      ).toHaveLength(0);
    });
  });

  describe('historical control', () => {
    it('takes the arm from the 0-meting or 1-meting period and refuses a date in neither (400)', async () => {
      const periods = {
        lindewaard: {
          nulmeting: { start: '2025-01-01', end: '2025-06-30' },
          eenmeting: { start: '2025-09-01', end: '2026-06-30' },
        },
        veenhoven: {
          nulmeting: { start: '2025-03-01', end: '2025-12-31' },
          eenmeting: { start: '2026-01-01', end: '2026-10-31' },
        },
      };
      await create('voor-en-na', { design: 'historical_control', randomization: 'hash', periods });
      expect((await t.http.get('/api/v1/experiments/voor-en-na').set(pl)).body.periods).toEqual(periods);
      expect((await start('voor-en-na')).status).toBe(200);
      expect((await enrol('voor-en-na', 'lindewaard', 'H-1', '2025-02-01')).body.arm).toBe('controle');
      expect((await enrol('voor-en-na', 'lindewaard', 'H-2', '2025-10-01')).body.arm).toBe('interventie');
      expect((await enrol('voor-en-na', 'veenhoven', 'H-3', '2025-10-01')).body.arm).toBe('controle');
      const gap = await enrol('voor-en-na', 'lindewaard', 'H-4', '2025-07-15');
      expect(gap.status).toBe(400);
      expect(gap.body.errors[0].field).toBe('enrolledOn');
      expect(await t.admin.query("SELECT 1 FROM participant WHERE participant_ref = 'H-4'")).toHaveLength(0);
    });

    it('refuses periods of a gemeente that does not take part, or overlapping periods (400), and starting without periods (409)', async () => {
      const bad = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(
          definition('slechte-perioden', {
            design: 'historical_control',
            randomization: 'hash',
            periods: {
              atlantis: {
                nulmeting: { start: '2025-01-01', end: '2025-06-30' },
                eenmeting: { start: '2025-07-01', end: '2025-12-31' },
              },
              lindewaard: {
                nulmeting: { start: '2025-01-01', end: '2025-06-30' },
                eenmeting: { start: '2025-06-01', end: '2025-12-31' },
              },
            },
          }),
        );
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'periods.atlantis',
        'periods.lindewaard.eenmeting',
      ]);
      await create('zonder-perioden', { design: 'historical_control', randomization: 'hash' });
      const res = await start('zonder-perioden');
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/lindewaard, veenhoven/);
    });
  });

  describe('monitoring', () => {
    it('flags a sample ratio mismatch (p < 0.001) and a stratum drifting beyond the block size', async () => {
      await create('scheef', { randomization: 'hash' });
      expect((await start('scheef')).status).toBe(200);
      // Enrolments written around the API (as a faulty import might): 40 controle, 10 interventie in lindewaard.
      await t.admin.query(`
        WITH p AS (INSERT INTO participant (gemeente_code, participant_ref) SELECT 'lindewaard', 'S-' || i FROM generate_series(1, 50) i RETURNING id, participant_ref)
        INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on)
        SELECT 'scheef', id, CASE WHEN substring(participant_ref from 3)::int <= 40 THEN 'controle' ELSE 'interventie' END, '2026-02-01' FROM p`);
      const res = await t.http.get('/api/v1/experiments/scheef').set(pl);
      expect(res.body.monitoring.srm.mismatch).toBe(true);
      expect(res.body.monitoring.srm.pValue).toBeLessThan(0.001);
      expect(res.body.monitoring.strata).toEqual([
        expect.objectContaining({ stratum: 'lindewaard', drift: 30, threshold: 6, flagged: true }),
      ]);
      expect(res.body.monitoring.flagged).toBe(true);
      expect(res.body.monitoring.warnings.length).toBe(2);
    });
  });
});
