/**
 * Where uitval happened (issue 14): counts per phase (the phase after the last milestone before
 * the uitval) and reason, in journey order. The repositories aggregate; this only arranges.
 */
import { count, type UitvalPhaseCount } from './results';
import { UITVAL_PHASES, UITVAL_REASONS } from './vocabulary';

/**
 * Rows of (phase, reason, n) as one entry per phase with uitval, in journey order, each with the
 * count of every reason (0 where none). Phases or reasons outside the vocabulary are not expected
 * (the database's CHECKs and PHASE_AFTER_MILESTONE) and would be left out.
 */
export function uitvalPhaseCounts(rows: readonly { phase: string; reason: string; n: number }[]): UitvalPhaseCount[] {
  const sum = (rs: readonly { n: number }[]) => rs.reduce((s, r) => s + r.n, 0);
  return UITVAL_PHASES.flatMap((phase) => {
    const ps = rows.filter((r) => r.phase === phase);
    if (!ps.length) return [];
    const byReason = Object.fromEntries(
      UITVAL_REASONS.map((reason) => [reason, count(sum(ps.filter((r) => r.reason === reason)))]),
    );
    return [{ phase, n: count(sum(ps)), byReason }];
  });
}
