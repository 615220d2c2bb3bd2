import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import * as unzipper from 'unzipper';
import { readTable, UnreadableFileError, XLSX_LIMITS, type TableRow } from './table-reader';

// Issue 18, finding 4: the XLSX reader keeps every part of the file bounded in memory and writes
// nothing of an upload outside the upload's own file (exceljs's single pass spills a worksheet
// that comes before the shared strings into the shared temp folder, of any size).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'table-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function writeXlsx(name: string, rows: string[][], useSharedStrings: boolean): Promise<string> {
  const file = path.join(dir, name);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
  const ws = wb.addWorksheet('events');
  for (const r of rows) ws.addRow(r).commit();
  await ws.commit();
  await wb.commit();
  return file;
}

async function entryOrder(file: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of fs.createReadStream(file).pipe(unzipper.Parse({ forceStream: true }))) {
    names.push(e.path);
    e.autodrain();
  }
  return names;
}

async function readAll(file: string, limits = XLSX_LIMITS): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const batch of readTable(file, 'xlsx', undefined, limits)) out.push(...batch);
  return out;
}

const header = ['gemeente', 'participant_ref', 'milestone', 'occurred_on'];

describe('XLSX reader', () => {
  it('reads a worksheet stored before its shared strings (as Excel orders them) without a temp file', async () => {
    const rows = [
      header,
      ...Array.from({ length: 50 }, (_, i) => ['lindewaard', `R-${i}`, 'aanmelding', '2026-01-02']),
    ];
    const file = await writeXlsx('excel-order.xlsx', rows, true);
    const order = await entryOrder(file);
    expect(order.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(order.indexOf('xl/sharedStrings.xml'));
    // exceljs's own reader would call tmp.file for this worksheet.
    const tmp = jest.requireActual<{ file: (...a: unknown[]) => unknown }>('tmp');
    const spill = jest.spyOn(tmp, 'file');
    const read = await readAll(file);
    expect(spill).not.toHaveBeenCalled();
    spill.mockRestore();
    expect(read.map((r) => r.cells)).toEqual(rows);
    expect(read[1].row).toBe(2);
  });

  it('refuses a worksheet of inline strings past its unzipped limit with a Dutch reason', async () => {
    const filler = 'x'.repeat(200);
    const rows = [
      header,
      ...Array.from({ length: 3000 }, (_, i) => ['lindewaard', `${filler}${i}`, 'aanmelding', '2026-01-02']),
    ];
    const file = await writeXlsx('inline.xlsx', rows, false);
    expect(await entryOrder(file)).not.toContain('xl/sharedStrings.xml');
    const limits = { sharedStringsBytes: XLSX_LIMITS.sharedStringsBytes, partBytes: 256 * 1024 };
    const err = await readAll(file, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as Error).message).toMatch(/te groot om in te lezen: een werkblad is uitgepakt meer dan 0.25 MB/);
    // Under the default limits the same file reads whole.
    expect(await readAll(file)).toHaveLength(rows.length);
  });

  it('refuses shared strings past their limit', async () => {
    const rows = [
      header,
      ...Array.from({ length: 2000 }, (_, i) => ['lindewaard', `${'y'.repeat(300)}${i}`, 'aanmelding', '2026-01-02']),
    ];
    const file = await writeXlsx('shared.xlsx', rows, true);
    const limits = { sharedStringsBytes: 128 * 1024, partBytes: XLSX_LIMITS.partBytes };
    const err = await readAll(file, limits).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/de tekst in de cellen is uitgepakt meer dan/);
  });
});
