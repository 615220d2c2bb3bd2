import { startTestApp, type TestApp } from '../helpers/app';

describe('aggregate funnel submissions and the sector funnel (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = [
    { step: 'aanmeldingen', value: 100, tag: 'bron' },
    { step: 'intakes', value: 120, tag: 'samengesteld' },
    { step: 'gereed', value: 30, tag: 'schatting' },
    { step: 'uitval', reason: 'zelf_ingetrokken', value: 8, tag: 'bron' },
    { step: 'uitval', reason: 'afgewezen', value: 4, tag: 'bron' },
    { step: 'caseload_fte', value: '4,5', tag: 'bron' },
  ];

  it('stores a submission, warns when a later step exceeds an earlier one, and changes nothing the second time', async () => {
    const h = await t.auth('medewerker-veenhoven');
    const res = await t.http
      .post('/api/v1/funnel/submissions')
      .set(h)
      .send({ gemeente: 'veenhoven', quarter: '2026-Q2', counts });
    expect(res.status).toBe(201);
    expect(res.body.changed).toBe(true);
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Intakes \(120\) is meer dan aanmeldingen \(100\)/),
        expect.stringMatching(/Geschat \(schatting\): gereed/),
      ]),
    );
    const again = await t.http
      .post('/api/v1/funnel/submissions')
      .set(h)
      .send({ gemeente: 'veenhoven', quarter: '2026-Q2', counts });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
    const list = await t.http.get('/api/v1/funnel/submissions?quarter=2026-Q2').set(h);
    expect(list.body).toHaveLength(6);
    expect(list.body.find((c: { step: string }) => c.step === 'caseload_fte').value).toBe(4.5);
  });

  it('refuses what is impossible in itself, every problem at once', async () => {
    const res = await t.http
      .post('/api/v1/funnel/submissions')
      .set(await t.auth('admin'))
      .send({
        gemeente: 'veenhoven',
        quarter: '2099-Q1',
        counts: [
          { step: 'koffie', value: 1, tag: 'bron' },
          { step: 'intakes', value: -3, tag: 'gok' },
          { step: 'gereed', value: 2.5, tag: 'bron' },
          { step: 'intakes', reason: 'afgewezen', value: 1, tag: 'bron' },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'quarter',
      'counts[0].step',
      'counts[1].tag',
      'counts[1].value',
      'counts[2].value',
      'counts[3].reason',
    ]);
    expect(res.body.errors[0].code).toBe('quarter.not_started');
  });

  it('keeps gemeenten apart', async () => {
    const res = await t.http
      .post('/api/v1/funnel/submissions')
      .set(await t.auth('medewerker-lindewaard'))
      .send({ gemeente: 'veenhoven', quarter: '2026-Q2', counts });
    expect(res.status).toBe(403);
    expect(
      (await t.http.get('/api/v1/funnel/submissions?gemeente=veenhoven').set(await t.auth('medewerker-lindewaard')))
        .status,
    ).toBe(403);
  });

  it('imports the funnel file format of docs/formats.md', async () => {
    const csv =
      'Gemeente;Kwartaal;Stap;Reden;Aantal;Herkomst\nlindewaard;2026-Q2;aanmeldingen;;80;bron\nlindewaard;2026-Q2;intakes;;75;bron\nlindewaard;2026-Q2;instroom_stabilisatie;;90;samengesteld\nlindewaard;2026-Q2;caseload_fte;;3,2;schatting\n';
    const res = await t.http
      .post('/api/v1/imports')
      .set(await t.auth('medewerker-lindewaard'))
      .attach('file', Buffer.from(csv), 'trechter.csv')
      .field('kind', 'funnel');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ applied: true, rows: 4, created: 4 });
    expect(res.body.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/Instroom stabilisatie \(90\) is meer dan intakes \(75\)/)]),
    );
    const bad = await t.http
      .post('/api/v1/imports')
      .set(await t.auth('medewerker-lindewaard'))
      .attach(
        'file',
        Buffer.from('gemeente;kwartaal;stap;aantal;herkomst\nlindewaard;2026-Q2;gereed;veel;bron\n'),
        'x.csv',
      )
      .field('kind', 'funnel');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'aantal', value: 'veel' })]);
  });

  it('builds the sector funnel: submissions with their tags, participant-level data marked as such', async () => {
    const h = await t.auth('admin');
    for (const [ref, m, d] of [
      ['F-1', 'aanmelding', '2026-04-02'],
      ['F-1', 'intake', '2026-04-20'],
      ['F-2', 'aanmelding', '2026-05-02'],
    ]) {
      expect(
        (
          await t.http
            .post(`/api/v1/participants/oosterkamp/${ref}/events`)
            .set(h)
            .send({ milestone: m, occurredOn: d })
        ).status,
      ).toBe(201);
    }
    const res = await t.http.get('/api/v1/funnel/sector?quarter=2026-Q2').set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    const step = (s: string) => res.body.steps.find((x: { step: string }) => x.step === s);
    expect(step('aanmeldingen')).toEqual({
      step: 'aanmeldingen',
      value: 182,
      byTag: { deelnemers: 2, bron: 180, samengesteld: 0, schatting: 0 },
    });
    expect(step('intakes')).toEqual({
      step: 'intakes',
      value: 196,
      byTag: { deelnemers: 1, bron: 75, samengesteld: 120, schatting: 0 },
    });
    expect(step('uitval').value).toBe(12);
    expect(step('caseload_fte').value).toBeCloseTo(7.7);
    expect(res.body.uitvalByReason).toEqual([
      { reason: 'afgewezen', value: 4 },
      { reason: 'zelf_ingetrokken', value: 8 },
    ]);
    expect(res.body.gemeenten.map((g: { gemeente: string; source: string }) => `${g.gemeente}:${g.source}`)).toEqual([
      'lindewaard:aggregaat',
      'oosterkamp:deelnemers',
      'veenhoven:aggregaat',
    ]);
    expect(res.body.note).toMatch(/nooit voor de vergelijking van experimenten/);
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^veenhoven: Intakes/)]));
    expect(
      (await t.http.get('/api/v1/funnel/sector?quarter=2026-Q2').set(await t.auth('medewerker-lindewaard'))).status,
    ).toBe(403);
  });

  it('counts andere oplossing as a step, from participant data and from a submission alike', async () => {
    const h = await t.auth('admin');
    for (const [m, d] of [
      ['aanmelding', '2026-02-01'],
      ['andere_oplossing', '2026-02-10'],
    ])
      expect(
        (await t.http.post('/api/v1/participants/oosterkamp/F-9/events').set(h).send({ milestone: m, occurredOn: d }))
          .status,
      ).toBe(201);
    const submitted = await t.http
      .post('/api/v1/funnel/submissions')
      .set(h)
      .send({
        gemeente: 'brederwijk',
        quarter: '2026-Q1',
        counts: [
          { step: 'aanmeldingen', value: 10, tag: 'bron' },
          { step: 'andere_oplossing', value: 3, tag: 'bron' },
        ],
      });
    expect(submitted.status).toBe(201);
    const res = await t.http.get('/api/v1/funnel/sector?quarter=2026-Q1').set(await t.auth('projectleider'));
    expect(res.body.steps.find((x: { step: string }) => x.step === 'andere_oplossing')).toEqual({
      step: 'andere_oplossing',
      value: 4,
      byTag: { deelnemers: 1, bron: 3, samengesteld: 0, schatting: 0 },
    });
  });
});
