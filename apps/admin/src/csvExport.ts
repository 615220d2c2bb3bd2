import { downloadCSV, type Exporter, type RaRecord } from 'react-admin';
import { csvField } from '@living-lab/spreadsheet';
import { toDutchDate } from '@living-lab/dates';

/**
 * CSV exports of the lists, for Dutch spreadsheets: `;` between fields, a BOM so Excel reads UTF-8,
 * Dutch column headers, dates as dd-mm-jjjj and decimal commas; every text cell goes through
 * libs/domain's spreadsheet neutraliser (a title typed as `=HYPERLINK(…)` stays text).
 */
export interface CsvColumn<R = RaRecord> {
  header: string;
  value: (r: R) => unknown;
}

/** A date or timestamp as dd-mm-jjjj (the date part of a timestamp, in the Netherlands). */
export const csvDate = (v: unknown): string => {
  if (typeof v !== 'string' || !v) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return toDutchDate(v);
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(d);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('day')}-${part('month')}-${part('year')}`;
};

/** A number with a decimal comma (Dutch spreadsheets read `0.6` as text or a date). */
export const csvNumber = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v) ? String(v).replace('.', ',') : '';

export function toCsv<R>(rows: readonly R[], columns: readonly CsvColumn<R>[]): string {
  const line = (cells: unknown[]) => cells.map((c) => csvField(c, ';')).join(';');
  return `\uFEFF${[line(columns.map((c) => c.header)), ...rows.map((r) => line(columns.map((c) => c.value(r))))].join('\r\n')}\r\n`;
}

export function csvExporter<R extends RaRecord = RaRecord>(
  filename: string,
  columns: readonly CsvColumn<R>[],
): Exporter<R> {
  return (data: R[]) => downloadCSV(toCsv(data, columns), filename);
}
