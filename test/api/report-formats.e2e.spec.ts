import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { AnonymisedReport, QuarterlyReport, ReportExperiment } from '@living-lab/domain';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { demoData } from '../helpers/builders';

/**
 * The quarterly report as HTML, PDF and XLSX on the seeded demo cohort of reports.e2e.spec.ts: each
 * format renders and holds the same key numbers as the JSON, and the reviewer's files hold no
 * hidden gemeente and no participant. Expected texts are written out here, not taken from the
 * renderers' own formatting code.
 *
 * REPORT_FORMATS_OUT=/some/dir also writes the files there, to look at them by hand.
 */
const QUARTER = '2026-Q3';
const ROOT = path.resolve(__dirname, '../..');
const HIDDEN = ['veenhoven', 'oosterkamp', 'hoogdijk', 'maasbergen']; // no consent to be named
const PARTICIPANT = /P-[a-z]+-\d+/;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEETS = [
  'Plan',
  'CONSORT',
  'Uitkomsten per arm',
  'Uitval per fase',
  'Uitval per fase per gemeente',
  'Doorlooptijd',
  'Vergelijkingen',
  'Per gemeente',
  'Klantbeleving',
  'Sectorfunnel',
  'Verhoudingen per cohort',
  'Cohort per gemeente',
  'Sector uitval per fase',
  'Sector uitval per gemeente',
  'Trend',
  'Waarschuwingen',
  'Datakwaliteit',
  'Herkomst sector',
  'Registratie per gemeente',
];

/** Dutch notation written out by hand: 0.3214 → "32,1%", 0.0123 → "0,012", 684 → "684". */
const nlPct = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')}%`;
const nlP = (v: number) => (v < 0.001 ? '< 0,001' : v.toPrecision(2).replace('.', ',')); // two significant digits (findings.ts)
const nlInt = (v: number) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const htmlEsc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const squash = (s: string) => s.replace(/\s+/g, ' ');

