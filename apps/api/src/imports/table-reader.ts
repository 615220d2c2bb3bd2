import * as fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import * as unzipper from 'unzipper';
import { MAX_RECORD_BYTES } from './import-format';

/** One record of an import file: its spreadsheet row number (header = row 1) and its cells. */
export interface TableRow {
  row: number;
  cells: string[];
}

export type FileFormat = 'csv' | 'xlsx';

/** XLSX files are zip archives: they start with "PK\x03\x04". Everything else is read as CSV. */
export async function detectFormat(path: string, name = ''): Promise<FileFormat> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    await fd.read(buf, 0, 4, 0);
    if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  } finally {
    await fd.close();
  }
  return /\.xlsx$/i.test(name) ? 'xlsx' : 'csv';
}

/**
 * The separators of a CSV file, from its first line: the cell separator `;` (Dutch Excel) or `,`,
 * whichever occurs more often outside quotes, and the line ending (`\r\n`, `\n` or `\r`, the
 * first one outside quotes; `\n` when there is none). Given to csv-parse explicitly: its own
 * discovery of the line ending costs ~0.4 s per MB on a line that has none.
 */
export async function detectDelimiter(path: string): Promise<{ cell: ',' | ';'; record: '\r\n' | '\n' | '\r' }> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    let inQuotes = false;
    let commas = 0;
    let semis = 0;
    let record: '\r\n' | '\n' | '\r' = '\n';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') inQuotes = !inQuotes;
      else if (!inQuotes && (ch === '\n' || ch === '\r')) {
        record = ch === '\n' ? '\n' : text[i + 1] === '\n' ? '\r\n' : '\r';
        break;
      } else if (!inQuotes && ch === ',') commas++;
      else if (!inQuotes && ch === ';') semis++;
    }
    return { cell: semis >= commas && semis > 0 ? ';' : ',', record };
  } finally {
    await fd.close();
  }
}

