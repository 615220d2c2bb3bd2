/**
 * What every import kind shares (docs/formats.md): problems, the header, and the checks of one
 * cell that need nothing but the cell itself (the privacy guard, width, length, dates, codes).
 * Each kind's columns and row rules live in its importer (importers/*.importer.ts); checks that
 * need the database run set-based in SQL afterwards (imports.repository.ts).
 */
import { PRIVACY_MESSAGES, parseDate, personalDataInColumn, personalDataInValue } from '@living-lab/domain';
import { looksLikeBsn, PARTICIPANT_REF } from '../common/validators';

/** One problem in a file: spreadsheet row (header = 1), column (lower case), the value, and why. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ColumnSpec {
  name: string;
  required: boolean;
  aliases?: string[];
}

export const column = (name: string, required: boolean, aliases: string[] = []): ColumnSpec => ({
  name,
  required,
  aliases,
});

export const MAX_PROBLEMS = 1000;

/**
 * Limits of one record (docs/formats.md): a CSV record over MAX_RECORD_BYTES stops the reading
 * with a problem at its row; a cell over MAX_CELL_CHARS is a problem of its row and column; a
 * header over MAX_COLUMNS columns refuses the file. Generous for any real file (the longest
 * column is a 64-character reference), small enough that no record can hold the server up.
 */
export const MAX_RECORD_BYTES = 64 * 1024;
export const MAX_CELL_CHARS = 8 * 1024;
export const MAX_COLUMNS = 200;

