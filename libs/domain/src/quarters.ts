/**
 * Calendar quarters written as `YYYY-Qn` (the quarterly reflection of the living lab): the one
 * quarter module of the API, the reports and the web app. Pure (the browser imports it too): the
 * only clock is todayIso(), the date in the Netherlands.
 */
import { addDays, todayIso } from './dates';

export interface Quarter {
  /** "2026-Q3" */
  label: string;
  year: number;
  q: 1 | 2 | 3 | 4;
  /** First and last day, YYYY-MM-DD. */
  start: string;
  end: string;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
const pad = (n: number) => String(n).padStart(2, '0');

export function quarter(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const start = `${year}-${pad((q - 1) * 3 + 1)}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(q * 3 + 1)}-01`;
  return { label: `${year}-Q${q}`, year, q, start, end: addDays(next, -1) };
}

/**
 * A quarter written `YYYY-Qn` (the Q in either case; nothing around it: input from a form is
 * trimmed by its caller). The label of the result is always canonical. Null when it is not one.
 */
export function parseQuarter(s: string): Quarter | null {
  const m = QUARTER.exec(s.replace(/q(?=[1-4]$)/, 'Q'));
  return m ? quarter(Number(m[1]), Number(m[2]) as 1 | 2 | 3 | 4) : null;
}

/** Written exactly as the canonical `YYYY-Qn` (what the database stores). */
export function isQuarter(s: string): boolean {
  return QUARTER.test(s);
}

/** First and last day (YYYY-MM-DD) of a quarter; null when it is not one. */
export function quarterRange(s: string): { start: string; end: string } | null {
  const q = parseQuarter(s);
  return q ? { start: q.start, end: q.end } : null;
}

/** The quarter a date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): Quarter {
  return quarter(Number(date.slice(0, 4)), (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4);
}

export function previousQuarter(x: Quarter): Quarter {
  return x.q === 1 ? quarter(x.year - 1, 4) : quarter(x.year, (x.q - 1) as 1 | 2 | 3);
}

/** The last ended quarter on `today` (a date in the Netherlands): the one a report is about. */
export function lastEndedQuarter(today: string = todayIso()): Quarter {
  return previousQuarter(quarterOf(today));
}

/** The last `count` ended quarters, newest first, as labels (the quarter pickers of the web app). */
export function recentQuarters(count = 8, today: string = todayIso()): string[] {
  const out: Quarter[] = [lastEndedQuarter(today)];
  while (out.length < count) out.push(previousQuarter(out[out.length - 1]));
  return out.map((q) => q.label);
}

const ORDINALS = ['eerste', 'tweede', 'derde', 'vierde'];

/** A quarter in words: `2026-Q3` → "het derde kwartaal van 2026"; anything else as it is. */
export function quarterName(label: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(label);
  return m ? `het ${ORDINALS[Number(m[2]) - 1]} kwartaal van ${m[1]}` : label;
}