/** The text of a PDF, page by page, by pdfjs-dist (ESM only, so in a child `node`). */
const EXTRACT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
const require = createRequire(process.cwd() + '/');
const fonts = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
const chunks = []; for await (const c of process.stdin) chunks.push(c);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), standardFontDataUrl: fonts, isEvalSupported: false, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) { const t = await (await doc.getPage(i)).getTextContent(); pages.push(t.items.map((x) => x.str + (x.hasEOL ? '\\n' : ' ')).join('')); }
process.stdout.write(JSON.stringify(pages));
`;
function pdfText(pdf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', EXTRACT],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
    child.stdin!.end(pdf);
  });
}

async function readXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer); // ExcelJS types its input as an ArrayBuffer
  return wb;
}

/** A sheet as objects keyed by the header row. */
function rowsOf(wb: ExcelJS.Workbook, sheet: string): Record<string, ExcelJS.CellValue>[] {
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const head = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ''));
  const out: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const o: Record<string, ExcelJS.CellValue> = {};
    (row.values as ExcelJS.CellValue[]).forEach((v, i) => {
      if (head[i]) o[head[i]] = v;
    });
    out.push(o);
  });
  return out;
}

function allCells(wb: ExcelJS.Workbook): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => {
        cells.push(c);
      }),
    ),
  );
  return cells;
}

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream; // superagent hands the parser the Node response
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('quarterly report as HTML, PDF and XLSX', () => {
  let t: TestApp;
  // the projectleider's view is the full report, the reviewer's the anonymised one
  const json = {} as { projectleider: QuarterlyReport; reviewer: AnonymisedReport };
  const files: Record<string, Record<'html' | 'pdf' | 'xlsx', Response>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, demoData()));
    for (const who of ['projectleider', 'reviewer']) {
      const auth = await t.auth(who);
      const base = `/api/v1/reports/quarterly/${QUARTER}`;
      json[who as keyof typeof json] = (await t.http.get(base).set(auth)).body;
      files[who] = {
        html: await t.http.get(`${base}.html`).set(auth),
        pdf: await t.http.get(`${base}.pdf`).set(auth).buffer(true).parse(binary),
        xlsx: await t.http.get(`${base}.xlsx`).set(auth).buffer(true).parse(binary),
      };
      const out = process.env.REPORT_FORMATS_OUT;
      if (out) {
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, `${who}.json`), JSON.stringify(json[who as keyof typeof json], null, 2));
        fs.writeFileSync(path.join(out, `${who}.html`), files[who].html.text);
        fs.writeFileSync(path.join(out, `${who}.pdf`), files[who].pdf.body);
        fs.writeFileSync(path.join(out, `${who}.xlsx`), files[who].xlsx.body);
      }
    }
  }, 240_000); // eight report builds on a shared machine
  afterAll(async () => {
    await t?.close();
  });

  const coaching = () => json.projectleider.experiments.find((e) => e.plan.key === 'wekelijkse-coaching')!;
  const primaryOf = (e: ReportExperiment) => e.results.metrics.find((m) => m.primary)!;

  it('serves each format with its content type', () => {
    for (const who of ['projectleider', 'reviewer']) {
      expect(files[who].html.status).toBe(200);
      expect(files[who].html.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(files[who].pdf.status).toBe(200);
      expect(files[who].pdf.headers['content-type']).toBe('application/pdf');
      expect(files[who].pdf.headers['content-disposition']).toContain(`kwartaalreflectie-${QUARTER}.pdf`);
      expect((files[who].pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(files[who].xlsx.status).toBe(200);
      expect(files[who].xlsx.headers['content-type']).toBe(XLSX_TYPE);
      expect((files[who].xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('HTML: one self-contained Dutch page with the key numbers and accessible charts', () => {
    const html = files.projectleider.html.text;
    expect(html).toMatch(/^<!doctype html>\s*<html lang="nl">/);
    // nothing fetched from elsewhere
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain('@media print');
    // charts as inline SVG with a title and a description
    const svgs = html.match(/<svg\b[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(2 * 6 + 2); // per experiment: CONSORT, 2 curves, forest, beleving, emotions; sector: funnel, cohorts
    for (const s of svgs) expect(s).toMatch(/role="img" aria-labelledby="[^"]+"/);
    expect(html).toMatch(/<svg[^>]*><title id="[^"]+">Cumulatieve incidentie: gereed voor schuldregeling<\/title>/);
    expect(html).toMatch(/<title id="[^"]+">Cumulatieve incidentie: uitval<\/title>/);
    expect(html).toMatch(/<title id="[^"]+">Verschil per gemeente: /);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('30 september 2026');

    const e = coaching();
    const primary = primaryOf(e);
    const cmp = e.results.primaryComparison!;
    for (const a of primary.arms) expect(html).toContain(nlPct(a.rate!));
    expect(html).toContain(nlP(cmp.fisherPValue));
    expect(html).toContain(htmlEsc(cmp.sentence));
    expect(cmp.sentence).toMatch(/\d,\d/); // decimal comma in the sentence itself
    expect(html).toContain(`<td class="num">${nlInt(json.projectleider.sector.total.counts.aanmelding)}</td>`);
    // a decimal point in a shown number would be English notation
    const shown = html
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .split(json.projectleider.engineVersion)
      .join('');
    expect(shown).not.toMatch(/\d\.\d{1,2}(?!\d)%?/);
    // the words of issue 15: never "p = < 0,001", never a chance of 100%, the look against the plan
    expect(shown).not.toContain('p = <');
    expect(html).not.toContain('<td class="num">100%</td>'); // a chance reads "meer dan 99%"
    const chances = json.projectleider.experiments.flatMap((x) =>
      x.results.metrics.flatMap((m) => m.comparisons.map((c) => c.probabilityBetter)),
    );
    if (chances.some((c) => c > 0.99)) expect(html).toContain('<td class="num">meer dan 99%</td>');
    if (chances.some((c) => c < 0.01)) expect(html).toContain('<td class="num">minder dan 1%</td>');
    expect(shown).toMatch(/Tussenstand \d+ (van \d+|\(er waren \d+ gepland\))/);
    // a data-quality line (source tag and completeness) under every figure (issue 15)
    const figures = html.match(/<figure class="chart">[\s\S]*?<\/figure>/g) ?? [];
    expect(figures.length).toBeGreaterThan(10);
    for (const fig of figures) expect(fig).toMatch(/<span class="quality">Herkomst[^<]*(bron|samengesteld|schatting)/);
    const complete = primary.arms.reduce((s, a) => s + a.complete, 0);
    const enrolled = primary.arms.reduce((s, a) => s + a.enrolled, 0);
    expect(html).toContain(`Volledig gevolgd: ${nlInt(complete)} van ${nlInt(enrolled)} ingeschreven deelnemers`);
  });

  it('PDF: the same sections and key numbers, as text', async () => {
    const pages = await pdfText(files.projectleider.pdf.body);
    expect(pages.length).toBeGreaterThan(5);
    const text = squash(pages.join('\n'));
    const e = coaching();
    const primary = primaryOf(e);
    const cmp = e.results.primaryComparison!;
    expect(text).toContain(`Kwartaalreflectie ${QUARTER}`);
    for (const heading of [
      'Het plan',
      'Stroom van deelnemers',
      'Uitkomsten per groep',
      'Vergelijking met de controlegroep',
      'Per gemeente',
      'Klantbeleving',
      'Bewaking',
      'De sector',
      'Trend',
      'Verantwoording',
    ])
      expect(text).toContain(heading);
    for (const a of primary.arms) expect(text).toContain(nlPct(a.rate!));
    expect(text).toContain(nlP(cmp.fisherPValue));
    expect(text).toContain(squash(cmp.sentence));
    expect(text).toContain(nlInt(json.projectleider.sector.total.counts.aanmelding));
    expect(text).toContain('Financiële stabiliteit'); // ë survives the standard font
    // the charts' own labels are there as text too (they are drawn, not pictures)
    expect(text).toContain('Cumulatieve incidentie: gereed voor schuldregeling');
    expect(text).toContain('Dagen sinds inschrijving');
    expect(text).toContain('Alle gemeenten samen');
    // the data-quality line under the figures, and its tables
    expect(text).toContain('Herkomst: bron (geteld uit de gegevens per deelnemer)');
    expect(text).toContain('Datakwaliteit onder de cijfers');
    expect(text).toContain('Herkomst van de aangeleverde aantallen per stap');
  });

  it('XLSX: one sheet per table, numbers as numbers, rates as fractions with a percentage format', async () => {
    const wb = await readXlsx(files.projectleider.xlsx.body);
    const names = wb.worksheets.map((w) => w.name);
    for (const s of SHEETS) expect(names).toContain(s);

    const e = coaching();
    const title = e.plan.title;
    const primary = primaryOf(e);
    const armName = (k: string) => e.plan.arms.find((a) => a.key === k)!.name;
    const arms = rowsOf(wb, 'Uitkomsten per arm').filter(
      (r) => r.Experiment === title && String(r.Uitkomst).startsWith('Gereed voor schuldregeling'),
    );
    expect(arms).toHaveLength(primary.arms.length);
    for (const a of primary.arms) {
      const row = arms.find((r) => r.Groep === armName(a.arm))!;
      expect(row.Ingeschreven).toBe(a.enrolled);
      expect(row['Volledig gevolgd']).toBe(a.complete);
      expect(row.Bereikt).toBe(a.events);
      expect(row.Percentage).toBeCloseTo(a.rate!, 12);
      expect(row['95%-interval ondergrens']).toBeCloseTo(a.ci95![0], 12);
      expect(row['95%-interval bovengrens']).toBeCloseTo(a.ci95![1], 12);
    }
    const ws = wb.getWorksheet('Uitkomsten per arm')!;
    const col = (ws.getRow(1).values as string[]).indexOf('Percentage');
    expect(ws.getRow(2).getCell(col).numFmt).toContain('%');

    const cmp = e.results.primaryComparison!;
    const c = rowsOf(wb, 'Vergelijkingen').find(
      (r) => r.Experiment === title && String(r.Uitkomst).startsWith('Gereed') && r.Groep === armName(cmp.arm),
    )!;
    expect(c['p (Fisher)']).toBeCloseTo(cmp.fisherPValue, 12);
    expect(c['Verschil (procentpunt)']).toBeCloseTo(cmp.riskDifference!, 12);
    expect(c['q (BH)']).toBeCloseTo(cmp.qValue!, 12);
    expect(c['In gewone woorden']).toBe(cmp.sentence);

    // data quality: the completeness of follow-up of the primary outcome, with its source tag
    const dq = rowsOf(wb, 'Datakwaliteit').find(
      (r) => r.Experiment === title && String(r.Onderdeel).startsWith('Gereed voor schuldregeling'),
    )!;
    const complete = primary.arms.reduce((s, a) => s + a.complete, 0);
    const enrolled = primary.arms.reduce((s, a) => s + a.enrolled, 0);
    expect(dq.Herkomst).toContain('bron');
    expect(dq.Compleet as number).toBeCloseTo(complete / enrolled, 12);
    expect(rowsOf(wb, 'Herkomst sector').length).toBeGreaterThan(0);

    const funnel = rowsOf(wb, 'Sectorfunnel');
    expect(funnel.find((r) => r.Stap === 'Aanmelding')!.Aantal).toBe(json.projectleider.sector.total.counts.aanmelding);
    // the quarter's flows are counts only: no share of the previous step, no 2018 beside them (issue 14)
    expect(Object.keys(funnel[0])).toEqual(['Stap', 'Aantal']);
    expect(rowsOf(wb, 'Trend').map((r) => r.Kwartaal)).toEqual([
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      `${QUARTER} (dit kwartaal)`,
    ]);
    expect(
      rowsOf(wb, 'Verhoudingen per cohort').find((r) => r.Verhouding === 'Gereed per instroom')!['2018 (indicatief)'],
    ).toBe(0.6);
    const consort = rowsOf(wb, 'CONSORT').filter((r) => r.Experiment === title);
    expect(consort.map((r) => r.Ingeschreven).sort()).toEqual(e.consort.map((x) => x.enrolled).sort());
    expect(rowsOf(wb, 'Waarschuwingen').length).toBeGreaterThan(0);
    // the projectleider sees names
    expect(allCells(wb).some((cell) => cell.value === 'veenhoven' || cell.value === 'Veenhoven')).toBe(true);
  });

  it('uitval by phase and reason (issue 14): the same numbers in JSON, XLSX, HTML and PDF, per arm and for the sector', async () => {
    const e = coaching();
    const title = e.plan.title;
    const armName = (k: string) => e.plan.arms.find((a) => a.key === k)!.name;
    const w = e.results.uitvalByPhase!;
    const overzicht = 'Tijdens het maken van overzicht'; // the label, written out
    const wb = await readXlsx(files.projectleider.xlsx.body);
    const rows = rowsOf(wb, 'Uitval per fase').filter((r) => r.Experiment === title);
    for (const a of w.arms) {
      expect(a.phases.reduce((s, p) => s + p.n, 0)).toBe(a.uitval);
      const all = rows.find((r) => r.Groep === armName(a.arm) && r.Fase === 'Alle fasen')!;
      expect(all.Uitval).toBe(a.uitval);
      expect(all['Aandeel van de ingeschrevenen']).toBeCloseTo(a.uitval / a.enrolled, 12);
      for (const p of a.phases) {
        const row = rows.find((r) => r.Groep === armName(a.arm) && r.Fase !== 'Alle fasen' && r.Uitval === p.n)!;
        expect(row).toBeDefined();
        expect(row['Zelf ingetrokken']).toBe(p.byReason.zelf_ingetrokken);
        expect(row['Aandeel van de uitval']).toBeCloseTo(p.n / a.uitval, 12);
      }
    }
    const ov = w.arms[0].phases.find((p) => p.phase === 'overzicht')!;
    expect(rows.find((r) => r.Fase === overzicht && r.Groep === armName(w.arms[0].arm))!.Uitval).toBe(ov.n);

    const sector = json.projectleider.sector.total;
    const phases = sector.uitvalByPhase!;
    // every uitval of the quarter has its phase: the phases add up to the funnel's uitval
    expect(phases.reduce((s, p) => s + p.n, 0)).toBe(sector.counts.uitval);
    expect(sector.counts.uitval).toBeGreaterThan(0);
    const sectorRows = rowsOf(wb, 'Sector uitval per fase');
    for (const p of phases) expect(sectorRows.some((r) => r.Uitval === p.n)).toBe(true);
    const perGemeente = rowsOf(wb, 'Sector uitval per gemeente');
    expect(perGemeente.length).toBeGreaterThan(0);

    const html = files.projectleider.html.text;
    expect(html).toContain('Waar vallen deelnemers uit?');
    expect(html).toContain(overzicht);
    expect(html).toContain(`<td class="num">${nlPct(ov.n / w.arms[0].uitval)}</td>`);
    const text = squash((await pdfText(files.projectleider.pdf.body)).join('\n'));
    expect(text).toContain('Waar vallen deelnemers uit?');
    expect(text).toContain('Uitval naar de fase waarin het gebeurde');
    expect(text).toContain(nlPct(ov.n / w.arms[0].uitval));
  });

  it('fidelity (issue 14): what each arm received, the same in JSON, XLSX, HTML and PDF, anonymised for a reviewer', async () => {
    const e = coaching();
    const armName = (k: string) => e.plan.arms.find((a) => a.key === k)!.name;
    const f = e.results.fidelity!;
    const coach = f.arms.find((a) => a.arm === 'coaching')!;
    const control = f.arms.find((a) => a.arm === 'controle')!;
    // the demo data: most coaching participants got talks, not all; two controls got one
    expect(coach.received! / coach.enrolled).toBeGreaterThan(0.6);
    expect(coach.received!).toBeLessThan(coach.enrolled);
    expect(control).toMatchObject({ kind: null, received: null, contaminated: 2 });
    const rows = rowsOf(await readXlsx(files.projectleider.xlsx.body), 'Wat groepen kregen').filter(
      (r) => r.Experiment === e.plan.title,
    );
    const row = rows.find((r) => r.Groep === armName('coaching'))!;
    expect(row['Kreeg het minstens één keer']).toBe(coach.received);
    expect(row.Aandeel).toBeCloseTo(coach.share!, 12);
    expect(row['Zo vaak als gepland']).toBe(coach.receivedAsExpected);
    expect(row['Mediaan aantal keer']).toBe(coach.medianReceived);
    const html = files.projectleider.html.text;
    expect(html).toContain('Wat kreeg elke groep echt?');
    expect(html).toContain(`<td class="num">${nlPct(coach.share!)}</td>`);
    const text = squash((await pdfText(files.projectleider.pdf.body)).join('\n'));
    expect(text).toContain('Wat kreeg elke groep echt?');
    expect(text).toContain(nlPct(coach.share!));
    const anon = json.reviewer.experiments.find((x) => x.plan.key === 'wekelijkse-coaching')!.results.fidelity!;
    expect(anon.arms.find((a) => a.arm === 'controle')!.contaminated).toBe('<5');
  });

  it('doorlooptijd (issue 14): the Kaplan–Meier medians (per arm, gemeente, gemeente and arm) and the 28-day share of the JSON in XLSX, HTML and PDF', async () => {
    const e = coaching();
    const title = e.plan.title;
    const armName = (k: string) => e.plan.arms.find((a) => a.key === k)!.name;
    const dt = e.results.doorlooptijd!;
    const wb = await readXlsx(files.projectleider.xlsx.body);
    const rows = rowsOf(wb, 'Doorlooptijd').filter((r) => r.Experiment === title);
    for (const a of dt.aanmeldingIntake.arms) {
      const row = rows.find(
        (r) => r.Doorlooptijd === 'Aanmelding tot intake' && r['Groep of gemeente'] === armName(a.arm),
      )!;
      expect(row.Aantal).toBe(a.n);
      expect(row['Stap bereikt']).toBe(a.events);
      expect(row['Mediaan (dagen)']).toBe(a.median);
      expect(row['Binnen 28 dagen']).toBeCloseTo(a.withinNorm!.share!, 12);
    }
    for (const a of dt.instroomGereed.arms) {
      const row = rows.find(
        (r) => r.Doorlooptijd === 'Instroom tot gereed' && r['Groep of gemeente'] === armName(a.arm),
      )!;
      expect(row['Mediaan (dagen)']).toBe(a.median ?? 'niet bereikt');
    }
    expect(rows.filter((r) => r.Doorlooptijd === 'Instroom tot gereed').length).toBe(
      dt.instroomGereed.arms.length + dt.instroomGereed.byGemeente.length + dt.instroomGereed.byGemeenteArm!.length,
    );
    // per gemeente per arm: the JSON's medians in the row named "gemeente, arm"
    expect(dt.aanmeldingIntake.byGemeenteArm!.length).toBeGreaterThan(dt.aanmeldingIntake.byGemeente.length);
    for (const g of dt.aanmeldingIntake.byGemeenteArm!) {
      const row = rows.find(
        (r) =>
          r.Doorlooptijd === 'Aanmelding tot intake' && r['Groep of gemeente'] === `${g.gemeente}, ${armName(g.arm)}`,
      )!;
      expect([row.Aantal, row['Mediaan (dagen)']]).toEqual([g.n, g.median ?? 'niet bereikt']);
    }
    const share = dt.aanmeldingIntake.arms[0].withinNorm!.share!;
    expect(files.projectleider.html.text).toContain('Doorlooptijd in dagen');
    expect(files.projectleider.html.text).toContain(`<td class="num">${nlPct(share)}</td>`);
    const text = squash((await pdfText(files.projectleider.pdf.body)).join('\n'));
    expect(text).toContain('Doorlooptijd in dagen');
    expect(text).toContain(nlPct(share));
  });

  it('klantbeleving and later uitval, and uitval before each phase (issue 14): the JSON’s numbers in XLSX, HTML and PDF; `<5` for reviewers', async () => {
    const e = coaching();
    const title = e.plan.title;
    const armName = (k: string) => e.plan.arms.find((a) => a.key === k)!.name;
    const bu = e.results.belevingUitval!;
    expect(bu.phases.length).toBeGreaterThan(0);
    const wb = await readXlsx(files.projectleider.xlsx.body);
    const rows = rowsOf(wb, 'Klantbeleving en uitval').filter((r) => r.Experiment === title);
    const phaseLabel = (p: string) =>
      ({
        aanmelding: 'Aanmelding',
        intake: 'Intake',
        overzicht: 'Overzicht',
        optimalisatie: 'Optimalisatie',
        financiele_stabiliteit: 'Financiële stabiliteit',
      })[p];
    let ratios = 0;
    for (const p of bu.phases)
      for (const r of [p.all, ...p.arms]) {
        const row = rows.find(
          (x) => x.Fase === phaseLabel(p.phase) && x.Groep === (r.arm ? armName(r.arm) : 'Alle groepen'),
        )!;
        expect(row['Negatief: gevolgd']).toBe(r.negative.complete);
        expect(row['Negatief: uitval']).toBe(r.negative.events);
        expect(row['Anderen: uitval']).toBe(r.others.events);
        if (r.negative.risk !== null) expect(row['Negatief: risico']).toBeCloseTo(r.negative.risk, 12);
        if (r.riskRatio !== null) {
          expect(row['Relatief risico']).toBeCloseTo(r.riskRatio, 12);
          ratios++;
        }
        expect(String(row['Wat we zien'])).toMatch(
          /Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt\.$/,
        );
      }
    expect(ratios).toBeGreaterThan(0);
    const withRatio = bu.phases.find((p) => p.all.riskRatio !== null)!;
    const ratioText = withRatio.all.riskRatio!.toFixed(2).replace('.', ',');
    const html = files.projectleider.html.text;
    expect(html).toContain('Klantbeleving en later uitval (samenhang)');
    expect(html).toContain(`<td class="num">${ratioText}</td>`);
    const text = squash((await pdfText(files.projectleider.pdf.body)).join('\n'));
    expect(text).toContain('Klantbeleving en later uitval (samenhang)');
    expect(text).toContain(`relatief risico ${ratioText}`);

    // uitval before each phase: per arm, the counts of the JSON's survivorship
    const before = rowsOf(wb, 'Uitval voor de fase').filter((r) => r.Experiment === title);
    const opt = e.results.beleving.find((b) => b.phase === 'optimalisatie')!.survivorship!;
    for (const a of opt.arms) {
      const row = before.find((r) => r.Fase === 'Optimalisatie' && r.Groep === armName(a.arm))!;
      expect([row.Ingeschreven, row['Uitval vóór de fase']]).toEqual([a.enrolled, a.uitvalBefore]);
    }
    // the caveat stands beside every comparison of a phase where the arms differ, in each format
    const differing = e.results.beleving.filter((b) => b.survivorship?.differs);
    const klant = rowsOf(wb, 'Klantbeleving').filter((r) => r.Experiment === title);
    for (const r of klant) {
      const phase = e.results.beleving.find((b) => phaseLabel(b.phase) === r.Fase)!;
      expect(Boolean(r['Let op'])).toBe(Boolean(phase.survivorship?.differs));
    }
    if (differing.length) {
      expect(html).toContain('Let op: wie is er nog?');
      expect(text).toContain('Let op: wie is er nog?');
    }

    // the reviewer: a small cell of the JSON is `<5` in the XLSX, and so is the ratio built on it
    const rb = json.reviewer.experiments.find((x) => x.plan.key === 'wekelijkse-coaching')!.results.belevingUitval!;
    const small = rb.phases
      .flatMap((p) => [p.all, ...p.arms].map((r) => ({ p, r })))
      .find(({ r }) => r.negative.events === '<5' || r.others.events === '<5');
    expect(small).toBeDefined();
    const rrows = rowsOf(await readXlsx(files.reviewer.xlsx.body), 'Klantbeleving en uitval').filter(
      (r) => r.Experiment === title,
    );
    const rrow = rrows.find(
      (x) =>
        x.Fase === phaseLabel(small!.p.phase) && x.Groep === (small!.r.arm ? armName(small!.r.arm) : 'Alle groepen'),
    )!;
    expect([rrow['Negatief: uitval'], rrow['Anderen: uitval']]).toContain('<5');
    expect(rrow['Relatief risico']).toBe('<5');
    expect(String(rrow['Wat we zien'])).not.toMatch(/\d+%/);
  });

  it('sector ratios per cohort (issue 14): the same figures and cohort names in JSON, XLSX, HTML and PDF', async () => {
    const c = json.projectleider.sector.cohortRatios!;
    expect(c.cohort).toBe('2025-Q3');
    const wb = await readXlsx(files.projectleider.xlsx.body);
    const rows = rowsOf(wb, 'Verhoudingen per cohort');
    const html = files.projectleider.html.text;
    const text = squash((await pdfText(files.projectleider.pdf.body)).join('\n'));
    expect(html).toContain(htmlEsc(c.note));
    expect(text).toContain('Verhoudingen per cohort');
    let estimates = 0;
    for (const r of c.ratios) {
      const row = rows.find((x) => x.Cohort === r.cohortLabel)!;
      expect(row['In het cohort']).toBe(r.total.n);
      expect(row['Binnen een jaar bereikt']).toBe(r.total.events);
      expect(html).toContain(htmlEsc(r.cohortLabel));
      expect(text).toContain(squash(r.cohortLabel));
      if (r.total.status !== 'estimate') continue;
      estimates++;
      expect(row['Kans binnen een jaar']).toBeCloseTo(r.total.estimate!, 12);
      expect(row['95%-interval ondergrens']).toBeCloseTo(r.total.ci95![0], 12);
      expect(html).toContain(`<td class="num">${nlPct(r.total.estimate!)}</td>`);
      expect(text).toContain(nlPct(r.total.estimate!));
      const perGemeente = rowsOf(wb, 'Cohort per gemeente').filter((x) => x.Cohort === r.cohortLabel);
      expect(perGemeente.map((x) => x.Gemeente)).toEqual(r.byGemeente.map((g) => g.gemeente));
    }
    expect(estimates).toBeGreaterThan(0);
    // reviewers: the same cohorts, counts 1–4 and the estimates built on them as <5
    const anon = json.reviewer.sector.cohortRatios!;
    const anonRows = rowsOf(await readXlsx(files.reviewer.xlsx.body), 'Cohort per gemeente');
    for (const r of anon.ratios)
      for (const g of r.byGemeente) {
        const row = anonRows.find((x) => x.Cohort === r.cohortLabel && x.Gemeente === g.gemeente)!;
        expect(row['In het cohort']).toEqual(g.n);
        if (g.n === '<5' || g.events === '<5') expect(row['Kans binnen een jaar']).toBe('<5');
      }
  });

  it('reviewer: no hidden gemeente, `<5` where the JSON has it, no participant reference (XLSX, HTML, PDF)', async () => {
    const r = json.reviewer;
    const rawJson = JSON.stringify(r);
    expect(rawJson).toContain('"<5"'); // the seeded cohort has small per-gemeente counts

    const wb = await readXlsx(files.reviewer.xlsx.body);
    const cells = allCells(wb);
    const texts = cells.map((c) => String(c.value ?? ''));
    const pages = await pdfText(files.reviewer.pdf.body);
    const html = files.reviewer.html.text;
    for (const [name, text] of [
      ['xlsx', texts.join('\n')],
      ['html', html],
      ['pdf', pages.join('\n')],
    ] as const) {
      for (const hidden of HIDDEN)
        expect({ name, hidden, found: text.toLowerCase().includes(hidden) }).toEqual({ name, hidden, found: false });
      expect(text).not.toMatch(PARTICIPANT);
      expect(text).toMatch(/Gemeente [A-Z]\b/);
      expect(text).toContain('Lindewaard'); // consented to be named
    }
    expect(texts).toContain('<5');
    expect(html).toContain('&lt;5');
    expect(pages.join('\n')).toContain('<5');

    // every suppressed per-gemeente count of the JSON is `<5` in the XLSX, and nowhere a number
    const perGemeente = rowsOf(wb, 'Per gemeente');
    let checked = 0;
    for (const e of r.experiments) {
      const armName = (k: string) => e.plan.arms.find((a) => a.key === k)!.name;
      for (const m of e.results.metrics) {
        for (const g of m.byGemeente) {
          for (const a of g.arms) {
            const row = perGemeente.find(
              (x) =>
                x.Experiment === e.plan.title &&
                String(x.Uitkomst) === metricLabel(m.metric) &&
                x.Gemeente === g.gemeente &&
                x.Groep === armName(a.arm),
            )!;
            expect(row).toBeDefined();
            expect(row.Bereikt).toEqual(a.events);
            expect(row.Percentage).toEqual(a.rate);
            if (a.events === '<5') checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    // no count from 1 to 4 anywhere in the per-gemeente sheets
    for (const sheet of ['Per gemeente', 'Sector per gemeente']) {
      const ws = wb.getWorksheet(sheet)!;
      const head = ws.getRow(1).values as string[];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        row.eachCell((cell, i) => {
          if (
            /Ingeschreven|gevolgd|Bereikt|Aanmelding|Intake$|No-show|Instroom|Gereed$|Akkoord$|Uitval/.test(head[i])
          ) {
            expect(cell.value === '<5' || typeof cell.value !== 'number' || cell.value === 0 || cell.value >= 5).toBe(
              true,
            );
          }
        });
      });
    }
  });
});

function metricLabel(m: string): string {
  return (
    (
      {
        gereed_voor_schuldregeling: 'Gereed voor schuldregeling',
        uitval: 'Uitval',
        akkoord_schuldregeling: 'Akkoord schuldregeling',
      } as Record<string, string>
    )[m] ?? m
  );
}