/** Control characters that no real cell holds (tab, line feed and carriage return excepted). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A value as shown in a problem: at most 100 characters, control characters (NUL…) as `\uXXXX`. */
export function shownValue(v: string | null): string | null {
  if (v === null) return null;
  const clean = v.replace(CONTROL_CHARS, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

/** Every problem of a file: the first MAX_PROBLEMS kept, all counted. */
export class ProblemList {
  readonly list: ImportProblem[] = [];
  count = 0;
  /** Takes an array, never spread arguments: a file may have a million problems. */
  add(ps: readonly ImportProblem[]): void {
    for (const p of ps) this.push(p);
  }
  push(p: ImportProblem): void {
    this.count++;
    // Shown and stored as JSON: no control characters (PostgreSQL's jsonb refuses NUL), nothing huge.
    if (this.list.length < MAX_PROBLEMS)
      this.list.push({
        row: p.row,
        column: shownValue(p.column),
        value: shownValue(p.value),
        message: p.message.replace(CONTROL_CHARS, '?'),
      });
  }
}

/** Header names compare case-insensitively, ignoring surrounding spaces and spaces vs underscores. */
const norm = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export interface Header {
  /** Canonical column name → cell index. */
  index: Record<string, number>;
  width: number;
}

/** Maps the header row to the kind's columns; refuses personal-data, unknown, double and missing columns. */
export function readHeader(
  kind: string,
  specs: readonly ColumnSpec[],
  cells: string[],
  row = 1,
): { header: Header; problems: ImportProblem[] } {
  const index: Record<string, number> = {};
  const problems: ImportProblem[] = [];
  if (cells.length > MAX_COLUMNS) {
    problems.push({
      row,
      column: null,
      value: null,
      message: `De eerste rij heeft ${cells.length} kolommen; meer dan ${MAX_COLUMNS} lezen we niet. Bij ${kind} horen de kolommen: ${specs.map((s) => s.name).join(', ')}.`,
    });
    return { header: { index, width: 0 }, problems };
  }
  cells.forEach((raw, i) => {
    const h = norm(raw);
    if (h === '') {
      problems.push({
        row,
        column: null,
        value: raw,
        message: `Kolom ${i + 1} heeft geen naam. Geef elke kolom een naam in de eerste rij.`,
      });
      return;
    }
    const spec = specs.find((s) => s.name === h || s.aliases?.includes(h));
    if (!spec) {
      const kindOf = personalDataInColumn(h);
      problems.push({
        row,
        column: raw.trim(),
        value: null,
        message: kindOf
          ? `Deze kolom lijkt persoonsgegevens te bevatten (${kindLabel[kindOf]}). ${PRIVACY_MESSAGES[kindOf]} Haal de kolom uit het bestand.`
          : `Onbekende kolom. Bij ${kind} horen de kolommen: ${specs.map((s) => s.name).join(', ')}.`,
      });
      return;
    }
    if (index[spec.name] !== undefined) {
      problems.push({
        row,
        column: spec.name,
        value: raw,
        message: 'Deze kolom staat er twee keer in. Laat er één staan.',
      });
      return;
    }
    index[spec.name] = i;
  });
  for (const s of specs) {
    if (s.required && index[s.name] === undefined) {
      problems.push({ row, column: s.name, value: null, message: `De kolom ${s.name} ontbreekt. Die is verplicht.` });
    }
  }
  return { header: { index, width: cells.length }, problems };
}

const kindLabel = {
  bsn: 'BSN',
  naam: 'naam',
  adres: 'adres',
  telefoon: 'telefoonnummer',
  email: 'e-mailadres',
  iban: 'IBAN',
} as const;

/** A row's cells by column name, trimmed; the privacy guard and the width check run here for every kind. */
export class RowReader {
  readonly problems: ImportProblem[] = [];
  constructor(
    private readonly header: Header,
    readonly row: number,
    private readonly cells: string[],
  ) {
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === undefined || v === '') continue;
      if (i >= header.width) {
        if (v.length > MAX_CELL_CHARS || v.trim() !== '')
          this.problem(
            null,
            v,
            'Deze rij heeft meer cellen dan er kolommen zijn. Staat er een scheidingsteken (; of ,) te veel in?',
          );
        continue;
      }
      const unreadable = cellProblem(v);
      if (unreadable) {
        this.problem(this.columnAt(i), v, unreadable);
        continue;
      }
      const kindOf = personalDataInValue(v);
      if (kindOf) this.problem(this.columnAt(i), v, PRIVACY_MESSAGES[kindOf]);
    }
  }

  private columnAt(i: number): string | null {
    for (const [name, idx] of Object.entries(this.header.index)) if (idx === i) return name;
    return null;
  }

  /** The trimmed text of a column, '' when empty or absent. */
  get(name: string): string {
    const i = this.header.index[name];
    if (i === undefined) return '';
    const v = this.cells[i];
    return v === undefined ? '' : v.trim();
  }

  has(name: string): boolean {
    return this.get(name) !== '';
  }

  /** Was this cell already refused by the privacy guard? Then its other checks are skipped. */
  private refused(name: string): boolean {
    return this.problems.some((p) => p.column === name);
  }

  problem(column: string | null, value: string | null, message: string): void {
    this.problems.push({ row: this.row, column, value, message });
  }

  required(name: string): string | undefined {
    if (this.refused(name)) return undefined;
    const v = this.get(name);
    if (v === '') {
      this.problem(name, '', `${name} is leeg. Dit veld is verplicht.`);
      return undefined;
    }
    return v;
  }

  gemeente(): string | undefined {
    const v = this.required('gemeente');
    if (v === undefined) return undefined;
    const code = v.toLowerCase();
    if (!/^[a-z0-9-]{1,40}$/.test(code)) {
      this.problem('gemeente', v, 'Geef de code van de gemeente (kleine letters, cijfers en -).');
      return undefined;
    }
    return code;
  }

  participantRef(): string | undefined {
    const v = this.required('participant_ref');
    if (v === undefined) return undefined;
    if (looksLikeBsn(v)) {
      this.problem('participant_ref', v, PRIVACY_MESSAGES.bsn);
      return undefined;
    }
    if (!PARTICIPANT_REF.test(v)) {
      this.problem('participant_ref', v, 'Gebruik een eigen code van 1 tot 64 tekens: letters, cijfers, - _ . of /.');
      return undefined;
    }
    return v;
  }

  /** A date as YYYY-MM-DD or DD-MM-YYYY, not in the future. */
  date(name: string, today: string): string | undefined {
    const v = this.required(name);
    if (v === undefined) return undefined;
    let d = DATES.get(v);
    if (d === undefined) {
      d = parseDate(v);
      if (DATES.size > 50_000) DATES.clear();
      DATES.set(v, d);
    }
    if (!d) {
      this.problem(
        name,
        v,
        'Dit is geen geldige datum. Schrijf JJJJ-MM-DD of DD-MM-JJJJ (bijvoorbeeld 2026-03-31 of 31-03-2026).',
      );
      return undefined;
    }
    if (d > today) {
      this.problem(name, v, 'Deze datum ligt in de toekomst.');
      return undefined;
    }
    return d;
  }

  /** A code from a list, case-insensitive; '' (empty) gives undefined without a problem unless required. */
  code<T extends string>(name: string, list: readonly T[], what: string, required: boolean): T | undefined | null {
    if (this.refused(name)) return null;
    const v = this.get(name);
    if (v === '') {
      if (required) {
        this.problem(name, '', `${name} is leeg. Dit veld is verplicht.`);
        return null;
      }
      return undefined;
    }
    const code = v.toLowerCase() as T;
    if (!list.includes(code)) {
      this.problem(name, v, `Onbekende ${what}. Kies uit: ${list.join(', ')}.`);
      return null;
    }
    return code;
  }

  /** An optional whole number within bounds. */
  int(name: string, min: number, max: number, message: string): number | undefined | null {
    if (this.refused(name)) return null;
    const v = this.get(name);
    if (v === '') return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problem(name, v, message);
      return null;
    }
    return Number(v);
  }
}

