/**
 * The columns of each import kind (contracts.md §2, docs/formats.md) and the checks of one row
 * that need nothing but the row itself. Checks that need the database (does the gemeente exist,
 * is the fact already there) run set-based in SQL afterwards (imports.repository.ts).
 */
import {
  AANMELDROUTES,
  EMOTIONS,
  KLANTPROFIELEN,
  MILESTONES,
  PHASES,
  PRIVACY_MESSAGES,
  SEGMENTS,
  UITVAL_REASONS,
  parseDate,
  personalDataInColumn,
  personalDataInValue,
  todayIso,
} from '@living-lab/domain';
import { looksLikeBsn, PARTICIPANT_REF } from '../common/validators';

export const IMPORT_KINDS = ['enrolments', 'events', 'beleving', 'funnel'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One problem in a file: spreadsheet row (header = 1), column (lower case), the value, and why. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

interface ColumnSpec {
  name: string;
  required: boolean;
  aliases?: string[];
}

const c = (name: string, required: boolean, aliases: string[] = []): ColumnSpec => ({ name, required, aliases });

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  enrolments: [
    c('experiment', true),
    c('gemeente', true),
    c('participant_ref', true),
    c('enrolled_on', true),
    c('arm', false),
    c('klantprofiel', false),
    c('segment', false),
    c('aanmeldroute', false),
  ],
  events: [
    c('gemeente', true),
    c('participant_ref', true),
    c('milestone', true),
    c('occurred_on', true),
    c('reason', false),
  ],
  beleving: [
    c('gemeente', true),
    c('participant_ref', true),
    c('phase', true),
    c('measured_on', true),
    c('rapportcijfer', false),
    c('waardigheid', false),
    c('duidelijkheid', false),
    c('tempo', false),
    c('foutloos', false),
    c('financiele_rust', false),
    c('emotie', false),
  ],
  funnel: [
    c('gemeente', true),
    c('kwartaal', true, ['quarter']),
    c('stap', true, ['step']),
    c('reden', false, ['reason']),
    c('aantal', true, ['value', 'count']),
    c('herkomst', true, ['tag', 'label', 'bron_type']),
    c('toelichting', false, ['note']),
  ],
};

