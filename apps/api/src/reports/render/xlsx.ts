/**
 * The report as a workbook (exceljs): one sheet per table. Numbers stay numbers, rates are fractions
 * with a percentage format, intervals become two columns, and `<5` stays text.
 */
import ExcelJS from 'exceljs';
import { anonymisationNote, isAnonymised, spreadsheetText, type ReportView as ReportJson } from '@living-lab/domain';
import * as f from './format';
import { buildTables, type Cell, type Column, type Kind } from './model';
import { begrippenTable } from './begrippen';
import { reflectionTables } from './reflection';
import { contextTables } from './context';

const NUM_FMT: Record<Kind, string | undefined> = {
  text: undefined,
  date: undefined,
  int: '#,##0',
  rate: '0.0%',
  chance: '0%',
  pp: '+0.0%;-0.0%;0.0%',
  ppu: '0.0%',
  p: '0.0000',
  ratio: '0.00',
  dec1: '0.0',
  dec2: '0.00',
};

function value(col: Column, v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (col.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  // a chance near certainty reads "meer dan 99%", never 100% (findings.ts)
  if (col.kind === 'chance' && typeof v === 'number' && (v > 0.99 || v < 0.01)) return f.chance(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return spreadsheetText(String(v));
}

export async function renderXlsx(report: ReportJson): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Living lab stabilisatie';
  wb.title = `Kwartaalreflectie ${report.quarter}`;
  wb.created = report.generatedAt ? new Date(report.generatedAt) : new Date(0);

  const about = wb.addWorksheet('Over dit rapport');
  about.columns = [{ width: 28 }, { width: 90 }];
  const pub = report.publication;
  const rows: [string, ExcelJS.CellValue][] = [
    ['Rapport', `Kwartaalreflectie ${report.quarter}`],
    ['Periode', `${f.date(report.period?.start)} tot en met ${f.date(report.period?.end)}`],
    ['Cijfers tot en met', f.date(report.asOf)],
    [
      'Versie',
      pub ? `Gepubliceerde versie ${pub.version} van ${f.date(pub.publishedAt)}` : 'Concept: nog niet gepubliceerd',
    ],
    ['Weergave', isAnonymised(report) ? 'Voor meelezers (geanonimiseerd)' : 'Volledig'],
    ['Gemaakt met', report.engineVersion ?? null],
    ['Controlegetal gegevens', pub?.inputHash ?? null],
    ['Percentages', 'Percentages zijn breuken met een percentage-opmaak; verschillen zijn in procentpunten.'],
  ];
  const note = anonymisationNote(report);
  if (note) rows.push(['Anonimisering', note]);
  for (const r of rows) about.addRow(r);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  for (const t of [...reflectionTables(report), ...buildTables(report), ...contextTables(report), begrippenTable()]) {
    const ws = wb.addWorksheet(t.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    // an interval column becomes two columns: lower and upper limit
    const cols: { col: Column; src: number; side?: 0 | 1; label: string }[] = t.columns.flatMap((c, i) =>
      c.interval
        ? [
            { col: c, src: i, side: 0 as const, label: `${c.label} ondergrens` },
            { col: c, src: i, side: 1 as const, label: `${c.label} bovengrens` },
          ]
        : [{ col: c, src: i, label: c.label }],
    );
    ws.addRow(cols.map((c) => c.label));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { wrapText: true, vertical: 'bottom' };
    for (const r of t.rows) {
      ws.addRow(
        cols.map(({ col, src, side }) => {
          const v: Cell = r.cells[src];
          if (side === undefined) return value(col, v);
          return Array.isArray(v) ? value(col, v[side]) : value(col, v); // `<5` in both limits
        }),
      );
    }
    cols.forEach(({ col }, i) => {
      const c = ws.getColumn(i + 1);
      const fmt = col.kind === 'date' ? 'd mmmm yyyy' : NUM_FMT[col.kind];
      if (fmt) c.numFmt = fmt;
      const longest = Math.max(
        col.label.length * 0.6,
        ...t.rows.map((r) => {
          const v = r.cells[cols[i].src];
          return typeof v === 'string' ? v.length : 8;
        }),
      );
      c.width = Math.min(col.kind === 'text' ? 60 : 16, Math.max(10, longest + 2));
      if (col.kind === 'text') c.alignment = { wrapText: true, vertical: 'top' };
    });
    // notes go to the first sheet, so that every table sheet is data only
    if (t.note) about.addRow([`Toelichting ${t.sheet}`, t.note]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
