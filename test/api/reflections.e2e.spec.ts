import ExcelJS from 'exceljs';
import type { AnonymisedReport, QuarterlyReport, ReflectionRecord } from '@living-lab/domain';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The quarterly reflection (issue 15): records per quarter, per experiment and for the lab as a
 * whole; comments on the draft; frozen in the published report; the next quarter opens with what
 * came of them. Real PostgreSQL, the demo accounts and experiments (no cohort: the reflection does
 * not read participant data).
 */
const Q2 = '2026-Q2';
const Q3 = '2026-Q3';
const url = (q: string, rest = '') => `/api/v1/reports/quarterly/${q}/reflections${rest}`;

interface Listing {
  quarter: string;
  records: ReflectionRecord[];
  previous: { quarter: string; records: ReflectionRecord[] };
}

const LAB = {
  conclusions: 'De uitval in Veenhoven daalt. In veenhoven en Hoogdijk komt de intake sneller.',
  decisions: [
    { decision: 'continue', reason: 'Het experiment loopt goed en heeft nog te weinig deelnemers voor een conclusie.' },
    { decision: 'scale_up', reason: 'Twee gemeenten willen meedoen.' },
  ],
  proposals: [{ text: 'No-shows beter vastleggen.', owner: 'Projectleider living lab', targetQuarter: '2026-Q3' }],
};

