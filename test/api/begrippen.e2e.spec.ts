import ExcelJS from 'exceljs';
import { begrippen, METRICS, PHASES } from '@living-lab/domain';
import { startTestApp, type TestApp } from '../helpers/app';

/** Begrippen (issue 15): the definitions of libs/domain through the API and in every report format. */
describe('Begrippen', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const binary = (path: string, who: string) =>
    t.auth(who).then((auth) =>
      t.http
        .get(path)
        .set(auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        }),
    );

  it('serves every definition to every role, and none without a login', async () => {
    for (const who of ['reviewer', 'medewerker-hoogdijk', 'projectleider']) {
      const res = await t.http.get('/api/v1/begrippen').set(await t.auth(who));
      expect(res.status).toBe(200);
      const keys = res.body.begrippen.map((b: { key: string }) => b.key);
      for (const m of METRICS) expect(keys).toContain(m);
      for (const p of PHASES) expect(keys).toContain(`fase.${p}`);
      expect(keys).toContain('begrip.intention_to_treat');
    }
    expect((await t.http.get('/api/v1/begrippen')).status).toBe(401);
  });

  it('ends the HTML report with a Begrippen appendix holding each definition', async () => {
    const html = (await t.http.get('/api/v1/reports/quarterly/2026-Q3.html').set(await t.auth('reviewer'))).text;
    expect(html).toContain('<a href="#begrippen">Begrippen</a>');
    expect(html).toMatch(/<h2 id="begrippen-h">\d+\. Begrippen<\/h2>/);
    const appendix = html.slice(html.indexOf('id="begrippen"'));
    for (const b of begrippen())
      expect(appendix).toContain(`<dt id="begrip-${b.key}">${b.term.replace(/&/g, '&amp;')}</dt>`);
  });

  it('has a Begrippen sheet in the workbook, one row per definition', async () => {
    const res = await binary('/api/v1/reports/quarterly/2026-Q3.xlsx', 'reviewer');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(res.body).buffer); // ExcelJS types its input as an ArrayBuffer
    const sheet = wb.getWorksheet('Begrippen')!;
    expect(sheet.rowCount).toBe(begrippen().length + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Onderwerp', 'Begrip', 'Betekenis', 'Bron']);
    const uitval = (sheet.getSheetValues() as unknown[][]).find((r) => r?.[2] === 'Uitval');
    expect(uitval?.[3]).toMatch(/voordat de deelnemer gereed is/);
  });

  it('prints the appendix in the PDF', async () => {
    const res = await binary('/api/v1/reports/quarterly/2026-Q3.pdf', 'reviewer');
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
