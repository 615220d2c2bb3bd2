import { addDays } from '@living-lab/domain';

export interface Quarter {
  /** "2026-Q3" */
  label: string;
  year: number;
  q: 1 | 2 | 3 | 4;
  /** first and last day, YYYY-MM-DD */
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function parseQuarter(s: string): Quarter | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(s);
  if (!m) return null;
  return quarter(Number(m[1]), Number(m[2]) as 1 | 2 | 3 | 4);
}

export function quarter(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const start = `${year}-${pad((q - 1) * 3 + 1)}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(q * 3 + 1)}-01`;
  return { label: `${year}-Q${q}`, year, q, start, end: addDays(next, -1) };
}

export function quarterOf(date: string): Quarter {
  return quarter(Number(date.slice(0, 4)), (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4);
}

export function previousQuarter(x: Quarter): Quarter {
  return x.q === 1 ? quarter(x.year - 1, 4) : quarter(x.year, (x.q - 1) as 1 | 2 | 3);
}