export class UnreadableFileError extends Error {
  constructor(
    public readonly row: number | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Streams the records of a CSV or XLSX file (first worksheet), header first. Memory stays bounded:
 * csv-parse and exceljs's streaming WorkbookReader both hand over one record at a time.
 * `onBytes` reports how far into the file the reader is (for progress).
 */
export async function* readTable(
  path: string,
  format: FileFormat,
  onBytes?: (bytes: number, chunk: Buffer) => void,
  xlsxLimits: XlsxLimits = XLSX_LIMITS,
): AsyncGenerator<TableRow[]> {
  if (format === 'xlsx') {
    yield* readXlsx(path, onBytes, xlsxLimits);
    return;
  }
  const separators = await detectDelimiter(path);
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes, chunk as Buffer);
  });
  // No `info` and no skip_empty_lines: both cost a third of the parse time. Every record is one
  // spreadsheet row (a quoted cell may hold line breaks; a spreadsheet still shows one row), so
  // the row number is the record count; blank lines come as [''] and are skipped here.
  // max_record_size: csv-parse's cost of one record grows with the square of its length (a 20 MB
  // line held the event loop for 24 s); records are bounded so that no file can hold the API up.
  const parser = input.pipe(
    parse({
      delimiter: separators.cell,
      record_delimiter: separators.record,
      bom: true,
      relax_column_count: true,
      trim: false,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  input.on('error', (e) => parser.destroy(e));
  let row = 0;
  try {
    for await (const batch of batches<string[]>(parser)) {
      const out: TableRow[] = [];
      for (const cells of batch) {
        row++;
        if (cells.length === 1 && cells[0] === '') continue;
        out.push({ row, cells });
      }
      if (out.length) yield out;
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; records?: number; message?: string };
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      // Records are spreadsheet rows: the one that grew too long is the next after those read.
      const at = (err.records ?? row) + 1;
      throw new UnreadableFileError(
        at,
        `Rij ${at} is te lang: meer dan ${MAX_RECORD_BYTES / 1024} kB. Een regel van een importbestand is hooguit ${MAX_RECORD_BYTES / 1024} kB; staat er een aanhalingsteken (") dat niet wordt gesloten, of ontbreken de regeleinden?`,
      );
    }
    // csv-parse's own errors: CSV_… codes, and INVALID_OPENING_QUOTE without the prefix (a quote in
    // the middle of an unquoted cell, e.g. `a"b` or `,"` after text) — that one was a 500.
    if (err.code?.startsWith('CSV_') || err.code === 'INVALID_OPENING_QUOTE') {
      throw new UnreadableFileError(
        err.lines ?? null,
        `Het bestand is geen leesbaar CSV-bestand (${csvReason(err.code)}).`,
      );
    }
    throw e;
  } finally {
    input.destroy();
  }
}

/**
 * Records of a stream in batches: one await per few thousand records instead of one per record
 * (for-await over csv-parse record by record spent most of the import's time on promises). The
 * stream is paused while a few batches wait, so memory stays bounded.
 */
async function* batches<T>(stream: Readable, size = 4096): AsyncGenerator<T[]> {
  let batch: T[] = [];
  const queue: T[][] = [];
  let ended = false;
  let error: unknown;
  let wake: (() => void) | null = null;
  stream.on('data', (rec: T) => {
    batch.push(rec);
    if (batch.length >= size) {
      queue.push(batch);
      batch = [];
      if (queue.length >= 4) stream.pause();
      wake?.();
    }
  });
  stream.on('end', () => {
    if (batch.length) queue.push(batch);
    batch = [];
    ended = true;
    wake?.();
  });
  stream.on('error', (e) => {
    error = e;
    wake?.();
  });
  for (;;) {
    if (error) throw error;
    const next = queue.shift();
    if (next) {
      if (queue.length < 2 && stream.isPaused()) stream.resume();
      yield next;
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
}

function csvReason(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'een aanhalingsteken wordt niet gesloten';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'na een sluitend aanhalingsteken staat nog tekst';
    case 'INVALID_OPENING_QUOTE':
      return 'een aanhalingsteken midden in een cel; zet de hele cel tussen aanhalingstekens en verdubbel het teken ("")';
    default:
      return code.toLowerCase().replace(/^csv_/, '').replace(/_/g, ' ');
  }
}

async function* readXlsx(
  path: string,
  onBytes: ((bytes: number, chunk: Buffer) => void) | undefined,
  limits: XlsxLimits,
): AsyncGenerator<TableRow[]> {
  const reader = new BoundedWorkbookReader(path, limits, onBytes);
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = [];
        const values = row.values as unknown[];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        while (cells.length && cells[cells.length - 1] === '') cells.pop();
        if (cells.length === 0) continue;
        yield [{ row: row.number, cells }];
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    if (e instanceof XlsxPartTooLarge)
      throw new UnreadableFileError(
        null,
        `Het Excel-bestand is te groot om in te lezen: ${e.what} is uitgepakt meer dan ${e.limit / 1024 ** 2} MB. Lever het aan als CSV, of in kleinere delen.`,
      );
    throw new UnreadableFileError(null, 'Het bestand is geen leesbaar Excel-bestand (.xlsx).');
  } finally {
    reader.close();
  }
}

/**
 * The unzipped size of an XLSX file's shared strings (the text of its cells) that we keep in
 * memory (issue 18, finding 4: 5 MB of XLSX held 1 GB of shared strings). Far above any real
 * import file (a million distinct references take some 30 MB), far below what hurts the server.
 */
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 ** 2;

/**
 * The unzipped size of any other part read (a worksheet's XML, the workbook, its relationships
 * and styles). A worksheet is parsed as it streams, but one cell is held whole by the XML parser:
 * without a bound a worksheet of inline strings (no shared strings at all) could hold gigabytes.
 * A million rows of eight cells is some 150 MB of XML.
 */
export const MAX_XLSX_PART_BYTES = 256 * 1024 ** 2;

/** The unzipped sizes an XLSX file may have (tests pass smaller ones). */
export interface XlsxLimits {
  sharedStringsBytes: number;
  partBytes: number;
}
export const XLSX_LIMITS: XlsxLimits = { sharedStringsBytes: MAX_SHARED_STRINGS_BYTES, partBytes: MAX_XLSX_PART_BYTES };

class XlsxPartTooLarge extends Error {
  constructor(
    readonly what: string,
    readonly limit: number,
  ) {
    super(`${what} over ${limit} bytes unzipped`);
  }
}

/** The entry's bytes, counted as they are unzipped (the zip's stated sizes are not trusted). */
function bounded(entry: Readable, limit: number, what: string): Readable {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) done(new XlsxPartTooLarge(what, limit));
      else done(null, chunk);
    },
  });
  entry.on('error', (e) => counter.destroy(e));
  return entry.pipe(counter);
}

