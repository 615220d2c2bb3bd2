/**
 * The analysis dataset as a workbook (exceljs): the sheets `data` (one row per enrolment, numbers
 * as numbers, dates as dates), `woordenboek` (the data dictionary) and `R-opdrachten` (the R
 * commands, one line per row). Columns and dictionary come from the one list in libs/domain
 * (dataset.ts); every text cell goes through the spreadsheet neutraliser.
 */
import ExcelJS from 'exceljs';
import { datasetCells, datasetDictionary, dictionaryValues, spreadsheetText } from '@living-lab/domain';
import type { Dataset } from './dataset.service';

const text = (v: string | null | undefined): ExcelJS.CellValue =>
  v === null || v === undefined ? null : spreadsheetText(v);

export async function renderDatasetXlsx(d: Dataset, rScript: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Living lab stabilisatie';
  wb.title = `Analysebestand ${d.experiment} ${d.asOf}`;
  wb.created = new Date(`${d.asOf}T00:00:00Z`);

  const data = wb.addWorksheet('data', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.addRow(d.columns.map((c) => c.name));
  data.getRow(1).font = { bold: true };
  for (const r of d.rows) {
    data.addRow(
      datasetCells(d.columns, r).map((v, i): ExcelJS.CellValue => {
        if (v === null) return null;
        if (typeof v === 'number') return v;
        return d.columns[i].type === 'datum' ? new Date(`${v}T00:00:00Z`) : text(v);
      }),
    );
  }
  d.columns.forEach((c, i) => {
    const col = data.getColumn(i + 1);
    col.width = Math.max(10, Math.min(30, c.name.length + 2));
    if (c.type === 'datum') col.numFmt = 'yyyy-mm-dd';
  });

  const dict = wb.addWorksheet('woordenboek', { views: [{ state: 'frozen', ySplit: 1 }] });
  dict.columns = [{ width: 32 }, { width: 80 }, { width: 14 }, { width: 60 }];
  dict.addRow(['kolom', 'omschrijving', 'type', 'waarden']);
  dict.getRow(1).font = { bold: true };
  for (const e of datasetDictionary(d.columns))
    dict.addRow([e.name, text(e.description), e.type, text(dictionaryValues(e))]);
  dict.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  dict.getColumn(4).alignment = { wrapText: true, vertical: 'top' };

  const r = wb.addWorksheet('R-opdrachten');
  r.columns = [{ width: 140 }];
  for (const line of rScript.replace(/\n$/, '').split('\n')) r.addRow([text(line)]);
  r.getColumn(1).font = { name: 'Courier New' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
