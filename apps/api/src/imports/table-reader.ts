import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
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
): AsyncGenerator<TableRow[]> {
  if (format === 'xlsx') {
    yield* readXlsx(path, onBytes);
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

async function* readXlsx(path: string, onBytes?: (bytes: number, chunk: Buffer) => void): AsyncGenerator<TableRow[]> {
  const input = fs.createReadStream(path);
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes, chunk as Buffer);
  });
  const reader = new BoundedWorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
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
    if (e instanceof SharedStringsTooLarge)
      throw new UnreadableFileError(
        null,
        `Het Excel-bestand is te groot om in te lezen: de tekst in de cellen is uitgepakt meer dan ${MAX_SHARED_STRINGS_BYTES / 1024 ** 2} MB. Lever het aan als CSV, of in kleinere delen.`,
      );
    throw new UnreadableFileError(null, 'Het bestand is geen leesbaar Excel-bestand (.xlsx).');
  } finally {
    input.destroy();
  }
}

/**
 * The unzipped size of an XLSX file's shared strings (the text of its cells) that we keep in
 * memory (issue 18, finding 4: 5 MB of XLSX held 1 GB of shared strings). Far above any real
 * import file (a million distinct references take some 30 MB), far below what hurts the server.
 */
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 ** 2;

class SharedStringsTooLarge extends Error {}

type EntryParser = (this: ExcelJS.stream.xlsx.WorkbookReader, entry: Readable) => AsyncGenerator<unknown>;
const parseSharedStrings = (
  ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as { _parseSharedStrings: EntryParser }
)._parseSharedStrings;

/**
 * exceljs's streaming reader, counting the shared strings as they are unzipped: past
 * MAX_SHARED_STRINGS_BYTES it stops (the zip's stated sizes are not trusted; the bytes are counted).
 */
class BoundedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  async *_parseSharedStrings(entry: Readable): AsyncGenerator<unknown> {
    let bytes = 0;
    entry.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_SHARED_STRINGS_BYTES) entry.destroy(new SharedStringsTooLarge());
    });
    yield* parseSharedStrings.call(this, entry);
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
