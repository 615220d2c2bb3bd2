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
