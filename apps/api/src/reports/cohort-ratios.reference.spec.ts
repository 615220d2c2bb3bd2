/**
 * The cohort ratios against R (issue 14, item 2). The fixture is R's output for the records R
 * derived itself from test/fixtures/r/cohort-ratios/events.csv:
 *   Rscript test/fixtures/r/cohort-ratios/cohort-ratios.R > test/fixtures/r/cohort-ratios/cohort-ratios.json
 * (cmprsk::cuminc + timepoints at 365 for the estimate; survival::survfit for the interval.)
 * test/api/report-cohort.e2e.spec.ts proves that the SQL gives the same records and the endpoint
 * the same figures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quarter, type SectorShare } from '@living-lab/domain';
import { cohortEstimate, cohortRatios, type CohortRow } from './cohort-ratios';

interface REstimate {
  n: number;
  estimate: number | null;
  events: number;
  competing: number;
  waitingUnderAYear: number;
  cuminc: number | null;
  survfit: number;
  se: number;
  lower: number;
  upper: number;
}
interface RRatio {
  ratio: SectorShare;
  records: { gemeente: string; time: number; cause: number }[];
  total: REstimate;
  byGemeente: (REstimate & { gemeente: string })[];
}
const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/r/cohort-ratios/cohort-ratios.json');
const scenarios = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).scenarios as { asOf: string; ratios: RRatio[] }[];

const rowsOf = (r: RRatio): CohortRow[] => r.records.map((x) => ({ ...x, n: 1 }));

/** The platform's estimate equals R's to 1e-6: counts, estimate and interval, or no number where R has none. */
function expectSameAsR(mine: ReturnType<typeof cohortEstimate>, r: REstimate) {
  expect({
    n: mine.n,
    events: mine.events,
    competing: mine.competing,
    waitingUnderAYear: mine.waitingUnderAYear,
  }).toEqual({ n: r.n, events: r.events, competing: r.competing, waitingUnderAYear: r.waitingUnderAYear });
  if (r.estimate === null) {
    expect(mine).toMatchObject({ status: 'not_yet', estimate: null, ci95: null });
    return;
  }
  expect(mine.status).toBe('estimate');
  expect(mine.estimate).toBeCloseTo(r.estimate, 6);
  expect(mine.ci95![0]).toBeCloseTo(r.lower, 6);
  expect(mine.ci95![1]).toBeCloseTo(r.upper, 6);
}

describe('cohort ratios against R (cmprsk::cuminc, survival::survfit) at day 365', () => {
  for (const s of scenarios)
    for (const r of s.ratios) {
      it(`${r.ratio}, followed until ${s.asOf}: the sector and every gemeente`, () => {
        expectSameAsR(cohortEstimate(rowsOf(r)), r.total);
        for (const g of r.byGemeente)
          expectSameAsR(cohortEstimate(rowsOf(r).filter((x) => x.gemeente === g.gemeente)), g);
      });
    }

  it('counts day 365 as within a year and day 366 not; counts rows of n participants as n records', () => {
    const rows: CohortRow[] = [
      { gemeente: 'a', time: 365, cause: 1, n: 2 },
      { gemeente: 'a', time: 366, cause: 1, n: 1 },
      { gemeente: 'a', time: 30, cause: 2, n: 1 },
    ];
    const e = cohortEstimate(rows);
    expect(e).toMatchObject({ n: 4, events: 2, competing: 1, waitingUnderAYear: 0, status: 'estimate' });
    expect(e.estimate).toBeCloseTo(0.5, 12);
  });

  it('keeps the last value when everybody ended in an event before day 365 (cuminc gives NA there)', () => {
    const vee = scenarios[0].ratios[0].byGemeente.find((g) => g.gemeente === 'veenhoven')!;
    expect(vee.cuminc).toBeNull();
    expect(vee.estimate).toBeCloseTo(5 / 6, 12);
  });

  it('has no number for an empty cohort or one that nobody was followed a year in', () => {
    expect(cohortEstimate([])).toMatchObject({ n: 0, status: 'empty', estimate: null, ci95: null });
    expect(cohortEstimate([{ gemeente: 'a', time: 200, cause: 0, n: 3 }])).toMatchObject({
      status: 'not_yet',
      waitingUnderAYear: 3,
    });
  });

  it('names the cohort, says whether it was followed a year, and leaves out gemeenten with totals only', () => {
    const rows = Object.fromEntries(scenarios[1].ratios.map((r) => [r.ratio, rowsOf(r)])) as Record<
      SectorShare,
      CohortRow[]
    >;
    const q = quarter(2025, 3);
    const draft = cohortRatios({ cohort: q, asOf: '2026-08-15', rows, aggregateOnly: ['maasbergen'] });
    expect(draft).toMatchObject({ cohort: '2025-Q3', days: 365, followedUntil: '2026-08-15', complete: false });
    const instroom = draft.ratios.find((r) => r.ratio === 'gereedPerInstroom')!;
    expect(instroom.cohortLabel).toBe(
      'Instroom in stabilisatie in 2025-Q3, gevolgd tot 15-08-2026: nog niet iedereen een jaar',
    );
    expect(instroom.byGemeente.map((g) => g.gemeente)).toEqual(['lindewaard', 'veenhoven']);
    expect(instroom.total.n).toBe(18);
    expect(draft.aggregateOnly).toEqual([{ gemeente: 'maasbergen', note: expect.stringMatching(/alleen totalen/) }]);
    const full = cohortRatios({ cohort: q, asOf: '2026-09-30', rows, aggregateOnly: [] });
    expect(full.complete).toBe(true);
    expect(full.ratios[0].cohortLabel).toBe('Aanmelding in 2025-Q3, een jaar gevolgd');
  });
});
