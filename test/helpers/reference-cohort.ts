import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DemoSeed } from '@living-lab/seeds';

/**
 * The R-checked wekelijkse-coaching cohort (test/fixtures/results/wekelijkse-coaching: the
 * import-format CSVs that test/fixtures/r/reference-analysis.R and the other R references read),
 * as a seed for SeedService.insertCohort. One loader for every spec that compares the API with R.
 */
export const REFERENCE_COHORT_DIR = path.resolve(__dirname, '../fixtures/results/wekelijkse-coaching');

/** One of the cohort's CSVs as rows of text. */
export function readReferenceCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(REFERENCE_COHORT_DIR, file), 'utf8').trim().split('\n');
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

export function referenceCohort(): DemoSeed {
  const en = readReferenceCsv('enrolments.csv');
  const num = (v: string) => (v === '' ? undefined : Number(v));
  return {
    gemeenten: [],
    users: [],
    participants: en.map((r) => ({
      gemeente: r.gemeente,
      participantRef: r.participant_ref,
      klantprofiel: r.klantprofiel || undefined,
      segment: r.segment || undefined,
    })),
    enrolments: en.map((r) => ({
      experiment: r.experiment,
      gemeente: r.gemeente,
      participantRef: r.participant_ref,
      enrolledOn: r.enrolled_on,
      arm: r.arm,
    })),
    events: readReferenceCsv('events.csv').map((r) => ({
      gemeente: r.gemeente,
      participantRef: r.participant_ref,
      milestone: r.milestone,
      occurredOn: r.occurred_on,
      reason: r.reason || undefined,
    })),
    beleving: readReferenceCsv('beleving.csv').map((r) => ({
      gemeente: r.gemeente,
      participantRef: r.participant_ref,
      phase: r.phase,
      measuredOn: r.measured_on,
      rapportcijfer: num(r.rapportcijfer),
      waardigheid: num(r.waardigheid),
      duidelijkheid: num(r.duidelijkheid),
      tempo: num(r.tempo),
      foutloos: num(r.foutloos),
      financiele_rust: num(r.financiele_rust),
      emotie: r.emotie || undefined,
    })),
  } as DemoSeed;
}

/**
 * |a − b| ≤ 1e-6 relative (1e-9 absolute near 0), recursively over numbers and arrays; anything
 * else equal (R writes a missing value as null).
 */
export function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect({ where, actual: typeof actual }).toEqual({ where, actual: 'number' });
    const tol = Math.max(1e-9, 1e-6 * Math.abs(expected));
    if (Math.abs((actual as number) - expected) > tol)
      throw new Error(`${where}: ${actual} differs from R's ${expected}`);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`));
  } else {
    expect({ where, actual }).toEqual({ where, actual: expected ?? null });
  }
}