describe('quarterly reflections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (q: string, body: unknown, who = 'projectleider', rest = '') =>
    t.http
      .post(url(q, rest))
      .set(await t.auth(who))
      .send(body as object);
  const list = async (q: string, who = 'projectleider'): Promise<Listing> => {
    const res = await t.http.get(url(q)).set(await t.auth(who));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('stores a record for the lab as a whole and one per experiment, with an audit entry', async () => {
    const lab = await post(Q2, LAB);
    expect(lab.status).toBe(201);
    expect(lab.body).toMatchObject({
      quarter: Q2,
      experimentKey: null,
      conclusions: LAB.conclusions,
      decisions: [
        { decision: 'continue', outcome: null },
        { decision: 'scale_up', reason: 'Twee gemeenten willen meedoen.' },
      ],
      proposals: [{ text: 'No-shows beter vastleggen.', targetQuarter: '2026-Q3', outcome: null }],
      writtenBy: 'projectleider',
      comments: [],
      published: false,
    });
    const exp = await post(Q2, {
      experimentKey: 'wekelijkse-coaching',
      conclusions: 'Coaching houdt mensen vast in de fase overzicht.',
      decisions: [{ decision: 'adjust', reason: 'Het gesprek wordt om de twee weken in plaats van elke week.' }],
    });
    expect(exp.status).toBe(201);
    expect(exp.body.experimentTitle).toMatch(/coaching/i);

    const got = await list(Q2);
    expect(got.records.map((r) => r.experimentKey)).toEqual([null, 'wekelijkse-coaching']);
    expect(got.previous.quarter).toBe('2026-Q1');

    const audit = await t.admin.query(
      `SELECT actor, action, entity_id FROM audit_entry WHERE entity = 'reflection' ORDER BY seq`,
    );
    expect(audit).toEqual([
      { actor: 'projectleider', action: 'write', entity_id: '2026-Q2/lab' },
      { actor: 'projectleider', action: 'write', entity_id: '2026-Q2/wekelijkse-coaching' },
    ]);
  });

  it('rewrites a record instead of adding a second one for the same subject', async () => {
    const again = await post(Q2, { ...LAB, conclusions: `${LAB.conclusions} Herschreven.` });
    expect(again.status).toBe(201);
    const got = await list(Q2);
    expect(got.records.filter((r) => r.experimentKey === null)).toHaveLength(1);
    expect(got.records[0].conclusions).toMatch(/Herschreven\.$/);
    const [{ n }] = await t.admin.query('SELECT count(*)::int AS n FROM reflection_decision');
    expect(n).toBe(3); // two of the lab, one of the experiment: the old items were replaced
  });

  it.each([
    [{ ...LAB, conclusions: '  ' }, 'conclusions', /Schrijf wat u uit de cijfers concludeert/],
    [{ ...LAB, decisions: [{ decision: 'doorgaan', reason: 'x' }] }, 'decisions.0.decision', /Kies een besluit/],
    [{ ...LAB, decisions: [{ decision: 'stop' }] }, 'decisions.0.reason', /waarom/],
    [
      { ...LAB, proposals: [{ text: 'x', owner: 'y', targetQuarter: '2026-Q1' }] },
      'proposals.0.targetQuarter',
      /ligt voor 2026-Q2/,
    ],
    [
      { ...LAB, proposals: [{ text: 'x', owner: 'y', targetQuarter: 'volgend jaar' }] },
      'proposals.0.targetQuarter',
      /JJJJ-Qn/,
    ],
    [{ ...LAB, conclusions: 'Cliënt 111222333 viel uit.' }, 'conclusions', /persoonsgegevens.*BSN/],
    [{ ...LAB, decisions: [{ decision: 'stop', reason: 'Bel 06-12345678.' }] }, 'decisions.0.reason', /telefoonnummer/],
    [{ ...LAB, experimentKey: 'bestaat-niet' }, 'experimentKey', /bestaat niet/],
    [{ ...LAB, extra: 1 }, 'extra', /onbekend/],
  ])('refuses bad input with 400, the field and a Dutch reason (%#)', async (body, field, reason) => {
    const res = await post(Q2, body);
    expect(res.status).toBe(400);
    const problem = res.body.errors?.find((e: { field: string }) => e.field === field) ?? res.body;
    expect(problem.field).toBe(field);
    expect(problem.message).toMatch(reason);
  });

  it('lets only project leads (and the beheerder) write, and refuses a quarter not yet begun', async () => {
    expect((await post(Q2, LAB, 'reviewer')).status).toBe(403);
    expect((await post(Q2, LAB, 'medewerker-hoogdijk')).status).toBe(403);
    const future = await post('2031-Q1', LAB);
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('quarter.not_started');
  });

  it('shows reviewers and gemeenten the gemeenten in the texts under their code; gemeenten get no comments', async () => {
    const [lab] = (await list(Q2)).records;
    const c = await post(Q2, { text: 'Waarom groeit Veenhoven niet mee?' }, 'reviewer', `/${lab.id}/comments`);
    expect(c.status).toBe(201);
    expect((await list(Q2)).records[0].comments.map((x) => x.text)).toEqual(['Waarom groeit Veenhoven niet mee?']);

    for (const who of ['reviewer', 'medewerker-hoogdijk']) {
      const seen = JSON.stringify(await list(Q2, who));
      expect(seen).not.toMatch(/veenhoven/i);
      expect(seen).toMatch(/De uitval in Gemeente [A-Z]+ daalt/);
    }
    expect((await list(Q2, 'medewerker-hoogdijk')).records[0].comments).toEqual([]);
    expect(JSON.stringify(await list(Q2, 'reviewer'))).toMatch(/Waarom groeit Gemeente [A-Z]+ niet mee/);
    // Veenhoven's own staff read their gemeente as written, Hoogdijk under its code
    const own = (await list(Q2, 'medewerker-veenhoven')).records[0].conclusions;
    expect(own).toMatch(/^De uitval in Veenhoven daalt\. In veenhoven en Gemeente [A-Z]+ komt/);
  });

  it('is part of the published report, frozen; comments close until the reflection changes again', async () => {
    const pub = await t.http.post(`/api/v1/reports/quarterly/${Q2}/publish`).set(await t.auth('projectleider'));
    expect(pub.status).toBe(201);
    const v1: QuarterlyReport = (await t.http.get(`/api/v1/reports/quarterly/${Q2}`).set(await t.auth('projectleider')))
      .body;
    expect(v1.publication?.version).toBe(1);
    expect(v1.reflections?.records.map((r) => r.conclusions)).toEqual([
      expect.stringMatching(/Herschreven/),
      'Coaching houdt mensen vast in de fase overzicht.',
    ]);
    // who wrote it and the comments stay out of the report
    expect(JSON.stringify(v1.reflections)).not.toMatch(/writtenBy|comments|Waarom groeit/);

    const [lab] = (await list(Q2)).records;
    expect(lab.published).toBe(true);
    const closed = await post(Q2, { text: 'Nog een vraag.' }, 'reviewer', `/${lab.id}/comments`);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('reflection.comments_closed');

    // a change after publication shows in the live draft, never in version 1
    expect((await post(Q2, { ...LAB, conclusions: 'Na publicatie bijgesteld.' })).status).toBe(201);
    const again: QuarterlyReport = (
      await t.http.get(`/api/v1/reports/quarterly/${Q2}?version=1`).set(await t.auth('projectleider'))
    ).body;
    expect(again.reflections?.records[0].conclusions).toMatch(/Herschreven/);
    const draft: QuarterlyReport = (
      await t.http.get(`/api/v1/reports/quarterly/${Q2}?draft=true`).set(await t.auth('projectleider'))
    ).body;
    expect(draft.reflections?.records[0].conclusions).toBe('Na publicatie bijgesteld.');
    expect((await post(Q2, { text: 'Nu wel.' }, 'reviewer', `/${lab.id}/comments`)).status).toBe(201);

    const reviewer: AnonymisedReport = (
      await t.http.get(`/api/v1/reports/quarterly/${Q2}`).set(await t.auth('reviewer'))
    ).body;
    expect(JSON.stringify(reviewer.reflections)).not.toMatch(/veenhoven/i);
    expect(reviewer.reflections?.records[0].conclusions).toMatch(/Gemeente [A-Z]+/);
  });

  it('opens the next quarter with last quarter’s agreements and what came of them', async () => {
    const q2 = (await list(Q2)).records[0];
    const proposal = q2.proposals[0];
    const res = await post(
      Q3,
      { kind: 'proposal', id: proposal.id, outcome: 'Alle gemeenten leggen no-shows nu vast.' },
      'projectleider',
      '/follow-up',
    );
    expect(res.status).toBe(200);
    expect(res.body.proposals[0].outcome).toMatchObject({
      text: 'Alle gemeenten leggen no-shows nu vast.',
      quarter: Q3,
    });

    // only an agreement of the quarter before
    const wrong = await post(
      '2026-Q4',
      { kind: 'proposal', id: proposal.id, outcome: 'x' },
      'projectleider',
      '/follow-up',
    );
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('reflection.item_not_found');
    expect((await post(Q3, { kind: 'decision', id: 'abc', outcome: 'x' }, 'projectleider', '/follow-up')).status).toBe(
      400,
    );
    expect(
      (await post(Q3, { kind: 'decision', id: q2.decisions[0].id, outcome: 'x' }, 'reviewer', '/follow-up')).status,
    ).toBe(403);

    // agreements someone already followed up no longer change
    const locked = await post(Q2, LAB);
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('reflection.followed_up');

    const q3: QuarterlyReport = (await t.http.get(`/api/v1/reports/quarterly/${Q3}`).set(await t.auth('projectleider')))
      .body;
    expect(q3.reflections?.previous.quarter).toBe(Q2);
    expect(q3.reflections?.previous.records[0].proposals[0].outcome?.text).toBe(
      'Alle gemeenten leggen no-shows nu vast.',
    );
    expect(q3.reflections?.records).toEqual([]);

    const [{ n }] = await t.admin.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'reflection' AND action = 'follow_up'`,
    );
    expect(n).toBe(1);
  });

  it('prints the agreements and the reflection in HTML, PDF and XLSX', async () => {
    const auth = await t.auth('projectleider');
    const html = (await t.http.get(`/api/v1/reports/quarterly/${Q3}.html`).set(auth)).text;
    expect(html).toContain('Wat we vorig kwartaal afspraken — en wat ervan kwam');
    expect(html).toContain('Dit spraken we af in het tweede kwartaal van 2026.');
    expect(html).toContain('Alle gemeenten leggen no-shows nu vast.');
    expect(html).toContain('Groter maken (opschalen). Twee gemeenten willen meedoen.');
    expect(html).toContain('Wat ervan kwam:</strong> Nog niet ingevuld.');
    expect(html).toContain('Voor dit kwartaal is nog geen reflectie vastgelegd.');
    // the opening section comes before the first experiment
    expect(html.indexOf('id="afspraken"')).toBeLessThan(html.indexOf('id="exp-'));

    const reviewerHtml = (await t.http.get(`/api/v1/reports/quarterly/${Q2}.html`).set(await t.auth('reviewer'))).text;
    expect(reviewerHtml).toContain('Reflectie: wat we concluderen en besluiten');
    expect(reviewerHtml).not.toMatch(/veenhoven/i);

    const pdf = await t.http
      .get(`/api/v1/reports/quarterly/${Q3}.pdf`)
      .set(auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const xlsx = await t.http
      .get(`/api/v1/reports/quarterly/${Q3}.xlsx`)
      .set(auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.body).buffer); // ExcelJS types its input as an ArrayBuffer
    const sheet = wb.getWorksheet('Vorig kwartaal afgesproken')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(1)).toEqual(['Onderwerp', 'Soort', 'Tekst', 'Wie en wanneer', 'Wat ervan kwam']);
    expect(rows).toContainEqual([
      undefined,
      'Het living lab als geheel',
      'Verbetervoorstel',
      'No-shows beter vastleggen.',
      'Wie: Projectleider living lab. Klaar in het derde kwartaal van 2026.',
      'Alle gemeenten leggen no-shows nu vast.',
    ]);
    expect(wb.getWorksheet('Reflectie')).toBeDefined();
  });
});