/** Parsed dates by their text: an export repeats a few thousand dates a million times. */
const DATES = new Map<string, string | null>();

/** Why a cell cannot be read at all (too long, a NUL or other control character), or null. */
export function cellProblem(v: string): string | null {
  if (v.length > MAX_CELL_CHARS)
    return `Deze cel is te lang (${v.length} tekens; hooguit ${MAX_CELL_CHARS}). Staat er een scheidingsteken of aanhalingsteken verkeerd?`;
  CONTROL_CHARS.lastIndex = 0;
  if (CONTROL_CHARS.test(v))
    return 'Deze cel bevat een onzichtbaar stuurteken (zoals NUL). Haal het weg of sla het bestand opnieuw op als CSV (UTF-8).';
  return null;
}

/** The problem of a row of another gemeente than the user's own (a gemeente account). */
export const foreignGemeente = (row: number, gemeente: string, own: string | null | undefined): ImportProblem => ({
  row,
  column: 'gemeente',
  value: gemeente,
  message: `U mag alleen gegevens van uw eigen gemeente (${own ?? ''}) inlezen. Haal de rijen van andere gemeenten uit het bestand.`,
});

/** A verdict of the fast path: the cell needs the full checks (which then say what is wrong). */
export const SLOW = Symbol('slow');
export type Verdict = string | null | typeof SLOW;

/** One column's verdicts by raw cell text: a file repeats a handful of codes and dates a million times. */
export class ColumnVerdicts {
  private readonly seen = new Map<string, Verdict>();
  private lastRaw: string | undefined;
  private last: Verdict = SLOW;
  constructor(
    private readonly check: (raw: string) => Verdict,
    private readonly max = 20_000,
  ) {}

  get(raw: string | undefined): Verdict {
    const v = raw ?? '';
    if (v === this.lastRaw) return this.last;
    let out = this.seen.get(v);
    if (out === undefined) {
      out = this.check(v);
      if (this.seen.size >= this.max) this.seen.clear();
      this.seen.set(v, out);
    }
    this.lastRaw = v;
    this.last = out;
    return out;
  }
}

/** Do the cell checks and the privacy guard pass this cell (as RowReader checks every non-empty cell)? */
export const privacyOk = (raw: string): boolean =>
  raw === '' || (cellProblem(raw) === null && personalDataInValue(raw) === null);
