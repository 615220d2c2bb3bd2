import ExcelJS from 'exceljs';
import { renderXlsx } from '../../apps/api/src/reports/render/xlsx';
import type { ReportView } from '@living-lab/domain';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { demoData } from '../helpers/builders';

/**
 * Formula injection (issue 18, finding 3): text that anyone typed, even without logging in, must
 * never open as a formula in a spreadsheet. Every CSV and XLSX the platform writes puts a `'` in
 * front of a text cell that starts with = + - @, a tab or a carriage return (also after spaces).
 */
const HOSTILE = ['=HYPERLINK("http://x")', '+1+1', '-1+1', '@SUM(1;1)', '\t=1+1', '\r=1+1', '  =1+1'];
/** What a spreadsheet would evaluate: a trigger after optional whitespace, unless a plain number. */
const evaluates = (cell: string) => /^\s*[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+([.,]\d+)?$/.test(cell);

/** A `sep`-separated CSV with "…" quoting (doubled quotes, separators and newlines inside). */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('spreadsheet exports neutralise formulas (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the audit CSV neutralises usernames typed at a failed login', async () => {
    for (const username of HOSTILE) {
      const res = await t.http.post('/api/v1/auth/login').send({ username, password: 'geraden-wachtwoord' });
      expect({ username, status: res.status }).toEqual({ username, status: 401 });
    }
    const res = await t.http.get('/api/v1/audit/export.csv').set(await t.auth('admin'));
    expect(res.status).toBe(200);
    const rows = parseCsv(res.text.replace(/^\uFEFF/, ''), ';');
    const actor = rows[0].indexOf('actor');
    const actors = rows.slice(1).map((r) => r[actor]);
    for (const username of HOSTILE) expect(actors).toContain(`'${username}`);
    const live = rows.flat().filter(evaluates);
    expect(live).toEqual([]);
  });

  it('the allocation log CSV neutralises references, usernames and strata', async () => {
    // one real enrolment, then a log row holding hostile text (as an older import could have left)
    const experiment = 'wekelijkse-coaching';
    const enrol = await t.http
      .post(`/api/v1/experiments/${experiment}/enrolments`)
      .set(await t.auth('medewerker-lindewaard'))
      .send({ gemeente: 'lindewaard', participantRef: 'FORMULE-1', enrolledOn: '2026-06-01' });
    expect(enrol.status).toBe(201);
    // as the superuser, past the append-only trigger: hostile text in the log row
    await t.admin.query('ALTER TABLE allocation_log DISABLE TRIGGER allocation_log_append_only');
    await t.admin.query(
      'UPDATE allocation_log SET participant_ref = $1, stratum = $2, enrolled_by_username = $3 WHERE participant_ref = $4',
      [HOSTILE[0], HOSTILE[4], HOSTILE[1], 'FORMULE-1'],
    );
    await t.admin.query('ALTER TABLE allocation_log ENABLE TRIGGER allocation_log_append_only');
    const res = await t.http
      .get(`/api/v1/experiments/${experiment}/allocation-log?format=csv`)
      .set(await t.auth('admin'));
    expect(res.status).toBe(200);
    const rows = parseCsv(res.text, ',');
    expect(rows.flat()).toEqual(expect.arrayContaining([`'${HOSTILE[0]}`, `'${HOSTILE[1]}`, `'${HOSTILE[4]}`]));
    expect(rows.flat().filter(evaluates)).toEqual([]);
  });

  it('the report XLSX neutralises titles, hypotheses and arm names, and keeps numbers numbers (demo cohort)', async () => {
    // the real report of the demo cohort, with hostile text where a projectleider types it
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, demoData()));
    const res = await t.http.get('/api/v1/reports/quarterly/2026-Q3').set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    const report = res.body as ReportView;
    const plan = report.experiments[0].plan as unknown as {
      title: string;
      hypothesis: string;
      arms: { name: string }[];
    };
    plan.title = HOSTILE[0];
    plan.hypothesis = HOSTILE[1];
    plan.arms[0].name = HOSTILE[2];
    plan.arms[1].name = HOSTILE[3];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(report)).buffer); // ExcelJS types its input as an ArrayBuffer
    const texts: string[] = [];
    const numbers: number[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.formula) texts.push(`formula ${c.formula}`);
          if (typeof c.value === 'string') texts.push(c.value);
          if (typeof c.value === 'number') numbers.push(c.value);
        }),
      ),
    );
    expect(texts).toEqual(
      expect.arrayContaining([`'${HOSTILE[0]}`, `'${HOSTILE[1]}`, `'${HOSTILE[2]}`, `'${HOSTILE[3]}`]),
    );
    expect(texts.filter(evaluates)).toEqual([]);
    expect(numbers.length).toBeGreaterThan(10);
  });

  it('the analysis dataset (CSV, XLSX, dictionary) neutralises participant codes and arm names', async () => {
    const experiment = 'klantkaarten';
    await t.admin.query("UPDATE experiment_arm SET name = $1 WHERE experiment_key = $2 AND key = 'klantkaarten'", [
      HOSTILE[0],
      experiment,
    ]);
    await t.admin.transaction((m) =>
      t.app.get(SeedService).insertCohort(m, {
        gemeenten: [],
        users: [],
        participants: HOSTILE.map((participantRef) => ({ gemeente: 'hoogdijk', participantRef })),
        enrolments: HOSTILE.map((participantRef) => ({
          experiment,
          gemeente: 'hoogdijk',
          participantRef,
          arm: 'klantkaarten',
          enrolledOn: '2026-06-01',
        })),
        events: [],
        beleving: [],
      } as unknown as Parameters<SeedService['insertCohort']>[1]),
    );
    const pl = await t.auth('projectleider');
    const url = `/api/v1/experiments/${experiment}/dataset`;
    const csv = await t.http.get(`${url}?asOf=2026-11-01&format=csv`).set(pl);
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''), ';');
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(HOSTILE.map((h) => `'${h}`)));
    expect(rows.flat().filter(evaluates)).toEqual([]);
    const dictionary = await t.http.get(`${url}/dictionary?format=csv`).set(pl);
    expect(
      parseCsv(dictionary.text.replace(/^\uFEFF/, ''), ';')
        .flat()
        .filter(evaluates),
    ).toEqual([]);
    const xlsx = await t.http
      .get(`${url}?asOf=2026-11-01&format=xlsx`)
      .set(pl)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer);
    const texts: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.formula) texts.push(`formula ${c.formula}`);
          if (typeof c.value === 'string') texts.push(c.value);
        }),
      ),
    );
    // XML reads a carriage return back as a newline; the cell is neutralised all the same
    expect(texts).toEqual(expect.arrayContaining(HOSTILE.map((h) => `'${h.replace('\r', '\n')}`)));
    // the arm name in the dictionary sheet, inside a longer text
    expect(texts.some((x) => x.includes(`klantkaarten = ${HOSTILE[0]}`))).toBe(true);
    expect(texts.filter(evaluates)).toEqual([]);
  });
});
