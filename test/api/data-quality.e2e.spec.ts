import { startTestApp, type TestApp } from '../helpers/app';

/** A crafted quarter (2026-Q1, judged up to 2026-03-31) whose figures are worked out by hand below. */
const EVENTS = `gemeente;participant_ref;milestone;occurred_on;reason
lindewaard;Q-1;aanmelding;2026-01-05;
lindewaard;Q-1;intake;2026-01-20;
lindewaard;Q-1;instroom_stabilisatie;2026-02-01;
lindewaard;Q-1;gereed_voor_schuldregeling;2026-03-01;
lindewaard;Q-2;aanmelding;2026-01-10;
lindewaard;Q-2;gereed_voor_schuldregeling;2026-01-15;
lindewaard;Q-2;intake;2026-02-01;
lindewaard;Q-3;intake;2026-01-03;
lindewaard;Q-3;aanmelding;2026-01-10;
lindewaard;Q-4;aanmelding;2026-01-02;
lindewaard;Q-4;uitval;2026-01-20;zelf_ingetrokken
lindewaard;Q-4;intake;2026-02-10;
lindewaard;Q-5;aanmelding;2026-01-04;
lindewaard;Q-5;uitval;2026-01-10;niet_verschenen
lindewaard;Q-5;heraanmelding;2026-02-01;
lindewaard;Q-5;intake;2026-02-15;
lindewaard;Q-6;aanmelding;2026-01-06;
lindewaard;Q-7;aanmelding;2026-03-20;
lindewaard;Q-8;aanmelding;2026-01-08;
lindewaard;Q-8;no_show;2026-01-20;
lindewaard;Q-9;aanmelding;2025-10-01;
`;

describe('data quality per gemeente and quarter (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const h = await t.auth('medewerker-lindewaard');
    const res = await t.http
      .post('/api/v1/imports')
      .set(h)
      .attach('file', Buffer.from(EVENTS), 'events.csv')
      .field('kind', 'events');
    expect(res.status).toBe(201);
    const bel = await t.http
      .post('/api/v1/participants/lindewaard/Q-1/beleving')
      .set(h)
      .send({ phase: 'intake', measuredOn: '2026-01-20', rapportcijfer: 7 });
    expect(bel.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the figures of a crafted dataset', async () => {
    const res = await t.http
      .get('/api/v1/data-quality?gemeente=lindewaard&quarter=2026-Q1')
      .set(await t.auth('medewerker-lindewaard'));
    expect(res.status).toBe(200);
    const q = res.body;
    expect(q).toMatchObject({ gemeente: 'lindewaard', quarter: '2026-Q1', asOf: '2026-03-31', participants: 8 }); // Q-9 was not active in Q1
    const m = Object.fromEntries(q.milestones.map((x: { milestone: string }) => [x.milestone, x]));
    expect(m.aanmelding).toEqual({ milestone: 'aanmelding', expected: 8, recorded: 8, completeness: 1 });
    expect(m.intake).toMatchObject({ expected: 5, recorded: 5, completeness: 1 });
    expect(m.instroom_stabilisatie).toMatchObject({ expected: 2, recorded: 1, completeness: 0.5 });
    expect(m.overzicht_gereed).toMatchObject({ expected: 2, recorded: 0, completeness: 0 });
    expect(m.gereed_voor_schuldregeling).toMatchObject({ expected: 2, recorded: 2, completeness: 1 });
    expect(m.akkoord_schuldregeling).toMatchObject({ expected: 0, recorded: 0, completeness: null });
    expect(q.impossibleOrder).toEqual({
      participants: 3,
      gereedBeforeIntake: 1,
      eventsBeforeAanmelding: 1,
      eventsAfterTerminal: 1,
    });
    expect(q.unregisteredNoShows).toEqual({ due: 7, count: 1 });
    const b = Object.fromEntries(q.beleving.map((x: { phase: string }) => [x.phase, x]));
    expect(b.aanmelding).toEqual({ phase: 'aanmelding', reached: 8, measured: 0, missing: 8 });
    expect(b.intake).toEqual({ phase: 'intake', reached: 5, measured: 1, missing: 4 });
    expect(b.overzicht).toEqual({ phase: 'overzicht', reached: 1, measured: 0, missing: 1 });
    // mean of [1, 1, 0.5, 0, 0, 1] (milestones), 5/8 (no impossible order), 6/7 (follow-up registered), 1/14 (beleving)
    expect(q.completenessScore).toBe(56);
    expect(q.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/gereed voor schuldregeling vóór hun intake/),
        expect.stringMatching(/niet geregistreerde no-shows/),
      ]),
    );
  });

  it('keeps gemeenten apart and checks the quarter', async () => {
    expect(
      (
        await t.http
          .get('/api/v1/data-quality?gemeente=lindewaard&quarter=2026-Q1')
          .set(await t.auth('medewerker-veenhoven'))
      ).status,
    ).toBe(403);
    const own = await t.http.get('/api/v1/data-quality?quarter=2026-Q1').set(await t.auth('medewerker-veenhoven'));
    expect(own.body).toMatchObject({ gemeente: 'veenhoven', participants: 0, completenessScore: null });
    const all = await t.http.get('/api/v1/data-quality?quarter=2026-Q1').set(await t.auth('projectleider'));
    expect(Array.isArray(all.body)).toBe(true);
    expect(all.body.find((g: { gemeente: string }) => g.gemeente === 'lindewaard').participants).toBe(8);
    expect((await t.http.get('/api/v1/data-quality?quarter=2026-Q7').set(await t.auth('projectleider'))).status).toBe(
      400,
    );
    expect((await t.http.get('/api/v1/data-quality?quarter=2099-Q1').set(await t.auth('projectleider'))).status).toBe(
      400,
    );
    expect((await t.http.get('/api/v1/data-quality?quarter=2026-Q1').set(await t.auth('reviewer'))).status).toBe(403);
  });
});