export const MAX_PROBLEMS = 1000;

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
export function readHeader(kind: ImportKind, cells: string[], row = 1): { header: Header; problems: ImportProblem[] } {
  const specs = COLUMNS[kind];
  const index: Record<string, number> = {};
  const problems: ImportProblem[] = [];
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
        if (v.trim() !== '')
          this.problem(
            null,
            v,
            'Deze rij heeft meer cellen dan er kolommen zijn. Staat er een scheidingsteken (; of ,) te veel in?',
          );
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

export interface EventRow {
  row: number;
  gemeente: string;
  ref: string;
  milestone: string;
  occurredOn: string;
  reason: string | null;
}

export function eventRow(r: RowReader, today = todayIso()): EventRow | null {
  const gemeente = r.gemeente();
  const ref = r.participantRef();
  const milestone = r.code('milestone', MILESTONES, 'mijlpaal', true);
  const occurredOn = r.date('occurred_on', today);
  const reason = r.code('reason', UITVAL_REASONS, 'reden van uitval', false);
  if (milestone === 'uitval' && reason === undefined)
    r.problem('reason', '', `Geef bij uitval de reden: ${UITVAL_REASONS.join(', ')}.`);
  if (milestone && milestone !== 'uitval' && reason)
    r.problem('reason', r.get('reason'), 'Een reden hoort alleen bij uitval. Laat deze cel leeg.');
  if (r.problems.length || !gemeente || !ref || !milestone || !occurredOn || reason === null) return null;
  return { row: r.row, gemeente, ref, milestone, occurredOn, reason: reason ?? null };
}

export interface BelevingRow {
  row: number;
  gemeente: string;
  ref: string;
  phase: string;
  measuredOn: string;
  rapportcijfer: number | null;
  waardigheid: number | null;
  duidelijkheid: number | null;
  tempo: number | null;
  foutloos: number | null;
  financiele_rust: number | null;
  emotie: string | null;
}

const ITEM_NAMES = ['waardigheid', 'duidelijkheid', 'tempo', 'foutloos', 'financiele_rust'] as const;

export function belevingRow(r: RowReader, today = todayIso()): BelevingRow | null {
  const gemeente = r.gemeente();
  const ref = r.participantRef();
  const phase = r.code('phase', PHASES, 'fase', true);
  const measuredOn = r.date('measured_on', today);
  const rapportcijfer = r.int('rapportcijfer', 1, 10, 'Een rapportcijfer is een heel getal van 1 tot en met 10.');
  const items = ITEM_NAMES.map((n) => r.int(n, 1, 5, `${n}: een heel getal van 1 tot en met 5.`));
  const emotie = r.code('emotie', EMOTIONS, 'emotie', false);
  const scores = [rapportcijfer, ...items, emotie];
  if (!r.problems.length && scores.every((s) => s === undefined)) {
    r.problem('rapportcijfer', '', 'Geef minstens één score: een rapportcijfer, een van de vijf vragen of de emotie.');
  }
  if (r.problems.length || !gemeente || !ref || !phase || !measuredOn || scores.some((s) => s === null)) return null;
  const n = (v: number | null | undefined) => (v === undefined ? null : v);
  return {
    row: r.row,
    gemeente,
    ref,
    phase,
    measuredOn,
    rapportcijfer: n(rapportcijfer),
    waardigheid: n(items[0]),
    duidelijkheid: n(items[1]),
    tempo: n(items[2]),
    foutloos: n(items[3]),
    financiele_rust: n(items[4]),
    emotie: (emotie ?? null) as string | null,
  };
}

export interface EnrolmentRow {
  row: number;
  experiment: string;
  gemeente: string;
  participantRef: string;
  enrolledOn: string;
  arm?: string;
  klantprofiel?: string;
  segment?: string;
  aanmeldroute?: string;
}

export function enrolmentRow(r: RowReader, today = todayIso()): EnrolmentRow | null {
  const experiment = r.required('experiment')?.toLowerCase();
  const gemeente = r.gemeente();
  const participantRef = r.participantRef();
  const enrolledOn = r.date('enrolled_on', today);
  const arm = r.has('arm') ? r.get('arm').toLowerCase() : undefined;
  const klantprofiel = r.code('klantprofiel', KLANTPROFIELEN, 'klantprofiel', false);
  const segment = r.code('segment', SEGMENTS, 'segment', false);
  const aanmeldroute = r.code('aanmeldroute', AANMELDROUTES, 'aanmeldroute', false);
  if (
    r.problems.length ||
    !experiment ||
    !gemeente ||
    !participantRef ||
    !enrolledOn ||
    klantprofiel === null ||
    segment === null ||
    aanmeldroute === null
  )
    return null;
  return { row: r.row, experiment, gemeente, participantRef, enrolledOn, arm, klantprofiel, segment, aanmeldroute };
}

/** A verdict of the fast path: the cell needs the full checks (which then say what is wrong). */
const SLOW = Symbol('slow');
type Verdict = string | null | typeof SLOW;

/** One column's verdicts by raw cell text: a file repeats a handful of codes and dates a million times. */
class ColumnVerdicts {
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

/** Does the privacy guard pass this cell (as RowReader checks every non-empty cell)? */
const privacyOk = (raw: string): boolean => raw === '' || personalDataInValue(raw) === null;

/**
 * The fast path of an events row: the row's COPY line (rn, gemeente, ref, milestone, ISO date,
 * reason or \N) when every check of `eventRow` (privacy guard and row width included) passes,
 * else null — then the row goes through RowReader and eventRow, which say what is wrong. So the
 * fast path never accepts what the full checks refuse; it only skips building problems for rows
 * that have none. Values on the fast path are codes, references and ISO dates: nothing to escape.
 */
export class FastEventRows {
  private readonly width: number;
  private readonly at: { gemeente: number; ref: number; milestone: number; date: number; reason: number | undefined };
  private readonly gemeenten: ColumnVerdicts;
  private readonly milestones: ColumnVerdicts;
  private readonly dates: ColumnVerdicts;
  private readonly reasons: ColumnVerdicts;
  private readonly refs: ColumnVerdicts;
  /** The gemeente of the last accepted row. */
  gemeente = '';

  constructor(header: Header, today: string) {
    this.width = header.width;
    const i = header.index;
    this.at = {
      gemeente: i.gemeente,
      ref: i.participant_ref,
      milestone: i.milestone,
      date: i.occurred_on,
      reason: i.reason,
    };
    this.gemeenten = new ColumnVerdicts((raw) => {
      const code = raw.trim().toLowerCase();
      return privacyOk(raw) && /^[a-z0-9-]{1,40}$/.test(code) ? code : SLOW;
    });
    this.milestones = new ColumnVerdicts((raw) => {
      const code = raw.trim().toLowerCase();
      return privacyOk(raw) && (MILESTONES as readonly string[]).includes(code) ? code : SLOW;
    });
    this.dates = new ColumnVerdicts((raw) => {
      const t = raw.trim();
      const d = t === '' ? null : parseDate(t);
      return privacyOk(raw) && d !== null && d <= today ? d : SLOW;
    });
    this.reasons = new ColumnVerdicts((raw) => {
      const code = raw.trim().toLowerCase();
      if (code === '') return null;
      return privacyOk(raw) && (UITVAL_REASONS as readonly string[]).includes(code) ? code : SLOW;
    });
    // References hardly repeat except on consecutive rows: only the last one is worth keeping.
    this.refs = new ColumnVerdicts((raw) => {
      const t = raw.trim();
      return t !== '' && privacyOk(raw) && !looksLikeBsn(t) && PARTICIPANT_REF.test(t) ? t : SLOW;
    }, 1);
  }

  line(row: number, cells: string[]): string | null {
    for (let i = this.width; i < cells.length; i++) if (cells[i] !== '' && cells[i].trim() !== '') return null;
    const gemeente = this.gemeenten.get(cells[this.at.gemeente]);
    if (gemeente === SLOW || gemeente === null) return null;
    const milestone = this.milestones.get(cells[this.at.milestone]);
    if (milestone === SLOW || milestone === null) return null;
    const date = this.dates.get(cells[this.at.date]);
    if (date === SLOW || date === null) return null;
    const reason = this.at.reason === undefined ? null : this.reasons.get(cells[this.at.reason]);
    if (reason === SLOW || (milestone === 'uitval') !== (reason !== null)) return null;
    const ref = this.refs.get(cells[this.at.ref]);
    if (ref === SLOW || ref === null) return null;
    this.gemeente = gemeente;
    return `${row}\t${gemeente}\t${ref}\t${milestone}\t${date}\t${reason ?? '\\N'}\n`;
  }
}
