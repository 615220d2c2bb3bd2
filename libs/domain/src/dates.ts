/**
 * Calendar dates are plain `YYYY-MM-DD` strings, computed in UTC: no time zones, no clocks. The one
 * link to a clock is todayIso(), which reads it in the Netherlands.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DUTCH = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;

export function isValidIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Parses `YYYY-MM-DD` or `DD-MM-YYYY` into `YYYY-MM-DD`; null when it is not a real date. */
export function parseDate(s: string): string | null {
  const t = s.trim();
  if (isValidIsoDate(t)) return t;
  const m = DUTCH.exec(t);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/**
 * The platform's calendar. Its dates are Dutch civil dates (an intake "on 27 November" happened
 * on that day in the Netherlands), so "today" — the limit of what may be in the future, the
 * default date of a form — is the date in Europe/Amsterdam, whatever the server's time zone. With
 * the UTC date a gemeente's own today was refused as "in de toekomst" between midnight and 1:00
 * (2:00 in summer), while the browser offered it as the default.
 */
export const PLATFORM_TIME_ZONE = 'Europe/Amsterdam';

const DAY_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: PLATFORM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in the Netherlands, YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const parts = DAY_PARTS.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(a: string, days: number): string {
  return new Date(Date.parse(`${a}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` as the Dutch write it, `DD-MM-YYYY` (dd-mm-jjjj); anything else unchanged. */
export function toDutchDate(iso: string): string {
  const m = ISO.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}
