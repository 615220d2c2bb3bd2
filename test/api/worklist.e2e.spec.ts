import { addDays, todayIso, type WorklistResult, type WorklistRow } from '../../libs/domain/src';
import { WorklistService } from '../../apps/api/src/worklist/worklist.service';
import { runWithDbContext, SYSTEM_CONTEXT } from '../../libs/db/src';
import { startTestApp, type TestApp } from '../helpers/app';
import { validDefinition } from '../helpers/builders';

/**
 * The worklist (issue 16) on crafted participants whose dates are set relative to today, one or
 * two per rule, each just inside and just outside its limit (60 days by default, an experiment's
 * own pace, 14 days for a client link, 28 days for an intake), and tenant isolation.
 */
const today = todayIso();
const ago = (n: number) => addDays(today, -n);

const G = 'medewerker-lindewaard';

describe('worklist (real PostgreSQL)', () => {
  let t: TestApp;
  let list: WorklistResult;
  const rowsOf = (ref: string) => list.rows.filter((r) => r.participantRef === ref);
  const row = (ref: string, reason: WorklistRow['reason']) => rowsOf(ref).find((r) => r.reason === reason);

  beforeAll(async () => {
    t = await startTestApp();
    const pl = await t.auth('projectleider');
    const h = await t.auth(G);
    const window = { start: ago(400), end: addDays(today, 400) };
    for (const [key, extra] of [
      ['werklijst-tempo', {}],
      ['werklijst-snel', { expectedPaceDays: 20 }],
    ] as const) {
      const created = await t.http
        .post('/api/v1/experiments')
        .set(pl)
        .send(validDefinition(key, { ...window, ...extra }));
      expect(created.status).toBe(201);
      expect((await t.http.patch(`/api/v1/experiments/${key}`).set(pl).send({ status: 'running' })).status).toBe(200);
    }
    const enrol = async (key: string, gemeente: string, ref: string, on: string, as = h) => {
      const res = await t.http
        .post(`/api/v1/experiments/${key}/enrolments`)
        .set(as)
        .send({ gemeente, participantRef: ref, enrolledOn: on });
      expect(res.status).toBe(201);
    };
    await enrol('werklijst-tempo', 'lindewaard', 'W-TEMPO-OUD', ago(200));
    await enrol('werklijst-tempo', 'lindewaard', 'W-TEMPO-OK', ago(200));
    await enrol('werklijst-tempo', 'lindewaard', 'W-TEMPO-EINDE', ago(200));
    await enrol('werklijst-tempo', 'lindewaard', 'W-TEMPO-LEEG', ago(61));
    await enrol('werklijst-tempo', 'lindewaard', 'W-TEMPO-AKKOORD', ago(300));
    await enrol('werklijst-snel', 'lindewaard', 'W-SNEL', ago(100));
    await enrol('werklijst-tempo', 'veenhoven', 'V-TEMPO', ago(100), await t.auth('medewerker-veenhoven'));

    const events = [
      'gemeente;participant_ref;milestone;occurred_on;reason',
      `lindewaard;W-TEMPO-OUD;aanmelding;${ago(200)};`,
      `lindewaard;W-TEMPO-OUD;intake;${ago(190)};`,
      `lindewaard;W-TEMPO-OUD;instroom_stabilisatie;${ago(61)};`,
      `lindewaard;W-TEMPO-OK;aanmelding;${ago(200)};`,
      `lindewaard;W-TEMPO-OK;intake;${ago(190)};`,
      `lindewaard;W-TEMPO-OK;instroom_stabilisatie;${ago(60)};`,
      `lindewaard;W-TEMPO-EINDE;aanmelding;${ago(200)};`,
      `lindewaard;W-TEMPO-EINDE;uitval;${ago(150)};zelf_ingetrokken`,
      `lindewaard;W-TEMPO-AKKOORD;aanmelding;${ago(300)};`,
      `lindewaard;W-TEMPO-AKKOORD;intake;${ago(290)};`,
      `lindewaard;W-TEMPO-AKKOORD;akkoord_schuldregeling;${ago(100)};`,
      `lindewaard;W-SNEL;aanmelding;${ago(100)};`,
      `lindewaard;W-SNEL;intake;${ago(21)};`,
      `lindewaard;W-BEL;aanmelding;${ago(10)};`,
      `lindewaard;W-BEL;intake;${ago(3)};`,
      `lindewaard;W-BEL-OK;aanmelding;${ago(10)};`,
      `lindewaard;W-BEL-OK;intake;${ago(3)};`,
      `lindewaard;W-LINK-OUD;aanmelding;${ago(40)};`,
      `lindewaard;W-LINK-OUD;intake;${ago(30)};`,
      `lindewaard;W-LINK-NIEUW;aanmelding;${ago(40)};`,
      `lindewaard;W-LINK-NIEUW;intake;${ago(30)};`,
      `lindewaard;W-INTAKE-29;aanmelding;${ago(29)};`,
      `lindewaard;W-INTAKE-28;aanmelding;${ago(28)};`,
      `lindewaard;W-NOSHOW;aanmelding;${ago(40)};`,
      `lindewaard;W-NOSHOW;no_show;${ago(30)};`,
      `lindewaard;W-HERAANMELD;aanmelding;${ago(100)};`,
      `lindewaard;W-HERAANMELD;uitval;${ago(90)};niet_verschenen`,
      `lindewaard;W-HERAANMELD;heraanmelding;${ago(40)};`,
    ].join('\n');
    const imp = await t.http
      .post('/api/v1/imports')
      .set(h)
      .attach('file', Buffer.from(events), 'events.csv')
      .field('kind', 'events');
    expect(imp.status).toBe(201);
    const veenhoven = await t.http
      .post('/api/v1/participants/veenhoven/V-INTAKE/events')
      .set(await t.auth('medewerker-veenhoven'))
      .send({ milestone: 'aanmelding', occurredOn: ago(40) });
    expect(veenhoven.status).toBe(201);

    const score = await t.http
      .post('/api/v1/participants/lindewaard/W-BEL-OK/beleving')
      .set(h)
      .send({ phase: 'intake', measuredOn: ago(2), rapportcijfer: 7 });
    expect(score.status).toBe(201);
    for (const ref of ['W-LINK-OUD', 'W-LINK-NIEUW']) {
      const link = await t.http
        .post('/api/v1/client-forms')
        .set(h)
        .send({ gemeente: 'lindewaard', participantRef: ref, phase: 'intake' });
      expect(link.status).toBe(201);
    }
    // Links are made now; move their creation back (as the owner, set-up only): 15 and 14 days.
    for (const [ref, days] of [
      ['W-LINK-OUD', 15],
      ['W-LINK-NIEUW', 14],
    ] as const) {
      await t.admin.query(
        `UPDATE client_form_link SET created_at = created_at - make_interval(days => $2)
          WHERE participant_id = (SELECT id FROM participant WHERE participant_ref = $1)`,
        [ref, days],
      );
    }
    const res = await t.http.get('/api/v1/worklist').set(h);
    expect(res.status).toBe(200);
    list = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists a participant with no new milestone for longer than the default pace of 60 days, not at 60', () => {
    expect(row('W-TEMPO-OUD', 'geen_voortgang')).toEqual({
      gemeente: 'lindewaard',
      participantRef: 'W-TEMPO-OUD',
      reason: 'geen_voortgang',
      since: ago(61),
      days: 61,
      limitDays: 60,
      experiment: 'werklijst-tempo',
      lastMilestone: 'instroom_stabilisatie',
      text: expect.stringMatching(
        /^Geen nieuwe stap sinds \d\d-\d\d-\d{4} \(instroom in stabilisatie\), al 61 dagen\./,
      ),
    });
    expect(row('W-TEMPO-OK', 'geen_voortgang')).toBeUndefined();
  });

  it('counts from the enrolment when no milestone follows it', () => {
    expect(row('W-TEMPO-LEEG', 'geen_voortgang')).toMatchObject({ since: ago(61), days: 61 });
    expect(row('W-TEMPO-LEEG', 'geen_voortgang')!.lastMilestone).toBeUndefined();
    expect(row('W-TEMPO-LEEG', 'geen_voortgang')!.text).toMatch(/sinds de inschrijving/);
  });

  it("uses the experiment's own expectedPaceDays", () => {
    expect(row('W-SNEL', 'geen_voortgang')).toMatchObject({
      experiment: 'werklijst-snel',
      since: ago(21),
      limitDays: 20,
      lastMilestone: 'intake',
    });
  });

  it('leaves out ended trajectories and those past an akkoord', () => {
    expect(rowsOf('W-TEMPO-EINDE')).toEqual([]);
    expect(row('W-TEMPO-AKKOORD', 'geen_voortgang')).toBeUndefined();
  });

  it('lists the latest phase reached without a klantbeleving score, unless a score or a waiting link exists', () => {
    expect(row('W-BEL', 'klantbeleving_ontbreekt')).toMatchObject({ phase: 'intake', since: ago(3), days: 3 });
    expect(rowsOf('W-BEL').map((r) => r.reason)).toEqual(['klantbeleving_ontbreekt']); // aanmelding phase is past
    expect(rowsOf('W-BEL-OK')).toEqual([]);
    expect(rowsOf('W-LINK-NIEUW')).toEqual([]); // link of 14 days: still waiting, and no score row while it waits
  });

  it('lists a client link unanswered for more than 14 days', () => {
    const r = row('W-LINK-OUD', 'klantlink_onbeantwoord');
    expect(r).toMatchObject({ phase: 'intake', since: ago(15), days: 15, limitDays: 14 });
    expect(r!.text).toMatch(/nog niet ingevuld/);
    expect(row('W-LINK-OUD', 'klantbeleving_ontbreekt')).toBeUndefined();
  });

  it('lists an aanmelding without intake or no-show after more than 28 days (NVVK norm)', () => {
    expect(row('W-INTAKE-29', 'geen_intake')).toMatchObject({ since: ago(29), days: 29, limitDays: 28 });
    expect(row('W-INTAKE-29', 'geen_intake')!.text).toMatch(/NVVK-norm: 28 dagen/);
    expect(row('W-INTAKE-28', 'geen_intake')).toBeUndefined();
    expect(row('W-NOSHOW', 'geen_intake')).toBeUndefined();
  });

  it('treats a heraanmelding after an end as an open trajectory again, its NVVK clock starting anew', () => {
    expect(row('W-HERAANMELD', 'geen_intake')).toMatchObject({ since: ago(40), days: 40 });
  });

  it('sorts oldest first and counts per reason', () => {
    const since = list.rows.map((r) => r.since);
    expect(since).toEqual([...since].sort());
    expect(list.total).toBe(list.rows.length);
    expect(Object.values(list.byReason).reduce((a, b) => a + b, 0)).toBe(list.total);
    expect(list).toMatchObject({ asOf: today, gemeente: 'lindewaard' });
  });

  it("shows a gemeente only its own participants, and a beheerder any gemeente's", async () => {
    expect(list.rows.every((r) => r.gemeente === 'lindewaard')).toBe(true);
    expect(rowsOf('V-INTAKE')).toEqual([]);
    const other = await t.http.get('/api/v1/worklist?gemeente=veenhoven').set(await t.auth(G));
    expect(other.status).toBe(403);
    const admin = await t.http.get('/api/v1/worklist?gemeente=veenhoven').set(await t.auth('admin'));
    expect(admin.status).toBe(200);
    expect(admin.body.rows.map((r: WorklistRow) => `${r.participantRef}/${r.reason}`)).toEqual(
      expect.arrayContaining(['V-INTAKE/geen_intake', 'V-TEMPO/geen_voortgang']),
    );
    expect(admin.body.rows.every((r: WorklistRow) => r.gemeente === 'veenhoven')).toBe(true);
    const all = await t.http.get('/api/v1/worklist').set(await t.auth('admin'));
    expect(new Set(all.body.rows.map((r: WorklistRow) => r.gemeente))).toEqual(new Set(['lindewaard', 'veenhoven']));
    expect(all.body.gemeente).toBeUndefined();
    const unknown = await t.http.get('/api/v1/worklist?gemeente=bestaat-niet').set(await t.auth('admin'));
    expect(unknown.status).toBe(404);
    for (const who of ['reviewer', 'projectleider'])
      expect((await t.http.get('/api/v1/worklist').set(await t.auth(who))).status).toBe(403);
  });

  it('row-level security hides other gemeenten even from the query itself', async () => {
    // The service asked for every gemeente (as a beheerder would) under a gemeente user's database
    // context: the policies alone keep veenhoven out.
    const service = t.app.get(WorklistService);
    const beheerder = { id: 'x', username: 'x', role: 'beheerder' as const, gemeente: null };
    const seen = await runWithDbContext({ role: 'gemeente', gemeente: 'lindewaard' }, () => service.list(beheerder));
    expect(seen.total).toBeGreaterThan(0);
    expect(seen.rows.every((r) => r.gemeente === 'lindewaard')).toBe(true);
    const system = await runWithDbContext(SYSTEM_CONTEXT, () => service.list(beheerder));
    expect(system.rows.some((r) => r.gemeente === 'veenhoven')).toBe(true);
  });

  it('exports the list as CSV with ; and Dutch headers, formulas neutralised', async () => {
    const res = await t.http.get('/api/v1/worklist/export.csv').set(await t.auth(G));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Gemeente;Deelnemer;Reden;Sinds;Dagen;Fase;Experiment;Laatste stap;Toelichting');
    expect(lines).toHaveLength(list.total + 1);
    expect(lines.find((l) => l.includes('W-INTAKE-29'))).toMatch(
      new RegExp(`^lindewaard;W-INTAKE-29;Geen intake na aanmelding;${ago(29).split('-').reverse().join('-')};29;`),
    );
    const csv = t.app.get(WorklistService).toCsv({
      ...list,
      rows: [{ ...list.rows[0], participantRef: '=HYPERLINK("http://x")', experiment: '+1+1' }],
    });
    expect(csv).toContain(`;"'=HYPERLINK(""http://x"")";`);
    expect(csv).toContain(";'+1+1;");
  });
});
