/**
 * Gemeente context (issue 14, item 8) against the real API and PostgreSQL: the routes per role,
 * every refusal a 400 with its field and code, row-level security between gemeenten (also for a
 * deliberately unscoped query), the audit trail, and the quarterly report: each gemeente's context
 * beside its figures, the sector counts per werkwijze (summed by hand here), and the reviewer's
 * view with letter codes and `<5`.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { AnonymisedReport, QuarterlyReport } from '@living-lab/domain';
import { runWithDbContext } from '../../libs/db/src';
import { todayIso } from '../../libs/domain/src';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { demoData } from '../helpers/builders';

const A = 'lindewaard';
const B = 'veenhoven';
const YEAR = 2024; // not seeded (the demo context is 2025 and 2026)
const THIS_YEAR = Number(todayIso().slice(0, 4));
const url = (g: string, y?: number | string) => `/api/v1/gemeenten/${g}/context${y === undefined ? '' : `/${y}`}`;
const ROOT = path.resolve(__dirname, '../..');

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The text of a PDF by pdfjs-dist (ESM only, so in a child `node`), as report-formats.e2e.spec.ts reads it. */
const EXTRACT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
const require = createRequire(process.cwd() + '/');
const fonts = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';
const chunks = []; for await (const c of process.stdin) chunks.push(c);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), standardFontDataUrl: fonts, isEvalSupported: false, verbosity: 0 }).promise;
let out = '';
for (let i = 1; i <= doc.numPages; i++) { const t = await (await doc.getPage(i)).getTextContent(); out += t.items.map((x) => x.str + (x.hasEOL ? '\\n' : ' ')).join(''); }
process.stdout.write(out);
`;
const pdfText = (pdf: Buffer) =>
  new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', EXTRACT],
      { cwd: ROOT, maxBuffer: 64 << 20 },
      (err, out, e) => (err ? reject(new Error(`${err.message}\n${e}`)) : resolve(out.replace(/\s+/g, ' '))),
    );
    child.stdin!.end(pdf);
  });

async function sheetRows(buf: Buffer, sheet: string): Promise<Record<string, ExcelJS.CellValue>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
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

const body = { werkwijze: 'maatwerk', regisseur: true, uitbesteed: ['budgetcoaching', 'intake'], caseloadPerFte: 42.5 };

describe('gemeente context (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, demoData()));
  });
  afterAll(() => t?.close());

  describe('routes and roles', () => {
    it('a gemeente user records its own year (201, then 200), reads it back, and the change is audited', async () => {
      const me = await t.auth(`medewerker-${A}`);
      const first = await t.http.put(url(A, YEAR)).set(me).send(body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        gemeente: A,
        year: YEAR,
        werkwijze: 'maatwerk',
        regisseur: true,
        uitbesteed: ['intake', 'budgetcoaching'], // vocabulary order
        caseloadPerFte: 42.5,
        recordedBy: `medewerker-${A}`,
      });
      expect(first.body.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      const again = await t.http
        .put(url(A, YEAR))
        .set(me)
        .send({ ...body, werkwijze: 'procesgericht', uitbesteed: [], caseloadPerFte: null });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ werkwijze: 'procesgericht', uitbesteed: [], caseloadPerFte: null });

      const one = await t.http.get(url(A, YEAR)).set(me);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ werkwijze: 'procesgericht', regisseur: true, uitbesteed: [] });
      const all = await t.http.get(url(A)).set(me);
      expect(all.status).toBe(200);
      expect(all.body.map((c: { year: number }) => c.year)).toEqual([2026, 2025, 2024]); // newest first

      const audit = await t.admin.query(
        `SELECT actor, action, before, after FROM audit_entry WHERE entity = 'gemeente_context' AND entity_id = $1 ORDER BY id`,
        [`${A}/${YEAR}`],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['create', 'update']);
      expect(audit[0]).toMatchObject({ actor: `medewerker-${A}`, before: null });
      expect(audit[1].before).toMatchObject({ werkwijze: 'maatwerk', caseloadPerFte: 42.5 });
      expect(audit[1].after).toMatchObject({ werkwijze: 'procesgericht', caseloadPerFte: null });
    });

    it('a gemeente user cannot read or write another gemeente (403), not even its list', async () => {
      const me = await t.auth(`medewerker-${A}`);
      for (const r of [
        await t.http.get(url(B)).set(me),
        await t.http.get(url(B, 2025)).set(me),
        await t.http.put(url(B, YEAR)).set(me).send(body),
      ]) {
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('auth.other_gemeente');
      }
      const [{ n }] = await t.admin.query(
        'SELECT count(*)::int AS n FROM gemeente_context WHERE gemeente_code = $1 AND year = $2',
        [B, YEAR],
      );
      expect(n).toBe(0);
    });

    it('a beheerder reads and writes every gemeente; a projectleider only reads; a reviewer gets nothing', async () => {
      const admin = await t.auth('admin');
      expect((await t.http.put(url(B, YEAR)).set(admin).send(body)).status).toBe(201);
      const pl = await t.auth('projectleider');
      const read = await t.http.get(url(B, YEAR)).set(pl);
      expect(read.status).toBe(200);
      expect(read.body.recordedBy).toBe('admin');
      expect((await t.http.get(url(A)).set(pl)).status).toBe(200);
      const plPut = await t.http.put(url(B, YEAR)).set(pl).send(body);
      expect(plPut.status).toBe(403);
      expect(plPut.body.code).toBe('auth.role_forbidden');
      const rev = await t.auth('reviewer');
      for (const r of [await t.http.get(url(B)).set(rev), await t.http.get(url(B, 2025)).set(rev)])
        expect(r.status).toBe(403);
      expect((await t.http.put(url(B, YEAR)).set(rev).send(body)).status).toBe(403);
    });

    it('an unknown gemeente is 404; a year not recorded is 404 with a Dutch message', async () => {
      const admin = await t.auth('admin');
      const g = await t.http.get(url('bestaat-niet', 2025)).set(admin);
      expect(g.status).toBe(404);
      expect(g.body.code).toBe('gemeente.not_found');
      expect((await t.http.put(url('bestaat-niet', 2025)).set(admin).send(body)).status).toBe(404);
      const y = await t.http.get(url(A, 2003)).set(admin);
      expect(y.status).toBe(404);
      expect(y.body).toMatchObject({
        code: 'context.not_found',
        message: 'Voor 2003 is de werkwijze van deze gemeente nog niet vastgelegd.',
      });
    });
  });

  describe('bad input: 400 with field and reason, nothing stored', () => {
    const cases: [string, number | string, unknown, string, string][] = [
      ['a year in the future', THIS_YEAR + 1, body, 'year', 'context.year_invalid'],
      ['a year before 2000', 1999, body, 'year', 'context.year_invalid'],
      ['a year that is no year', '20x5', body, 'year', 'context.year_invalid'],
      ['a year with five digits', '02024', body, 'year', 'context.year_invalid'],
      ['an unknown werkwijze', YEAR, { ...body, werkwijze: 'hybride' }, 'werkwijze', 'context.werkwijze_unknown'],
      ['no werkwijze', YEAR, { ...body, werkwijze: undefined }, 'werkwijze', 'context.werkwijze_unknown'],
      ['regisseur as text', YEAR, { ...body, regisseur: 'ja' }, 'regisseur', 'context.regisseur_invalid'],
      ['uitbesteed not a list', YEAR, { ...body, uitbesteed: 'intake' }, 'uitbesteed', 'context.uitbesteed_invalid'],
      [
        'an unknown part',
        YEAR,
        { ...body, uitbesteed: ['intake', 'catering'] },
        'uitbesteed',
        'context.uitbesteed_unknown',
      ],
      ['caseload 0', YEAR, { ...body, caseloadPerFte: 0 }, 'caseloadPerFte', 'context.caseload_invalid'],
      ['a negative caseload', YEAR, { ...body, caseloadPerFte: -5 }, 'caseloadPerFte', 'context.caseload_invalid'],
      [
        'caseload as text with a comma',
        YEAR,
        { ...body, caseloadPerFte: '42,5' },
        'caseloadPerFte',
        'context.caseload_invalid',
      ],
      ['a huge caseload', YEAR, { ...body, caseloadPerFte: 1e9 }, 'caseloadPerFte', 'context.caseload_invalid'],
      ['no caseload field', YEAR, { ...body, caseloadPerFte: undefined }, 'caseloadPerFte', 'context.caseload_invalid'],
    ];
    it.each(cases)('%s', async (_name, year, b, field, code) => {
      const me = await t.auth('medewerker-brederwijk');
      const before = await t.admin.query('SELECT count(*)::int AS n FROM gemeente_context');
      const r = await t.http
        .put(url('brederwijk', year))
        .set(me)
        .send(b as object);
      expect(r.status).toBe(400);
      // bad input lists its problems under the generic message (http-exception.filter.ts)
      expect(r.body.code).toBe(code);
      expect(r.body.errors).toEqual([
        expect.objectContaining({ field, code, message: expect.stringMatching(/^[A-Z].*\.$/) }),
      ]);
      expect(r.body.message).not.toMatch(/\{\w+\}/);
      expect(await t.admin.query('SELECT count(*)::int AS n FROM gemeente_context')).toEqual(before);
    });

    it('says the allowed years in Dutch, and lists every problem of a body at once', async () => {
      const me = await t.auth('medewerker-brederwijk');
      const y = await t.http.get(url('brederwijk', 1999)).set(me);
      expect(y.status).toBe(400);
      expect(y.body.errors).toEqual([
        { field: 'year', code: 'context.year_invalid', message: `Kies een jaar van 2000 tot en met ${THIS_YEAR}.` },
      ]);
      const r = await t.http
        .put(url('brederwijk', YEAR))
        .set(me)
        .send({ werkwijze: 'x', regisseur: 1, uitbesteed: [3], caseloadPerFte: 0 });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('input.invalid');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'werkwijze',
        'regisseur',
        'uitbesteed',
        'caseloadPerFte',
      ]);
      const unknown = await t.http
        .put(url('brederwijk', YEAR))
        .set(me)
        .send({ ...body, gemeente: A });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'gemeente' })]);
    });

    it('accepts this year, 2000, and a caseload with decimals (stored to two decimals)', async () => {
      const me = await t.auth('medewerker-brederwijk');
      const now = await t.http
        .put(url('brederwijk', 2000))
        .set(me)
        .send({ ...body, caseloadPerFte: 37.456 });
      expect(now.status).toBe(201);
      expect(now.body.caseloadPerFte).toBe(37.46);
      expect((await t.http.get(url('brederwijk', THIS_YEAR)).set(me)).status).not.toBe(400);
    });
  });

  describe('row-level security', () => {
    it('an unscoped SELECT under a gemeente context sees only that gemeente; a reviewer context nothing', async () => {
      const rows: { gemeente_code: string }[] = await runWithDbContext({ role: 'gemeente', gemeente: A }, () =>
        t.ds.query('SELECT * FROM gemeente_context'),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.gemeente_code))).toEqual(new Set([A]));
      const none = await runWithDbContext({ role: 'reviewer', gemeente: null }, () =>
        t.ds.query('SELECT * FROM gemeente_context'),
      );
      expect(none).toEqual([]);
      const pl: unknown[] = await runWithDbContext({ role: 'projectleider', gemeente: null }, () =>
        t.ds.query('SELECT * FROM gemeente_context'),
      );
      expect(pl.length).toBeGreaterThan(6);
    });

    it('a gemeente context cannot write another gemeente, and a projectleider context cannot write at all', async () => {
      await expect(
        runWithDbContext({ role: 'gemeente', gemeente: A }, () =>
          t.ds.query(
            `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, recorded_by) VALUES ($1, 2010, 'maatwerk', true, 'x')`,
            [B],
          ),
        ),
      ).rejects.toThrow(/row-level security/);
      const updated = await runWithDbContext({ role: 'gemeente', gemeente: A }, () =>
        t.ds.query(`UPDATE gemeente_context SET werkwijze = 'maatwerk' WHERE gemeente_code = $1`, [B]),
      );
      expect(updated[1]).toBe(0); // B's rows are invisible, so nothing is updated
      await expect(
        runWithDbContext({ role: 'projectleider', gemeente: null }, () =>
          t.ds.query(
            `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, recorded_by) VALUES ($1, 2011, 'maatwerk', true, 'x')`,
            [A],
          ),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('the CHECKs hold the vocabulary even for raw SQL', async () => {
      await expect(
        t.admin.query(
          `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, uitbesteed, recorded_by) VALUES ($1, 2012, 'maatwerk', true, '{catering}', 'x')`,
          [A],
        ),
      ).rejects.toThrow(/check constraint/);
      await expect(
        t.admin.query(
          `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, recorded_by) VALUES ($1, 2012, 'hybride', true, 'x')`,
          [A],
        ),
      ).rejects.toThrow(/check constraint/);
      await expect(
        t.admin.query(
          `INSERT INTO gemeente_context (gemeente_code, year, werkwijze, regisseur, caseload_per_fte, recorded_by) VALUES ($1, 2012, 'maatwerk', true, 0, 'x')`,
          [A],
        ),
      ).rejects.toThrow(/check constraint/);
    });
  });

  describe('the quarterly report', () => {
    const QUARTER = '2026-Q3';
    let full: QuarterlyReport;
    let reviewer: AnonymisedReport;

    beforeAll(async () => {
      // published once, so that every format below reads the stored version instead of computing a draft
      const pl = await t.auth('projectleider');
      expect((await t.http.post(`/api/v1/reports/quarterly/${QUARTER}/publish`).set(pl)).status).toBe(201);
      full = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(pl)).body;
      reviewer = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('reviewer'))).body;
    }, 180_000);

    it('shows each gemeente’s context of the report’s year beside its figures', () => {
      const c = full.sector.context!;
      expect(c.year).toBe(2026);
      expect(c.note).toMatch(/^Geen effect, alleen verschil\./);
      expect(c.gemeenten.map((g) => g.gemeente)).toEqual(full.sector.byGemeente.map((g) => g.gemeente));
      expect(c.gemeenten.find((g) => g.gemeente === 'maasbergen')!.context).toEqual({
        werkwijze: 'maatwerk',
        regisseur: true,
        uitbesteed: ['budgetbeheer'],
        caseloadPerFte: 42.5,
      });
      expect(c.gemeenten.find((g) => g.gemeente === 'veenhoven')!.context).toMatchObject({
        werkwijze: 'procesgericht',
        regisseur: false,
        uitbesteed: ['stabilisatie', 'administratieve_hulp', 'budgetbeheer'],
        caseloadPerFte: 85,
      });
    });

    it('splits the sector counts by werkwijze: the sums of the gemeenten, summed here by hand', () => {
      const c = full.sector.context!;
      expect(c.byWerkwijze.map((w) => w.werkwijze)).toEqual(['procesgericht', 'maatwerk']);
      const werkwijze = new Map(c.gemeenten.map((g) => [g.gemeente, g.context?.werkwijze]));
      for (const w of c.byWerkwijze) {
        const members = full.sector.byGemeente.filter((g) => werkwijze.get(g.gemeente) === w.werkwijze);
        expect(w.gemeenten).toEqual(members.map((g) => g.gemeente));
        for (const step of [
          'aanmelding',
          'intake',
          'instroom_stabilisatie',
          'gereed_voor_schuldregeling',
          'uitval',
        ] as const)
          expect(w.counts[step]).toBe(members.reduce((s, g) => s + g.counts[step], 0));
        const gereed = members.reduce((s, g) => s + g.counts.gereed_voor_schuldregeling, 0);
        const instroom = members.reduce((s, g) => s + g.counts.instroom_stabilisatie, 0);
        expect(w.shares.gereedPerInstroom).toBeCloseTo(gereed / instroom, 12);
      }
      // every gemeente in exactly one group; the groups add up to the sector
      expect(c.byWerkwijze.flatMap((w) => w.gemeenten).sort()).toEqual(
        full.sector.byGemeente.map((g) => g.gemeente).sort(),
      );
      expect(c.byWerkwijze.reduce((s, w) => s + w.counts.aanmelding, 0)).toBe(full.sector.total.counts.aanmelding);
    });

    it('reviewers see the context under letter codes, with counts 1–4 as <5 and no hidden gemeente', () => {
      const c = reviewer.sector.context!;
      expect(c).toBeDefined();
      const json = JSON.stringify(c);
      for (const hidden of ['veenhoven', 'oosterkamp', 'hoogdijk', 'maasbergen']) expect(json).not.toContain(hidden);
      expect(c.gemeenten.map((g) => g.gemeente)).toEqual(expect.arrayContaining(['Lindewaard', 'Brederwijk']));
      expect(c.gemeenten.filter((g) => /^Gemeente [A-Z]$/.test(g.gemeente))).toHaveLength(4);
      // the same label as in the sector figures per gemeente
      expect(new Set(c.gemeenten.map((g) => g.gemeente))).toEqual(
        new Set(reviewer.sector.byGemeente.map((g) => g.gemeente)),
      );
      for (const w of c.byWerkwijze)
        for (const v of Object.values(w.counts))
          expect(v === '<5' || v === '×' || v === 0 || (typeof v === 'number' && v >= 5)).toBe(true);
      // no hidden count can be worked out as a total minus the shown parts: a line (sector total =
      // Σ werkwijzen, a werkwijze = Σ its gemeenten) never has exactly one hidden cell
      const byLabel = new Map(reviewer.sector.byGemeente.map((g) => [g.gemeente, g]));
      for (const k of Object.keys(reviewer.sector.total.counts) as (keyof typeof reviewer.sector.total.counts)[]) {
        const lines = [
          [reviewer.sector.total.counts[k], ...c.byWerkwijze.map((w) => w.counts[k])],
          ...c.byWerkwijze.map((w) => [w.counts[k], ...w.gemeenten.map((g) => byLabel.get(g)!.counts[k])]),
        ];
        for (const line of lines) expect(line.filter((v) => typeof v === 'string').length).not.toBe(1);
      }
      expect(c.gemeenten.find((g) => g.gemeente === 'Lindewaard')!.context).toMatchObject({
        werkwijze: 'maatwerk',
        caseloadPerFte: 38,
      });
    });

    it('HTML, PDF and XLSX show the same context and counts as the JSON, for the projectleider and the reviewer', async () => {
      for (const [who, json] of [
        ['projectleider', full],
        ['reviewer', reviewer],
      ] as const) {
        const auth = await t.auth(who);
        const base = `/api/v1/reports/quarterly/${QUARTER}`;
        const c = json.sector.context!;
        const xlsx = await t.http.get(`${base}.xlsx`).set(auth).buffer(true).parse(binary);
        expect(xlsx.status).toBe(200);
        const perGemeente = await sheetRows(xlsx.body, 'Werkwijze per gemeente');
        expect(perGemeente.map((r) => r.Gemeente)).toEqual(c.gemeenten.map((g) => g.gemeente));
        for (const g of c.gemeenten) {
          const row = perGemeente.find((r) => r.Gemeente === g.gemeente)!;
          const figures = json.sector.byGemeente.find((x) => x.gemeente === g.gemeente)!;
          expect(row.Werkwijze).toBe(
            g.context
              ? { maatwerk: 'Maatwerk', procesgericht: 'Procesgericht' }[g.context.werkwijze]
              : 'Niet vastgelegd',
          );
          expect(row.Regisseur).toBe(g.context ? (g.context.regisseur ? 'ja' : 'nee') : undefined);
          expect(row['Caseload per fte'] ?? null).toBe(g.context?.caseloadPerFte ?? null);
          expect(row['Aanmeldingen (aantal)']).toEqual(figures.counts.aanmelding);
          expect(row['Gereed (aantal)']).toEqual(figures.counts.gereed_voor_schuldregeling);
        }
        const perWerkwijze = await sheetRows(xlsx.body, 'Sector per werkwijze');
        expect(perWerkwijze.map((r) => r.Werkwijze)).toEqual(['Procesgericht', 'Maatwerk']);
        for (const [i, w] of c.byWerkwijze.entries()) {
          expect(perWerkwijze[i]['Aanmeldingen (aantal)']).toEqual(w.counts.aanmelding);
          expect(perWerkwijze[i]['Instroom stabilisatie (aantal)']).toEqual(w.counts.instroom_stabilisatie);
          expect(perWerkwijze[i]['Uitval (aantal)']).toEqual(w.counts.uitval);
          expect(perWerkwijze[i].Gemeenten).toBe(w.gemeenten.join(', '));
        }
        // counts of people 1-4 never appear as numbers in the reviewer's sheets
        if (who === 'reviewer')
          for (const r of [...perGemeente, ...perWerkwijze])
            for (const [k, v] of Object.entries(r))
              if (k.endsWith('(aantal)'))
                expect(v === '<5' || v === '×' || v === 0 || (typeof v === 'number' && v >= 5)).toBe(true);

        const html = (await t.http.get(`${base}.html`).set(auth)).text;
        expect(html).toContain('<h3>Werkwijze van de gemeenten in 2026</h3>');
        expect(html).toContain('Geen effect, alleen verschil.');
        expect(html).toContain('De sector per werkwijze (2026): aantallen deelnemers in dit kwartaal');
        const pdf = await t.http.get(`${base}.pdf`).set(auth).buffer(true).parse(binary);
        const text = await pdfText(pdf.body);
        expect(text).toContain('Werkwijze van de gemeenten in 2026');
        expect(text).toContain('Geen effect, alleen verschil.');
        if (who === 'reviewer') {
          for (const hidden of ['veenhoven', 'oosterkamp', 'hoogdijk', 'maasbergen', 'Veenhoven', 'Maasbergen']) {
            expect(html).not.toContain(hidden);
            expect(text).not.toContain(hidden);
          }
        } else expect(html).toContain('42,5'); // maasbergen's caseload, decimal comma
      }
    }, 180_000);

    it('a gemeente without a werkwijze for the year falls under "onbekend", with its own counts', async () => {
      await t.admin.query(`DELETE FROM gemeente_context WHERE gemeente_code = 'hoogdijk' AND year = 2025`);
      const older = (
        await t.http.get('/api/v1/reports/quarterly/2025-Q4?draft=true').set(await t.auth('projectleider'))
      ).body as QuarterlyReport;
      const c = older.sector.context!;
      expect(c.year).toBe(2025);
      expect(c.gemeenten.find((g) => g.gemeente === 'hoogdijk')!.context).toBeNull();
      expect(c.byWerkwijze.map((w) => w.werkwijze)).toEqual(['procesgericht', 'maatwerk', 'onbekend']);
      const unknown = c.byWerkwijze[2];
      const hoogdijk = older.sector.byGemeente.find((g) => g.gemeente === 'hoogdijk')!;
      expect(unknown.gemeenten).toEqual(['hoogdijk']);
      expect(unknown.counts).toEqual(hoogdijk.counts);
      // 2025: maasbergen was still procesgericht
      expect(c.byWerkwijze[0].gemeenten).toEqual(['maasbergen', 'oosterkamp', 'veenhoven']);
    }, 180_000);
  });
});