type Parser = (this: ExcelJS.stream.xlsx.WorkbookReader, entry: Readable) => Promise<void>;
type SharedStringsParser = (this: ExcelJS.stream.xlsx.WorkbookReader, entry: Readable) => AsyncGenerator<unknown>;
type WorksheetParser = (
  this: ExcelJS.stream.xlsx.WorkbookReader,
  iterator: AsyncIterable<unknown>,
  sheetNo: string,
) => Generator<unknown>;
const internals = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as {
  _parseRels: Parser;
  _parseWorkbook: Parser;
  _parseStyles: Parser;
  _parseSharedStrings: SharedStringsParser;
  _parseWorksheet: WorksheetParser;
};

/**
 * exceljs's streaming reader, reading the file in two passes instead of one, every part bounded:
 * first the workbook, its relationships, styles and shared strings; then the worksheets, parsed
 * straight from the zip. exceljs's own single pass writes a worksheet that comes before the shared
 * strings (as Excel orders them) unzipped into the shared temp folder, of any size; here nothing
 * of an upload is written anywhere but the upload's own file.
 */
class BoundedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  private readonly inputs = new Set<fs.ReadStream>();

  constructor(
    private readonly file: string,
    private readonly limits: XlsxLimits,
    private readonly onBytes?: (bytes: number, chunk: Buffer) => void,
  ) {
    super(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  }

  override async *parse(): AsyncGenerator<unknown> {
    for await (const entry of this.entries(false)) {
      const part = (limit: number) => bounded(entry, limit, 'een onderdeel van het bestand');
      if (entry.path === 'xl/_rels/workbook.xml.rels')
        await internals._parseRels.call(this, part(this.limits.partBytes));
      else if (entry.path === 'xl/workbook.xml') await internals._parseWorkbook.call(this, part(this.limits.partBytes));
      else if (entry.path === 'xl/styles.xml') await internals._parseStyles.call(this, part(this.limits.partBytes));
      else if (entry.path === 'xl/sharedStrings.xml')
        yield* internals._parseSharedStrings.call(
          this,
          bounded(entry, this.limits.sharedStringsBytes, 'de tekst in de cellen'),
        );
      else entry.autodrain();
    }
    for await (const entry of this.entries(true)) {
      const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(entry.path);
      if (sheet)
        yield* internals._parseWorksheet.call(this, bounded(entry, this.limits.partBytes, 'een werkblad'), sheet[1]);
      else entry.autodrain();
    }
  }

  /** The zip's entries, from a fresh read of the file; `progress`: report the bytes read. */
  private async *entries(progress: boolean): AsyncGenerator<unzipper.Entry> {
    const input = fs.createReadStream(this.file);
    this.inputs.add(input);
    if (progress && this.onBytes) {
      let bytes = 0;
      input.on('data', (chunk) => {
        bytes += chunk.length;
        this.onBytes?.(bytes, chunk as Buffer);
      });
    }
    try {
      yield* input.pipe(unzipper.Parse({ forceStream: true }));
    } finally {
      input.destroy();
      this.inputs.delete(input);
    }
  }

  /** Stops reading (the caller is done with the first worksheet, or gave up). */
  close(): void {
    for (const input of this.inputs) input.destroy();
    this.inputs.clear();
  }
}

/** A cell as the text a person sees: dates as YYYY-MM-DD, numbers without exponent, formulas by result. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return String(o.error);
  }
  return String(v);
}
