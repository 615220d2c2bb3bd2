import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../helpers/app';

const G = 'medewerker-lindewaard';
const EVENTS_HEADER = 'gemeente;participant_ref;milestone;occurred_on;reason';

describe('file imports (contracts.md §2, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const upload = async (
    content: string | Buffer,
    kind: string,
    opts: { user?: string; dryRun?: boolean; name?: string; wait?: boolean } = {},
  ) => {
    let req = t.http
      .post('/api/v1/imports')
      .set(await t.auth(opts.user ?? G))
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), opts.name ?? `${kind}.csv`)
      .field('kind', kind);
    if (opts.dryRun) req = req.field('dryRun', 'true');
    if (opts.wait === false) req = req.field('wait', 'false');
    return req;
  };
  const count = async (sql: string) => (await t.admin.query(sql))[0].n as number;
  const eventCount = () => count('SELECT count(*)::int AS n FROM milestone_event');

  it('reads a ;-separated file with DD-MM-YYYY dates and mixed-case headers, and says what it did', async () => {
    const csv =
      'Gemeente;Participant_Ref;MILESTONE;Occurred_On;Reason\nlindewaard;IMP-1;aanmelding;05-01-2026;\nlindewaard;IMP-1;uitval;2026-02-01;zelf_ingetrokken\n';
    const res = await upload(csv, 'events');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ applied: true, rows: 2, created: 2, unchanged: 0, errors: [], status: 'applied' });
    const ev = await t.http.get('/api/v1/participants/lindewaard/IMP-1').set(await t.auth(G));
    expect(
      ev.body.events.map((e: { milestone: string; occurredOn: string }) => `${e.milestone}@${e.occurredOn}`),
    ).toEqual(['aanmelding@2026-01-05', 'uitval@2026-02-01']);
  });

  it('reads a ,-separated file with a BOM and quoted fields', async () => {
    const csv =
      '\uFEFFgemeente,participant_ref,milestone,occurred_on,reason\r\n"lindewaard","IMP-2","intake","2026-01-10",""\r\nlindewaard,"IMP-2",uitval,2026-03-01,"afgewezen"\r\n';
    const res = await upload(csv, 'events');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ applied: true, rows: 2, created: 2 });
  });

  it('reads an XLSX file with the same columns (real dates and text dates)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Export');
    ws.addRow(['Gemeente', 'Participant_ref', 'Milestone', 'Occurred_on', 'Reason']);
    ws.addRow(['lindewaard', 'IMP-3', 'aanmelding', new Date(Date.UTC(2026, 0, 7))]);
    ws.addRow(['lindewaard', 'IMP-3', 'intake', '20-01-2026']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(buf, 'events', { name: 'export.xlsx' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ applied: true, rows: 2, created: 2 });
    const [{ d }] = await t.admin.query(
      `SELECT to_char(e.occurred_on, 'YYYY-MM-DD') AS d FROM milestone_event e JOIN participant p ON p.id = e.participant_id WHERE p.participant_ref = 'IMP-3' AND e.milestone = 'aanmelding'`,
    );
    expect(d).toBe('2026-01-07');
  });

  it('changes nothing when the same file comes again, and says so', async () => {
    const csv = `${EVENTS_HEADER}\nlindewaard;IMP-4;aanmelding;2026-01-02;\nlindewaard;IMP-4;intake;2026-01-20;\nlindewaard;IMP-4;intake;2026-01-20;\n`;
    const first = await upload(csv, 'events');
    expect(first.body).toMatchObject({ applied: true, rows: 3, created: 2, unchanged: 1 });
    const before = await eventCount();
    const again = await upload(csv, 'events');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ applied: true, rows: 3, created: 0, unchanged: 3, sameFileAs: first.body.id });
    expect(again.body.message).toMatch(/Niets veranderd/);
    expect(await eventCount()).toBe(before);
    // rows already present inside another file: also nothing changes for them
    const overlap = await upload(
      `${EVENTS_HEADER}\nlindewaard;IMP-4;intake;20-01-2026;\nlindewaard;IMP-4;instroom_stabilisatie;2026-02-01;\n`,
      'events',
    );
    expect(overlap.body).toMatchObject({ applied: true, created: 1, unchanged: 1 });
  });

  it('dry run answers the same without writing', async () => {
    const before = await eventCount();
    const ok = await upload(`${EVENTS_HEADER}\nlindewaard;IMP-5;aanmelding;2026-01-02;\n`, 'events', { dryRun: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ applied: false, dryRun: true, status: 'checked', rows: 1, created: 1, errors: [] });
    const bad = await upload(`${EVENTS_HEADER}\nlindewaard;IMP-5;gewonnen;2026-01-02;\n`, 'events', { dryRun: true });
    expect(bad.body).toMatchObject({
      applied: false,
      status: 'refused',
      errors: [{ row: 2, column: 'milestone', value: 'gewonnen' }],
    });
    expect(await eventCount()).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM participant WHERE participant_ref = 'IMP-5'`)).toBe(0);
  });

  it.each([
    ['an unknown milestone', 'lindewaard;R-1;gewonnen;2026-01-02;', 'milestone', /Onbekende mijlpaal/],
    ['a date that is not a date', 'lindewaard;R-1;intake;31-02-2026;', 'occurred_on', /geen geldige datum/],
    ['a date in the future', 'lindewaard;R-1;intake;2099-01-01;', 'occurred_on', /toekomst/],
    ['uitval without a reason', 'lindewaard;R-1;uitval;2026-01-02;', 'reason', /reden/],
    ['a reason on another milestone', 'lindewaard;R-1;intake;2026-01-02;afgewezen', 'reason', /alleen bij uitval/],
    ['an unknown reason', 'lindewaard;R-1;uitval;2026-01-02;boos', 'reason', /Onbekende reden/],
    ['an empty participant_ref', 'lindewaard;;intake;2026-01-02;', 'participant_ref', /verplicht/],
    ['a participant_ref with spaces', 'lindewaard;R 1;intake;2026-01-02;', 'participant_ref', /eigen code/],
    ['an unknown gemeente', 'nergenshuizen;R-1;intake;2026-01-02;', 'gemeente', /niet bekend/],
    ['too many cells', 'lindewaard;R-1;intake;2026-01-02;;extra', null, /meer cellen/],
  ])('refuses %s with its row, column and a Dutch reason', async (_, line, column, message) => {
    const res = await upload(`${EVENTS_HEADER}\nlindewaard;R-0;aanmelding;2026-01-01;\n${line}\n`, 'events', {
      user: 'admin',
    });
    expect(res.status).toBe(400);
    expect(res.body.applied).toBe(false);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ row: 3, column, message: expect.stringMatching(message) }),
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM participant WHERE participant_ref IN ('R-0', 'R-1')`)).toBe(0);
  });

  it.each([
    [
      'a missing column',
      'gemeente;participant_ref;occurred_on\nlindewaard;R-2;2026-01-02',
      { row: 1, column: 'milestone', message: expect.stringMatching(/ontbreekt/) },
    ],
    [
      'an unknown column',
      `${EVENTS_HEADER};kleur\nlindewaard;R-2;intake;2026-01-02;;rood`,
      { row: 1, column: 'kleur', message: expect.stringMatching(/Onbekende kolom/) },
    ],
    [
      'a column twice',
      `${EVENTS_HEADER};Milestone\nlindewaard;R-2;intake;2026-01-02;;intake`,
      { row: 1, column: 'milestone', message: expect.stringMatching(/twee keer/) },
    ],
    ['an empty file', '', { row: 1, column: null, message: expect.stringMatching(/leeg/) }],
    [
      'an unclosed quote',
      `${EVENTS_HEADER}\nlindewaard;"R-2;intake;2026-01-02;\n`,
      { column: null, message: expect.stringMatching(/aanhalingsteken/) },
    ],
  ])('refuses %s', async (_, csv, problem) => {
    const res = await upload(csv, 'events');
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining(problem));
  });

  it('refuses a milestone already registered on another date, and the same milestone twice in one file', async () => {
    await upload(`${EVENTS_HEADER}\nlindewaard;R-3;intake;2026-01-10;\n`, 'events');
    const res = await upload(
      `${EVENTS_HEADER}\nlindewaard;R-3;intake;2026-01-11;\nlindewaard;R-4;intake;2026-01-10;\nlindewaard;R-4;intake;2026-01-12;\nlindewaard;R-4;heraanmelding;2026-02-01;\nlindewaard;R-4;heraanmelding;2026-03-01;\n`,
      'events',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'occurred_on',
        message: expect.stringMatching(/al geregistreerd op 2026-01-10/),
      }),
      expect.objectContaining({ row: 4, column: 'occurred_on', message: expect.stringMatching(/ook in rij 3/) }),
    ]);
  });

  it('is all or nothing: a bad row 9,999 of 10,000 leaves the database unchanged', async () => {
    const before = {
      events: await eventCount(),
      participants: await count('SELECT count(*)::int AS n FROM participant'),
    };
    const lines = [EVENTS_HEADER];
    for (let i = 1; i <= 10_000; i++)
      lines.push(
        i === 9_998
          ? `lindewaard;BULK-${i};intake;2026-13-01;`
          : `lindewaard;BULK-${i};aanmelding;2026-01-${String(1 + (i % 28)).padStart(2, '0')};`,
      );
    const res = await upload(lines.join('\n'), 'events');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      applied: false,
      rows: 10_000,
      errorCount: 1,
      errors: [{ row: 9_999, column: 'occurred_on', value: '2026-13-01' }],
    });
    expect(await eventCount()).toBe(before.events);
    expect(await count('SELECT count(*)::int AS n FROM participant')).toBe(before.participants);
    // fixed, the whole file goes in
    lines[9_998] = 'lindewaard;BULK-9998;intake;2026-01-13;';
    const fixed = await upload(lines.join('\n'), 'events');
    expect(fixed.body).toMatchObject({ applied: true, rows: 10_000, created: 10_000 });
  });

  describe('privacy guard', () => {
    it('refuses a valid BSN as a reference, and accepts a nine-digit number that fails the elfproef', async () => {
      const bsn = await upload(`${EVENTS_HEADER}\nlindewaard;111222333;intake;2026-01-02;\n`, 'events');
      expect(bsn.status).toBe(400);
      expect(bsn.body.errors).toEqual([
        expect.objectContaining({
          row: 2,
          column: 'participant_ref',
          value: '111222333',
          message: expect.stringMatching(/BSN/),
        }),
      ]);
      const ref = await upload(`${EVENTS_HEADER}\nlindewaard;123456789;intake;2026-01-02;\n`, 'events');
      expect(ref.status).toBe(201);
    });

    it.each([
      ['BSN', 'bsn', /BSN/],
      ['Achternaam', 'naam', /naam/],
      ['Adres', 'adres', /adres/],
      ['Telefoon', 'telefoon', /telefoonnummer/],
      ['E-mail', 'email', /e-mailadres/],
      ['IBAN', 'iban', /IBAN|rekeningnummer/],
    ])('refuses a column %s and says why', async (column, _, why) => {
      const res = await upload(`${EVENTS_HEADER};${column}\nlindewaard;P-1;intake;2026-01-02;;x\n`, 'events');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 1, column, message: expect.stringMatching(why) }),
      ]);
    });

    it.each([
      ['jan@example.nl', /e-mailadres/],
      ['0612345678', /telefoonnummer/],
      ['NL91ABNA0417164300', /IBAN/],
      ['Jan de Vries', /naam/],
      ['Dorpsstraat 12', /adres/],
    ])('refuses a value %s that looks like personal data', async (value, why) => {
      const res = await upload(`${EVENTS_HEADER}\nlindewaard;${value};intake;2026-01-02;\n`, 'events');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 2, column: 'participant_ref', value, message: expect.stringMatching(why) }),
      ]);
    });
  });

  it('keeps gemeenten apart: a gemeente user imports only their own rows', async () => {
    const res = await upload(
      `${EVENTS_HEADER}\nlindewaard;S-1;intake;2026-01-02;\nveenhoven;S-2;intake;2026-01-02;\n`,
      'events',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'gemeente',
        value: 'veenhoven',
        message: expect.stringMatching(/eigen gemeente/),
      }),
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM participant WHERE participant_ref IN ('S-1', 'S-2')`)).toBe(0);
    // the beheerder may import for any gemeente
    expect(
      (
        await upload(
          `${EVENTS_HEADER}\nlindewaard;S-1;intake;2026-01-02;\nveenhoven;S-2;intake;2026-01-02;\n`,
          'events',
          { user: 'admin' },
        )
      ).status,
    ).toBe(201);
    // the history: each gemeente sees only its own imports; a reviewer nothing
    const mine = await t.http.get('/api/v1/imports').set(await t.auth('medewerker-veenhoven'));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([]);
    expect((await t.http.get('/api/v1/imports').set(await t.auth('reviewer'))).status).toBe(403);
    expect((await upload(`${EVENTS_HEADER}\n`, 'events', { user: 'projectleider' })).status).toBe(403);
  });

  it('imports klantbeleving, and refuses scores out of range', async () => {
    const head =
      'gemeente;participant_ref;phase;measured_on;rapportcijfer;waardigheid;duidelijkheid;tempo;foutloos;financiele_rust;emotie';
    const ok = await upload(
      `${head}\nlindewaard;B-1;intake;2026-01-05;7;4;;;;;hoopvol\nlindewaard;B-1;overzicht;2026-02-05;;;3;;;;\n`,
      'beleving',
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ applied: true, created: 2 });
    const again = await upload(`${head}\nlindewaard;B-1;intake;2026-01-05;7;4;;;;;hoopvol\n`, 'beleving');
    expect(again.body).toMatchObject({ applied: true, created: 0, unchanged: 1 });
    // a participant new to the platform beside a measurement already stored: one new, one unchanged
    const mixed = await upload(
      `${head}\nlindewaard;B-3;intake;2026-01-07;6;;;;;;\nlindewaard;B-1;overzicht;2026-02-05;;;3;;;;\n`,
      'beleving',
    );
    expect(mixed.body).toMatchObject({ applied: true, created: 1, unchanged: 1 });
    const bad = await upload(
      `${head}\nlindewaard;B-2;intake;2026-01-05;11;;;0;;;blij\nlindewaard;B-2;intake;2026-01-06;;;;;;;\nlindewaard;B-1;intake;2026-01-05;8;;;;;;\n`,
      'beleving',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '2:rapportcijfer',
      '2:tempo',
      '2:emotie',
      '3:rapportcijfer',
      '4:measured_on',
    ]);
  });

  describe("enrolments through the API's own assignment", () => {
    const head = 'experiment;gemeente;participant_ref;enrolled_on;arm;klantprofiel;segment';

    it('assigns the arm for a platform experiment, and refuses an arm column value there', async () => {
      const res = await upload(
        `${head}\nwekelijkse-coaching;lindewaard;E-1;2026-02-01;;aanpakker;multi\n`,
        'enrolments',
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ applied: true, created: 1 });
      const api = await t.http
        .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
        .set(await t.auth(G))
        .send({ gemeente: 'lindewaard', participantRef: 'E-1', enrolledOn: '2026-02-01' });
      expect(api.status).toBe(200); // already enrolled by the import, same arm
      const again = await upload(
        `${head}\nwekelijkse-coaching;lindewaard;E-1;2026-02-01;;aanpakker;multi\n`,
        'enrolments',
      );
      expect(again.body).toMatchObject({ applied: true, created: 0, unchanged: 1 });
      const arm = await upload(`${head}\nwekelijkse-coaching;lindewaard;E-2;2026-02-01;coaching;;\n`, 'enrolments');
      expect(arm.status).toBe(400);
      expect(arm.body.errors).toEqual([
        expect.objectContaining({
          row: 2,
          column: 'arm',
          value: 'coaching',
          message: expect.stringMatching(/deelt het platform/),
        }),
      ]);
    });

    it('requires the arm for an external experiment', async () => {
      const pl = await t.auth('projectleider');
      const def = {
        key: 'import-extern',
        title: 'Extern toegewezen',
        hypothesis: 'Test van de import.',
        interventionPhase: 'overzicht',
        design: 'concurrent_control',
        allocation: 'external',
        randomization: 'hash',
        arms: [
          { key: 'controle', name: 'Controle', weight: 1, control: true },
          { key: 'nieuw', name: 'Nieuw', weight: 1 },
        ],
        primaryMetric: 'uitval',
        followUpDays: 180,
        gemeenten: ['lindewaard'],
        start: '2026-01-01',
        end: '2027-12-31',
      };
      expect((await t.http.post('/api/v1/experiments').set(pl).send(def)).status).toBe(201);
      expect((await t.http.patch('/api/v1/experiments/import-extern').set(pl).send({ status: 'running' })).status).toBe(
        200,
      );
      const missing = await upload(`${head}\nimport-extern;lindewaard;X-1;2026-02-01;;;\n`, 'enrolments');
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([
        expect.objectContaining({ row: 2, column: 'arm', message: expect.stringMatching(/kiest u zelf de groep/) }),
      ]);
      const ok = await upload(
        `${head}\nimport-extern;lindewaard;X-1;2026-02-01;nieuw;;\nimport-extern;lindewaard;X-2;2026-02-01;controle;;\n`,
        'enrolments',
      );
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ created: 2 });
      const other = await upload(`${head}\nimport-extern;lindewaard;X-1;2026-02-01;controle;;\n`, 'enrolments');
      expect(other.status).toBe(400);
      expect(other.body.errors[0]).toMatchObject({
        row: 2,
        column: 'arm',
        message: expect.stringMatching(/al ingeschreven/),
      });
    });

    it('refuses enrolments for another gemeente and leaves nothing of a refused file', async () => {
      const res = await upload(
        `${head}\nwekelijkse-coaching;lindewaard;E-3;2026-02-01;;;\nwekelijkse-coaching;veenhoven;E-4;2026-02-01;;;\n`,
        'enrolments',
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'gemeente', value: 'veenhoven' })]);
      expect(await count(`SELECT count(*)::int AS n FROM participant WHERE participant_ref IN ('E-3', 'E-4')`)).toBe(0);
    });
  });

  it('answers 202 with an id whose status and progress can be polled, and lists the history', async () => {
    const res = await upload(`${EVENTS_HEADER}\nlindewaard;POLL-1;aanmelding;2026-01-02;\n`, 'events', { wait: false });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
    expect(res.body).toMatchObject({ id: expect.any(String), kind: 'events', progress: expect.any(Number) });
    let job = res.body;
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.http.get(`/api/v1/imports/${res.body.id}`).set(await t.auth(G))).body;
    }
    expect(job).toMatchObject({ status: 'applied', progress: 1, rows: 1, created: 1, errors: [] });
    const list = await t.http.get('/api/v1/imports?kind=events').set(await t.auth(G));
    expect(Number(list.headers['x-total-count'])).toBeGreaterThan(5);
    expect(list.body[0]).toMatchObject({ id: res.body.id, fileName: 'events.csv', createdBy: G });
    expect((await t.http.get(`/api/v1/imports/${res.body.id}`).set(await t.auth('medewerker-veenhoven'))).status).toBe(
      404,
    );
  });

  it('refuses a request without a file or kind with a 400', async () => {
    const res = await t.http
      .post('/api/v1/imports')
      .set(await t.auth(G))
      .field('kind', 'koffie');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['file', 'kind']);
  });
});
