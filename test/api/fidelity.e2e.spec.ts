import { runAsSystem, runWithDbContext } from '../../libs/db/src';
import { FidelityRepository } from '../../apps/api/src/fidelity/fidelity.repository';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Fidelity (issue 14, item 7): what each arm actually received. An experiment with its arms
 * chosen by the gemeente (allocation external), so every number below is worked out by hand.
 */
const KEY = 'fid-extern';
const DEFINITION = {
  key: KEY,
  title: 'Budgetcoach aan huis',
  hypothesis: 'Een budgetcoach aan huis verlaagt de uitval.',
  interventionPhase: 'overzicht',
  design: 'concurrent_control',
  allocation: 'external',
  randomization: 'hash',
  arms: [
    { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
    { key: 'coach', name: 'Budgetcoach aan huis', weight: 1 },
  ],
  primaryMetric: 'uitval',
  followUpDays: 180,
  gemeenten: ['lindewaard', 'veenhoven'],
  start: '2026-01-01',
  end: '2027-12-31',
  delivery: {
    coach: { kind: 'coachgesprek_gehouden', label: 'Coachgesprek gehouden', expected: 3 },
    controle: { kind: 'folder_gegeven', label: 'Folder gegeven', expected: 1 },
  },
};

/** gemeente, participant, arm, enrolled on */
const ENROLMENTS: [string, string, string, string][] = [
  ['lindewaard', 'F-1', 'coach', '2026-02-01'],
  ['lindewaard', 'F-2', 'coach', '2026-02-01'],
  ['lindewaard', 'F-3', 'coach', '2026-02-01'],
  ['lindewaard', 'F-4', 'controle', '2026-02-01'],
  ['lindewaard', 'F-5', 'controle', '2026-02-01'],
  ['veenhoven', 'F-6', 'coach', '2026-02-01'],
  ['veenhoven', 'F-7', 'controle', '2026-02-01'],
  ['veenhoven', 'F-8', 'coach', '2026-06-01'], // enrolled after the asOf of the counts below
];

/** participant, kind, delivered on */
const DELIVERIES: [string, string, string][] = [
  ['F-1', 'coachgesprek_gehouden', '2026-02-05'],
  ['F-1', 'coachgesprek_gehouden', '2026-02-12'],
  ['F-1', 'coachgesprek_gehouden', '2026-02-19'],
  ['F-1', 'coachgesprek_gehouden', '2026-05-20'], // after asOf
  ['F-2', 'coachgesprek_gehouden', '2026-02-10'],
  ['F-4', 'folder_gegeven', '2026-02-02'],
  ['F-5', 'coachgesprek_gehouden', '2026-03-01'], // contamination: control got the coach
  ['F-5', 'folder_gegeven', '2026-03-01'],
  ['F-6', 'coachgesprek_gehouden', '2026-02-03'],
  ['F-6', 'coachgesprek_gehouden', '2026-02-04'],
  ['F-7', 'coachgesprek_gehouden', '2026-02-03'], // contamination
];

describe('fidelity: deliveries per enrolment (real PostgreSQL)', () => {
  let t: TestApp;
  let repo: FidelityRepository;
  beforeAll(async () => {
    t = await startTestApp();
    repo = t.app.get(FidelityRepository);
    const pl = await t.auth('projectleider');
    expect((await t.http.post('/api/v1/experiments').set(pl).send(DEFINITION)).status).toBe(201);
    expect((await t.http.patch(`/api/v1/experiments/${KEY}`).set(pl).send({ status: 'running' })).status).toBe(200);
    for (const [gemeente, participantRef, arm, enrolledOn] of ENROLMENTS) {
      const res = await t.http
        .post(`/api/v1/experiments/${KEY}/enrolments`)
        .set(await t.auth(`medewerker-${gemeente}`))
        .send({ gemeente, participantRef, arm, enrolledOn });
      expect(res.status).toBe(201);
    }
    const user = (await t.admin.query("SELECT id FROM app_user WHERE username = 'medewerker-lindewaard'"))[0].id;
    for (const [ref, kind, on] of DELIVERIES)
      await t.admin.query(
        `INSERT INTO intervention_delivery (participant_id, experiment_key, kind, delivered_on, source, recorded_by)
         SELECT p.id, $1, $3, $4, 'api', $5 FROM participant p WHERE p.participant_ref = $2`,
        [KEY, ref, kind, on, user],
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('returns the definition with its delivery per arm, frozen in the plan at start', async () => {
    const res = await t.http.get(`/api/v1/experiments/${KEY}`).set(await t.auth('projectleider'));
    expect(res.body.delivery).toEqual(DEFINITION.delivery);
    const [{ plan }] = await t.admin.query('SELECT plan FROM plan_version WHERE experiment_key = $1 AND version = 1', [
      KEY,
    ]);
    expect(plan.delivery).toEqual(DEFINITION.delivery);
  });

  it('countsPerEnrolment: own-arm deliveries and other arms’ deliveries up to asOf, per enrolment', async () => {
    const rows = await runAsSystem(() => repo.countsPerEnrolment(KEY, '2026-04-30'));
    expect(rows.map((r) => [r.participantRef, r.arm, r.kind, r.expected, r.delivered, r.otherArmDelivered])).toEqual([
      ['F-1', 'coach', 'coachgesprek_gehouden', 3, 3, 0],
      ['F-2', 'coach', 'coachgesprek_gehouden', 3, 1, 0],
      ['F-3', 'coach', 'coachgesprek_gehouden', 3, 0, 0],
      ['F-4', 'controle', 'folder_gegeven', 1, 1, 0],
      ['F-5', 'controle', 'folder_gegeven', 1, 1, 1],
      ['F-6', 'coach', 'coachgesprek_gehouden', 3, 2, 0],
      ['F-7', 'controle', 'folder_gegeven', 1, 0, 1],
    ]);
    expect(rows[0]).toMatchObject({
      gemeente: 'lindewaard',
      enrolledOn: '2026-02-01',
      enrolmentId: expect.any(String),
    });
    const later = await runAsSystem(() => repo.countsPerEnrolment(KEY, '2026-06-30'));
    expect(later.find((r) => r.participantRef === 'F-1')!.delivered).toBe(4);
    expect(later.find((r) => r.participantRef === 'F-8')!.delivered).toBe(0);
  });

  it('results: per arm enrolled, received, as often as expected, median and contamination, worked out by hand', async () => {
    const res = await t.http
      .get(`/api/v1/experiments/${KEY}/results?asOf=2026-04-30`)
      .set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    // coach (expected 3): F-1 3, F-2 1, F-3 0, F-6 2 (F-8 enrolled after asOf) → received 3 of 4,
    // as expected 1, median of 0,1,2,3 = 1.5 (R: median(c(0,1,2,3)) = 1.5).
    // controle (folder, expected 1): F-4 1, F-5 1, F-7 0 → received 2 of 3, median of 0,1,1 = 1;
    // F-5 and F-7 got the coach (another arm's intervention).
    expect(res.body.fidelity).toEqual({
      note: expect.stringMatching(/intention to treat/),
      arms: [
        {
          arm: 'controle',
          kind: 'folder_gegeven',
          label: 'Folder gegeven',
          expected: 1,
          enrolled: 3,
          received: 2,
          share: 2 / 3,
          receivedAsExpected: 2,
          shareAsExpected: 2 / 3,
          medianReceived: 1,
          contaminated: 2,
          contaminatedByKind: { coachgesprek_gehouden: 2 },
        },
        {
          arm: 'coach',
          kind: 'coachgesprek_gehouden',
          label: 'Coachgesprek gehouden',
          expected: 3,
          enrolled: 4,
          received: 3,
          share: 0.75,
          receivedAsExpected: 1,
          shareAsExpected: 0.25,
          medianReceived: 1.5,
          contaminated: 0,
          contaminatedByKind: {},
        },
      ],
    });
    // one gemeente's participants only: veenhoven has F-6 (coach, 2) and F-7 (controle, 0, got the coach)
    const vh = await t.http
      .get(`/api/v1/experiments/${KEY}/results?asOf=2026-04-30`)
      .set(await t.auth('medewerker-veenhoven'));
    expect(vh.status).toBe(200);
    expect(
      vh.body.fidelity.arms.map((a: { enrolled: number; received: number; contaminated: number }) => [
        a.enrolled,
        a.received,
        a.contaminated,
      ]),
    ).toEqual([
      [1, 0, 1],
      [1, 1, 0],
    ]);
  });

  it('a gemeente context sees its own enrolments only (row-level security); `gemeente` narrows for the system', async () => {
    const own = await runWithDbContext({ role: 'gemeente', gemeente: 'veenhoven' }, () =>
      repo.countsPerEnrolment(KEY, '2026-06-30'),
    );
    expect(own.map((r) => r.participantRef)).toEqual(['F-6', 'F-7', 'F-8']);
    const narrowed = await runAsSystem(() => repo.countsPerEnrolment(KEY, '2026-06-30', { gemeente: 'lindewaard' }));
    expect(narrowed.map((r) => r.participantRef)).toEqual(['F-1', 'F-2', 'F-3', 'F-4', 'F-5']);
    const reviewer = await runWithDbContext({ role: 'reviewer', gemeente: null }, () =>
      repo.countsPerEnrolment(KEY, '2026-06-30'),
    );
    expect(reviewer).toEqual([]);
  });
});

describe('fidelity: recording a delivery by API (real PostgreSQL)', () => {
  let t: TestApp;
  const L = '/api/v1/participants/lindewaard';
  let lw: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp();
    const pl = await t.auth('projectleider');
    expect((await t.http.post('/api/v1/experiments').set(pl).send(DEFINITION)).status).toBe(201);
    expect((await t.http.patch(`/api/v1/experiments/${KEY}`).set(pl).send({ status: 'running' })).status).toBe(200);
    lw = await t.auth('medewerker-lindewaard');
    for (const [participantRef, arm] of [
      ['A-1', 'coach'],
      ['A-2', 'controle'],
    ])
      expect(
        (
          await t.http
            .post(`/api/v1/experiments/${KEY}/enrolments`)
            .set(lw)
            .send({ gemeente: 'lindewaard', participantRef, arm, enrolledOn: '2026-02-01' })
        ).status,
      ).toBe(201);
    // A-3 exists in lindewaard (a milestone) but is not enrolled in this experiment
    await t.http.post(`${L}/A-3/events`).set(lw).send({ milestone: 'aanmelding', occurredOn: '2026-02-01' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (ref: string, body: object, h = lw, base = L) =>
    t.http.post(`${base}/${ref}/deliveries`).set(h).send(body);
  const coach = { experiment: KEY, kind: 'coachgesprek_gehouden', deliveredOn: '2026-02-10' };

  it('records a delivery (201) with its arm, label, source and author; the same again changes nothing (200)', async () => {
    const first = await post('A-1', { ...coach, source: 'hand' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: expect.any(String),
      experiment: KEY,
      kind: 'coachgesprek_gehouden',
      label: 'Coachgesprek gehouden',
      arm: 'coach',
      otherArm: false,
      deliveredOn: '2026-02-10',
      source: 'hand',
      current: true,
      supersedes: null,
      recordedBy: 'medewerker-lindewaard',
    });
    const again = await post('A-1', coach);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const second = await post('A-1', { ...coach, deliveredOn: '2026-02-17' });
    expect(second.status).toBe(201);
    expect(second.body.source).toBe('api'); // the default
    const [{ n, gemeente }] = await t.admin.query(
      "SELECT count(*)::int AS n, min(gemeente_code) AS gemeente FROM intervention_delivery WHERE kind = 'coachgesprek_gehouden'",
    );
    expect([n, gemeente]).toEqual([2, 'lindewaard']);
    const audit = await t.admin.query(
      "SELECT actor, entity FROM audit_entry WHERE action = 'record_delivery' ORDER BY seq",
    );
    expect(audit).toEqual([
      { actor: 'medewerker-lindewaard', entity: 'intervention_delivery' },
      { actor: 'medewerker-lindewaard', entity: 'intervention_delivery' },
    ]);
  });

  it("accepts another arm's kind (a control participant got the coach) and marks it otherArm (contamination)", async () => {
    const res = await post('A-2', coach);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ arm: 'coach', otherArm: true });
  });

  it.each([
    ['an unknown kind', { ...coach, kind: 'bon_uitgereikt' }, 'kind', 'delivery.kind_unknown'],
    [
      'a date before the enrolment',
      { ...coach, deliveredOn: '2026-01-31' },
      'deliveredOn',
      'delivery.before_enrolment',
    ],
    ['a date in the future', { ...coach, deliveredOn: '2999-01-01' }, 'deliveredOn', undefined],
    ['an impossible date', { ...coach, deliveredOn: '2026-02-30' }, 'deliveredOn', undefined],
    [
      'an experiment the participant is not in',
      { ...coach, experiment: 'wekelijkse-coaching' },
      'experiment',
      'delivery.not_enrolled',
    ],
    ['an unknown experiment', { ...coach, experiment: 'bestaat-niet' }, 'experiment', 'delivery.not_enrolled'],
    ['a kind with capitals', { ...coach, kind: 'Coach' }, 'kind', undefined],
    ['source import (only imports say so)', { ...coach, source: 'import' }, 'source', undefined],
    ['a correction without reason', { ...coach, supersedes: '1' }, 'correctionReason', undefined],
    ['retract without supersedes', { ...coach, retract: true }, 'supersedes', 'participant.supersedes_invalid'],
  ])('refuses %s with 400, the field and a reason', async (_name, body, field, code) => {
    const res = await post('A-1', body);
    expect(res.status).toBe(400);
    const problem = res.body.errors.find((e: { field: string }) => e.field === field);
    expect(problem).toMatchObject({ field, message: expect.stringMatching(/\w{4,}/) });
    if (code) expect(res.body.code).toBe(code);
  });

  it('refuses a participant who is not enrolled (400) or unknown (404), another gemeente (403) and a reviewer (403)', async () => {
    const notIn = await post('A-3', coach);
    expect(notIn.status).toBe(400);
    expect(notIn.body).toMatchObject({
      code: 'delivery.not_enrolled',
      errors: [expect.objectContaining({ field: 'experiment' })],
    });
    expect((await post('NIEMAND', coach)).status).toBe(404);
    expect((await post('A-1', coach, await t.auth('medewerker-veenhoven'))).status).toBe(403);
    expect((await post('A-1', coach, await t.auth('reviewer'))).status).toBe(403);
    expect((await post('A-1', coach, await t.auth('projectleider'))).status).toBe(403);
    expect((await post('A-1', coach, await t.auth('admin'))).status).toBe(200); // a beheerder may, for every gemeente
  });

  it('corrects a delivery (supersedes + reason) and withdraws one (retract); the timeline shows the history', async () => {
    const wrong = await post('A-1', { ...coach, deliveredOn: '2026-03-03' });
    expect(wrong.status).toBe(201);
    const fix = await post('A-1', {
      ...coach,
      deliveredOn: '2026-03-04',
      supersedes: wrong.body.id,
      correctionReason: 'Verkeerde dag',
    });
    expect(fix.status).toBe(201);
    expect(fix.body).toMatchObject({ supersedes: wrong.body.id, correctionReason: 'Verkeerde dag', current: true });
    const twice = await post('A-1', { ...coach, supersedes: wrong.body.id, correctionReason: 'nog eens' });
    expect(twice.status).toBe(409);
    const gone = await post('A-1', {
      ...coach,
      deliveredOn: '2026-03-04',
      supersedes: fix.body.id,
      correctionReason: 'Gesprek ging niet door',
      retract: true,
    });
    expect(gone.status).toBe(201);
    expect(gone.body).toMatchObject({ retracted: true, current: false });
    const timeline = await t.http.get(`${L}/A-1`).set(lw);
    expect(timeline.status).toBe(200);
    const current = timeline.body.deliveries.filter((d: { current: boolean }) => d.current);
    expect(current.map((d: { deliveredOn: string }) => d.deliveredOn)).toEqual(['2026-02-10', '2026-02-17']);
    expect(timeline.body.deliveries).toHaveLength(5);
    expect(timeline.body.deliveryKinds).toEqual(
      expect.arrayContaining([
        {
          experiment: KEY,
          arm: 'coach',
          kind: 'coachgesprek_gehouden',
          label: 'Coachgesprek gehouden',
          expected: 3,
          ownArm: true,
        },
        {
          experiment: KEY,
          arm: 'controle',
          kind: 'folder_gegeven',
          label: 'Folder gegeven',
          expected: 1,
          ownArm: false,
        },
      ]),
    );
    const rows = await runAsSystem(() => t.app.get(FidelityRepository).countsPerEnrolment(KEY, '2026-12-31'));
    expect(rows.find((r) => r.participantRef === 'A-1')!.delivered).toBe(2);
  });

  it('keeps deliveries apart per gemeente (row-level security) and cannot be changed by the app role (append-only)', async () => {
    const vh = await t.auth('medewerker-veenhoven');
    expect((await t.http.get(`${L}/A-1`).set(vh)).status).toBe(403);
    const seen = await runWithDbContext({ role: 'gemeente', gemeente: 'veenhoven' }, () =>
      t.ds.query('SELECT count(*)::int AS n FROM intervention_delivery'),
    );
    expect(seen[0].n).toBe(0);
    const own = await runWithDbContext({ role: 'gemeente', gemeente: 'lindewaard' }, () =>
      t.ds.query('SELECT count(*)::int AS n FROM intervention_delivery'),
    );
    expect(own[0].n).toBeGreaterThan(0);
    const update = await runAsSystem(() =>
      t.ds.query("UPDATE intervention_delivery SET delivered_on = '2026-02-11'").then(
        () => 'changed',
        (e: { code?: string }) => e.code,
      ),
    );
    expect(update).toBe('42501'); // insufficient_privilege
    // a gemeente context cannot write a row of another gemeente's participant
    const [{ id }] = await t.admin.query("SELECT id FROM participant WHERE participant_ref = 'A-1'");
    const foreign = await runWithDbContext({ role: 'gemeente', gemeente: 'veenhoven' }, () =>
      t.ds
        .query(
          `INSERT INTO intervention_delivery (participant_id, experiment_key, kind, delivered_on, source)
           VALUES ($1, $2, 'folder_gegeven', '2026-03-01', 'api')`,
          [id, KEY],
        )
        .then(
          () => 'written',
          (e: { code?: string }) => e.code ?? 'refused',
        ),
    );
    expect(foreign).toBe('42501'); // the row-level security policy refuses it
  });

  it('goes into the AVG export and goes with the participant on erasure', async () => {
    const admin = await t.auth('admin');
    const exp = await t.http.get(`${L}/A-2/export`).set(admin);
    expect(exp.status).toBe(200);
    expect(exp.body.deliveries).toEqual([expect.objectContaining({ kind: 'coachgesprek_gehouden', experiment: KEY })]);
    expect((await t.http.delete(`${L}/A-2`).set(admin)).status).toBe(200);
    const [{ n }] = await t.admin.query(
      "SELECT count(*)::int AS n FROM intervention_delivery d JOIN participant p ON p.id = d.participant_id WHERE p.participant_ref = 'A-2'",
    );
    expect(n).toBe(0);
    const [{ left }] = await t.admin.query(
      "SELECT count(*)::int AS left FROM intervention_delivery WHERE supersedes_id IS NULL AND kind = 'folder_gegeven'",
    );
    expect(left).toBe(0);
  });
});

describe('fidelity: importing deliveries (kind deliveries, real PostgreSQL)', () => {
  let t: TestApp;
  const HEAD = 'gemeente;participant_ref;experiment;kind;delivered_on';
  beforeAll(async () => {
    t = await startTestApp();
    const pl = await t.auth('projectleider');
    expect((await t.http.post('/api/v1/experiments').set(pl).send(DEFINITION)).status).toBe(201);
    expect((await t.http.patch(`/api/v1/experiments/${KEY}`).set(pl).send({ status: 'running' })).status).toBe(200);
    for (const [gemeente, participantRef, arm] of [
      ['lindewaard', 'I-1', 'coach'],
      ['lindewaard', 'I-2', 'controle'],
      ['veenhoven', 'I-3', 'coach'],
    ])
      expect(
        (
          await t.http
            .post(`/api/v1/experiments/${KEY}/enrolments`)
            .set(await t.auth(`medewerker-${gemeente}`))
            .send({ gemeente, participantRef, arm, enrolledOn: '2026-02-01' })
        ).status,
      ).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (csv: string, user = 'medewerker-lindewaard') =>
    t.http
      .post('/api/v1/imports')
      .set(await t.auth(user))
      .attach('file', Buffer.from(csv, 'utf8'), 'leveringen.csv')
      .field('kind', 'deliveries');
  const stored = async () =>
    (
      await t.admin.query(
        `SELECT p.participant_ref AS ref, d.kind, to_char(d.delivered_on, 'YYYY-MM-DD') AS on, d.source, d.import_job_id IS NOT NULL AS job
         FROM intervention_delivery d JOIN participant p ON p.id = d.participant_id ORDER BY 1, 3, 2`,
      )
    ).map((r: { ref: string; kind: string; on: string; source: string; job: boolean }) => Object.values(r).join(' '));

  it('imports deliveries (another arm’s kind too), says what it did, and the same file again changes nothing', async () => {
    const csv = `${HEAD}\nlindewaard;I-1;${KEY};coachgesprek_gehouden;2026-02-05\nlindewaard;I-1;${KEY};coachgesprek_gehouden;12-02-2026\nlindewaard;I-2;${KEY};coachgesprek_gehouden;2026-02-06\nlindewaard;I-1;${KEY};coachgesprek_gehouden;2026-02-05\n`;
    const res = await upload(csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ applied: true, rows: 4, created: 3, unchanged: 1, errors: [] });
    expect(await stored()).toEqual([
      'I-1 coachgesprek_gehouden 2026-02-05 import true',
      'I-1 coachgesprek_gehouden 2026-02-12 import true',
      'I-2 coachgesprek_gehouden 2026-02-06 import true',
    ]);
    const again = await upload(csv);
    expect(again.body).toMatchObject({ applied: true, created: 0, unchanged: 4 });
  });

  it('refuses the whole file with row, column and reason for each bad row, and writes nothing', async () => {
    const before = await stored();
    const csv = [
      HEAD,
      `lindewaard;I-1;${KEY};bon_uitgereikt;2026-02-05`, // 2: unknown kind
      `lindewaard;I-1;${KEY};coachgesprek_gehouden;2026-01-05`, // 3: before enrolment
      `lindewaard;I-1;${KEY};coachgesprek_gehouden;2999-01-01`, // 4: future
      `lindewaard;NIEMAND;${KEY};coachgesprek_gehouden;2026-02-05`, // 5: unknown participant
      `lindewaard;I-1;wekelijkse-coaching;coachgesprek_gehouden;2026-02-05`, // 6: not enrolled
      `veenhoven;I-3;${KEY};coachgesprek_gehouden;2026-02-05`, // 7: another gemeente
      `lindewaard;I-1;${KEY};folder_gegeven;2026-03-01`, // 8: fine on its own
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(400);
    expect(
      res.body.errors
        .map((e: { row: number; column: string }) => [e.row, e.column])
        .sort((a: [number], b: [number]) => a[0] - b[0]),
    ).toEqual([
      [2, 'kind'],
      [3, 'delivered_on'],
      [4, 'delivered_on'],
      [5, 'participant_ref'],
      [6, 'experiment'],
      [7, 'gemeente'],
    ]);
    for (const e of res.body.errors) expect(e.message).toMatch(/\w{4,}/);
    expect(await stored()).toEqual(before);
  });

  it('counts imported deliveries in the results', async () => {
    const res = await t.http
      .get(`/api/v1/experiments/${KEY}/results?asOf=2026-04-30`)
      .set(await t.auth('projectleider'));
    const coach = res.body.fidelity.arms.find((a: { arm: string }) => a.arm === 'coach');
    // I-1: 2 talks, I-3: none → received 1 of 2, median of 0 and 2 = 1
    expect(coach).toMatchObject({ enrolled: 2, received: 1, receivedAsExpected: 0, medianReceived: 1 });
    const control = res.body.fidelity.arms.find((a: { arm: string }) => a.arm === 'controle');
    expect(control).toMatchObject({ enrolled: 1, received: 0, contaminated: 1 });
  });
});
