import { startTestApp, type TestApp } from '../helpers/app';

const PATH = '/api/v1/experiments/wekelijkse-coaching/enrolments';
const G = 'medewerker-lindewaard';

describe('enrolment (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('assigns an arm (201) and returns the same arm on a repeat (200), never a new one', async () => {
    const body = { gemeente: 'lindewaard', participantRef: 'E-1', enrolledOn: '2026-02-03', klantprofiel: 'aanpakker' };
    const first = await t.http
      .post(PATH)
      .set(await t.auth(G))
      .send(body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      participantRef: 'E-1',
      gemeente: 'lindewaard',
      arm: expect.stringMatching(/^(controle|coaching)$/),
      enrolledOn: '2026-02-03',
    });
    const again = await t.http
      .post(PATH)
      .set(await t.auth('admin'))
      .send({ ...body, enrolledOn: '2026-02-10' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body); // the stored enrolment, date included
    const [{ n }] = await t.admin.query(
      "SELECT count(*)::int AS n FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE p.participant_ref = 'E-1'",
    );
    expect(n).toBe(1);
  });

  it('makes one row and one arm out of 20 simultaneous enrolments of one participant', async () => {
    const headers = await t.auth(G);
    const body = { gemeente: 'lindewaard', participantRef: 'E-race', enrolledOn: '2026-03-01' };
    const results = await Promise.all(Array.from({ length: 20 }, () => t.http.post(PATH).set(headers).send(body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.body.arm)).size).toBe(1);
    const [{ n }] = await t.admin.query(
      "SELECT count(*)::int AS n FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE p.participant_ref = 'E-race'",
    );
    expect(n).toBe(1);
  });

  it('gives different participants both arms (hash assignment is not constant)', async () => {
    const headers = await t.auth(G);
    const arms = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await t.http
        .post(PATH)
        .set(headers)
        .send({ gemeente: 'lindewaard', participantRef: `E-mix-${i}`, enrolledOn: '2026-03-02' });
      arms.add(r.body.arm);
    }
    expect([...arms].sort()).toEqual(['coaching', 'controle']);
  });

  it('refuses a gemeente user enrolling for another gemeente (403) and writes nothing', async () => {
    const res = await t.http
      .post(PATH)
      .set(await t.auth(G))
      .send({ gemeente: 'veenhoven', participantRef: 'E-x', enrolledOn: '2026-02-03' });
    expect(res.status).toBe(403);
    expect(await t.admin.query("SELECT 1 FROM participant WHERE participant_ref = 'E-x'")).toHaveLength(0);
  });

  it('answers 404 for an unknown experiment or gemeente', async () => {
    const admin = await t.auth('admin');
    expect(
      (
        await t.http
          .post('/api/v1/experiments/bestaat-niet/enrolments')
          .set(admin)
          .send({ gemeente: 'lindewaard', participantRef: 'E-2', enrolledOn: '2026-02-03' })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.http
          .post(PATH)
          .set(admin)
          .send({ gemeente: 'nergenshuizen', participantRef: 'E-2', enrolledOn: '2026-02-03' })
      ).status,
    ).toBe(404);
  });

  it('lists every problem of a bad request as a 400 with field and reason', async () => {
    const res = await t.http
      .post(PATH)
      .set(await t.auth(G))
      .send({ gemeente: 'lindewaard', participantRef: '', enrolledOn: '2026-13-01', klantprofiel: 'held', extra: 1 });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['enrolledOn', 'extra', 'klantprofiel', 'participantRef']);
    expect(res.body.errors.every((e: { message: string }) => e.message.length > 5)).toBe(true);
  });

  it('refuses a date in the future, a BSN as reference, an arm for a platform experiment, a date before the start', async () => {
    const h = await t.auth(G);
    const future = await t.http
      .post(PATH)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'E-3', enrolledOn: '2099-01-01' });
    expect(future.body.errors).toEqual([{ field: 'enrolledOn', message: 'Deze datum ligt in de toekomst.' }]);
    // 111222333 passes the elfproef: 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3−1·3 = 66 = 6·11
    const bsn = await t.http
      .post(PATH)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: '111222333', enrolledOn: '2026-01-05' });
    expect(bsn.status).toBe(400);
    expect(bsn.body.errors[0]).toEqual({ field: 'participantRef', message: expect.stringContaining('BSN') });
    const arm = await t.http
      .post(PATH)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'E-4', enrolledOn: '2026-01-05', arm: 'coaching' });
    expect(arm.status).toBe(400);
    expect(arm.body.errors[0].field).toBe('arm');
    const early = await t.http
      .post(PATH)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'E-5', enrolledOn: '2024-01-05' });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('enrolledOn');
    expect(
      await t.admin.query("SELECT 1 FROM participant WHERE participant_ref IN ('E-3', '111222333', 'E-4', 'E-5')"),
    ).toHaveLength(0);
  });

  it('enrols only while the experiment is running (409 otherwise)', async () => {
    const pl = await t.auth('projectleider');
    expect(
      (await t.http.patch('/api/v1/experiments/wekelijkse-coaching').set(pl).send({ status: 'paused' })).status,
    ).toBe(200);
    const paused = await t.http
      .post(PATH)
      .set(await t.auth(G))
      .send({ gemeente: 'lindewaard', participantRef: 'E-6', enrolledOn: '2026-02-03' });
    expect(paused.status).toBe(409);
    expect(
      (await t.http.patch('/api/v1/experiments/wekelijkse-coaching').set(pl).send({ status: 'running' })).status,
    ).toBe(200);
    expect(
      (
        await t.http
          .post(PATH)
          .set(await t.auth(G))
          .send({ gemeente: 'lindewaard', participantRef: 'E-6', enrolledOn: '2026-02-03' })
      ).status,
    ).toBe(201);
  });

  it('validates the arm of an external-allocation experiment and refuses a second, different arm (409)', async () => {
    const pl = await t.auth('projectleider');
    // klantkaarten is a draft that starts in 2027: move its start into the past, then start it.
    expect(
      (await t.http.patch('/api/v1/experiments/klantkaarten').set(pl).send({ start: '2026-01-01', status: 'running' }))
        .status,
    ).toBe(200);
    const p = '/api/v1/experiments/klantkaarten/enrolments';
    const h = await t.auth(G);
    const missing = await t.http
      .post(p)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'K-1', enrolledOn: '2026-02-03' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('arm');
    const arms = (await t.http.get('/api/v1/experiments/klantkaarten').set(h)).body.arms.map(
      (a: { key: string }) => a.key,
    );
    const unknown = await t.http
      .post(p)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'K-1', enrolledOn: '2026-02-03', arm: 'bestaat_niet' });
    expect(unknown.status).toBe(400);
    const ok = await t.http
      .post(p)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'K-1', enrolledOn: '2026-02-03', arm: arms[1] });
    expect(ok.status).toBe(201);
    expect(ok.body.arm).toBe(arms[1]);
    expect(
      (
        await t.http
          .post(p)
          .set(h)
          .send({ gemeente: 'lindewaard', participantRef: 'K-1', enrolledOn: '2026-02-03', arm: arms[1] })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.http
          .post(p)
          .set(h)
          .send({ gemeente: 'lindewaard', participantRef: 'K-1', enrolledOn: '2026-02-03', arm: arms[0] })
      ).status,
    ).toBe(409);
  });

  it('pages the list with X-Total-Count and shows a gemeente user only their own gemeente', async () => {
    await t.http
      .post(PATH)
      .set(await t.auth('medewerker-veenhoven'))
      .send({ gemeente: 'veenhoven', participantRef: 'V-1', enrolledOn: '2026-02-03' });
    const all = await t.http.get(`${PATH}?perPage=5`).set(await t.auth('projectleider'));
    expect(all.status).toBe(200);
    const total = Number(all.headers['x-total-count']);
    expect(total).toBeGreaterThan(30);
    expect(all.body).toHaveLength(5);
    const page2 = await t.http.get(`${PATH}?perPage=5&page=2`).set(await t.auth('projectleider'));
    expect(page2.body.map((e: { participantRef: string }) => e.participantRef)).not.toContain(
      all.body[0].participantRef,
    );
    const own = await t.http.get(`${PATH}?perPage=1000`).set(await t.auth(G));
    expect(own.body.every((e: { gemeente: string }) => e.gemeente === 'lindewaard')).toBe(true);
    expect(Number(own.headers['x-total-count'])).toBe(total - 1);
    expect((await t.http.get(`${PATH}?gemeente=veenhoven`).set(await t.auth(G))).status).toBe(403);
    expect((await t.http.get(`${PATH}?perPage=0`).set(await t.auth(G))).status).toBe(400);
  });

  it('sorts the list on a named field, either way, and refuses another field (issue 16)', async () => {
    const pl = await t.auth('projectleider');
    const refs = async (q: string) =>
      (await t.http.get(`${PATH}?perPage=1000&${q}`).set(pl)).body.map(
        (e: { participantRef: string }) => e.participantRef,
      );
    const asc = await refs('sort=participantRef&order=ASC');
    expect(asc.length).toBeGreaterThan(2);
    expect(asc).toEqual([...asc].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(await refs('sort=participantRef&order=DESC')).toEqual([...asc].reverse());
    const byDate = (await t.http.get(`${PATH}?perPage=1000&sort=enrolledOn&order=ASC`).set(pl)).body.map(
      (e: { enrolledOn: string }) => e.enrolledOn,
    );
    expect(byDate).toEqual([...byDate].sort());
    const bad = await t.http.get(`${PATH}?sort=participant_ref;DROP`).set(pl);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['sort']);
  });

  it('never shows the secret assignment seed', async () => {
    const res = await t.http.get('/api/v1/experiments/wekelijkse-coaching').set(await t.auth('admin'));
    const [{ seed }] = await t.admin.query(
      "SELECT assignment_seed AS seed FROM experiment WHERE key = 'wekelijkse-coaching'",
    );
    expect(JSON.stringify(res.body)).not.toContain(seed);
    expect(res.body.assignmentSeed).toBeUndefined();
  });
});
