/** Calendar quarters written as `YYYY-Qn` (the quarterly reflection of the living lab). */
const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(q: string): boolean {
  return QUARTER.test(q);
}

/** First and last day (YYYY-MM-DD) of a quarter; null when it is not written as YYYY-Qn. */
export function quarterRange(q: string): { start: string; end: string } | null {
  const m = QUARTER.exec(q.trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[1]);
  const first = (Number(m[2]) - 1) * 3;
  const start = new Date(Date.UTC(year, first, 1)).toISOString().slice(0, 10);
  const end = new Date(Date.UTC(year, first + 3, 0)).toISOString().slice(0, 10);
  return { start, end };
}

/** The quarter a date falls in. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}
