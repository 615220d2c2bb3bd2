/**
 * Klantprofiel over time (issue 14, item 9). The study: "klantprofielen zijn niet statisch". A
 * participant's profile is a dated history; a change adds an entry, it never overwrites one.
 *
 * The rule, written here once and mirrored in SQL by `klantprofiel_at(participant, date)` (with
 * `klantprofiel_on`, its value; migrations 1764984000000 and 1764984000001):
 * test/db/klantprofiel-history.spec.ts runs the same cases through both:
 *
 * - the profile on a date is that of the latest entry whose `validFrom` is on or before the date;
 *   entries with the same `validFrom` are ordered by id (the later recording wins: a correction);
 * - before the first entry the profile is unknown (null): a profile first recorded after a date
 *   says nothing about that date;
 * - the current profile is the latest entry (no entry lies in the future: a future date is refused).
 *
 * Analyses use the profile on the enrolment date (intention to treat): a change after enrolment
 * never moves a participant to another subgroup or stratum. A participant whose first entry is
 * dated after the enrolment counts as "onbekend" there: that profile was measured after the
 * allocation and may depend on the arm.
 */
import type { Klantprofiel } from './vocabulary';

/** One entry of the history, as the API returns it. */
export interface KlantprofielEntry {
  id: string;
  klantprofiel: Klantprofiel;
  /** YYYY-MM-DD: from this date on the profile holds. */
  validFrom: string;
  source: string;
  recordedAt: string;
  recordedBy: string | null;
}

type Dated = Pick<KlantprofielEntry, 'id' | 'klantprofiel' | 'validFrom'>;

/** Later entry first: by validFrom, then by id (numeric). */
function later(a: Dated, b: Dated): boolean {
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom;
  return BigInt(a.id) > BigInt(b.id);
}

/** The profile on `date` (YYYY-MM-DD): the latest entry with validFrom ≤ date; null before the first entry. */
export function klantprofielOn(history: readonly Dated[], date: string): Klantprofiel | null {
  let best: Dated | null = null;
  for (const e of history) if (e.validFrom <= date && (best === null || later(e, best))) best = e;
  return best?.klantprofiel ?? null;
}

/** The current profile: the latest entry of the history; null when there is none. */
export function currentKlantprofiel(history: readonly Dated[]): Klantprofiel | null {
  return klantprofielOn(history, '9999-12-31');
}
