import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAsSystem } from '@living-lab/db';
import {
  COHORT_RATIO_STEPS,
  cohortCompetingEnds,
  type AnonymisedReport,
  type CohortEstimate,
  type QuarterlyReport,
  type SectorShare,
} from '@living-lab/domain';
import { FunnelRepository } from '../../apps/api/src/funnel/funnel.repository';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The sector ratios per entry cohort through the real report endpoint on real PostgreSQL (issue
 * 14, item 2). The events are test/fixtures/r/cohort-ratios/events.csv (import format); the
 * expected figures are R's, computed from the same file:
 *   Rscript test/fixtures/r/cohort-ratios/cohort-ratios.R > test/fixtures/r/cohort-ratios/cohort-ratios.json
 * Report 2026-Q3 → entry cohort 2025-Q3 (2025-07-01 to 2025-09-30), followed until 2026-09-30.
 */
const DIR = path.resolve(__dirname, '../fixtures/r/cohort-ratios');
const EVENTS = fs.readFileSync(path.join(DIR, 'events.csv'), 'utf8');
interface RRecord {
  gemeente: string;
  time: number;
  cause: number;
}
interface REstimate {
  n: number;
  estimate: number | null;
  events: number;
  competing: number;
  waitingUnderAYear: number;
  lower: number;
  upper: number;
}
interface RRatio {
  ratio: SectorShare;
  records: RRecord[];
  total: REstimate;
  byGemeente: (REstimate & { gemeente: string })[];
}
const R = JSON.parse(fs.readFileSync(path.join(DIR, 'cohort-ratios.json'), 'utf8')) as {
  scenarios: { asOf: string; ratios: RRatio[] }[];
};

function expectSameAsR(mine: CohortEstimate, r: REstimate) {
  expect({ n: mine.n, events: mine.events, competing: mine.competing, waiting: mine.waitingUnderAYear }).toEqual({
    n: r.n,
    events: r.events,
    competing: r.competing,
    waiting: r.waitingUnderAYear,
  });
  if (r.estimate === null) return expect(mine.status).not.toBe('estimate');
  expect(mine.status).toBe('estimate');
  expect(mine.estimate).toBeCloseTo(r.estimate, 6);
  expect(mine.ci95![0]).toBeCloseTo(r.lower, 6);
  expect(mine.ci95![1]).toBeCloseTo(r.upper, 6);
}

describe('sector ratios per entry cohort in the quarterly report (real PostgreSQL, checked against R)', () => {
  let t: TestApp;
  let report: QuarterlyReport;
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.auth('admin');
    const imp = await t.http
      .post('/api/v1/imports')
      .set(admin)
      .attach('file', Buffer.from(EVENTS), 'events.csv')
      .field('kind', 'events');
    expect(imp.status).toBe(201);
    // hoogdijk submits quarterly totals: its participant-level facts (HI1) must not make a cohort
    const sub = await t.http
      .post('/api/v1/funnel/submissions')
      .set(await t.auth('medewerker-hoogdijk'))
      .send({
        gemeente: 'hoogdijk',
        quarter: '2025-Q4',
        counts: [{ step: 'instroom_stabilisatie', value: 40, tag: 'bron' }],
      });
    expect(sub.status).toBe(201);
    const res = await t.http.get('/api/v1/reports/quarterly/2026-Q3').set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    report = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the repository gives, per ratio, exactly the records R derived from the same events (both asOf dates)', async () => {
    const repo = t.app.get(FunnelRepository);
    for (const s of R.scenarios)
      for (const r of s.ratios) {
        const { from, to } = COHORT_RATIO_STEPS[r.ratio];
        const rows = await runAsSystem(() =>
          repo.cohort(from, to, cohortCompetingEnds(r.ratio), '2025-07-01', '2025-09-30', s.asOf),
        );
        const mine = rows
          .filter((x) => x.gemeente !== 'hoogdijk')
          .flatMap((x) => Array.from({ length: x.n }, () => ({ gemeente: x.gemeente, time: x.time, cause: x.cause })));
        expect(mine).toEqual(r.records);
      }
  });

  it('names the cohort of the quarter a year earlier, followed a whole year', () => {
    const c = report.sector.cohortRatios!;
    expect(c).toMatchObject({
      cohort: '2025-Q3',
      period: { start: '2025-07-01', end: '2025-09-30' },
      days: 365,
      followedUntil: '2026-09-30',
      complete: true,
    });
    expect(c.note).toMatch(/2025-Q3/);
    expect(c.ratios.map((r) => [r.ratio, r.cohortLabel])).toEqual([
      ['intakePerAanmelding', 'Aanmelding in 2025-Q3, een jaar gevolgd'],
      ['gereedPerInstroom', 'Instroom in stabilisatie in 2025-Q3, een jaar gevolgd'],
      ['akkoordPerGereed', 'Gereed voor schuldregeling in 2025-Q3, een jaar gevolgd'],
    ]);
  });

  it('equals R at day 365 to 1e-6, for the sector and every gemeente', () => {
    const c = report.sector.cohortRatios!;
    for (const r of R.scenarios[0].ratios) {
      const mine = c.ratios.find((x) => x.ratio === r.ratio)!;
      expectSameAsR(mine.total, r.total);
      expect(mine.byGemeente.map((g) => g.gemeente)).toEqual(r.byGemeente.map((g) => g.gemeente));
      for (const g of r.byGemeente)
        expectSameAsR(
          mine.byGemeente.find((x) => x.gemeente === g.gemeente)!,
          g,
        );
    }
  });

  it('holds the cohort boundaries: the last day of the quarter, day 365 and 366, uitval first, still waiting', () => {
    const instroom = R.scenarios[0].ratios.find((r) => r.ratio === 'gereedPerInstroom')!.records;
    const linde = instroom.filter((x) => x.gemeente === 'lindewaard');
    // LI1 entered on 2025-09-30 (the last day) and became gereed on 2026-09-30: day 365, counted
    expect(linde).toContainEqual({ gemeente: 'lindewaard', time: 365, cause: 1 });
    // LI2 became gereed on day 366: an event, but not within a year
    expect(linde).toContainEqual({ gemeente: 'lindewaard', time: 366, cause: 1 });
    // LI3: uitval on day 61 came before a later gereed
    expect(linde).toContainEqual({ gemeente: 'lindewaard', time: 61, cause: 2 });
    // LI4 still waiting, censored at 2026-09-30; LI7's gereed of 2026-10-15 is after the data's end
    expect(linde).toContainEqual({ gemeente: 'lindewaard', time: 411, cause: 0 });
    expect(linde).toContainEqual({ gemeente: 'lindewaard', time: 394, cause: 0 });
    // LI9 (2025-06-30) is not in the cohort; hoogdijk (totals only) is left out
    expect(linde).toHaveLength(12);
    const mine = report.sector.cohortRatios!.ratios.find((r) => r.ratio === 'gereedPerInstroom')!;
    expect(mine.byGemeente.find((g) => g.gemeente === 'lindewaard')).toMatchObject({ n: 12, events: 6, competing: 3 });
    expect(mine.byGemeente.map((g) => g.gemeente)).not.toContain('hoogdijk');
    expect(report.sector.cohortRatios!.aggregateOnly).toEqual([
      { gemeente: 'hoogdijk', note: expect.stringMatching(/alleen totalen per kwartaal/) },
    ]);
  });

  it('keeps the quarterly flows as counts, said to be counts', () => {
    expect(report.sector.note).toMatch(/^Aantallen in dit kwartaal/);
    expect(report.sector.note).toMatch(/geen verhoudingen/);
    expect(report.sector.total.shares).toHaveProperty('gereedPerInstroom'); // the contract keeps the field
  });

  it('gives reviewers <5 for small counts and no estimate built on them, and gemeente codes', async () => {
    const res = await t.http.get('/api/v1/reports/quarterly/2026-Q3').set(await t.auth('reviewer'));
    expect(res.status).toBe(200);
    const anon = res.body as AnonymisedReport;
    const c = anon.sector.cohortRatios!;
    const text = JSON.stringify(c);
    for (const g of ['lindewaard', 'veenhoven', 'maasbergen', 'hoogdijk']) expect(text).not.toContain(g);
    const instroom = c.ratios.find((r) => r.ratio === 'gereedPerInstroom')!;
    // maasbergen: 2 participants, 1 gereed → every count <5, no estimate, no interval
    const small = instroom.byGemeente.find((g) => g.n === '<5')!;
    expect(small).toMatchObject({ n: '<5', events: '<5', estimate: '<5', ci95: '<5' });
    // 20 = 12 + 2 + 6 would give maasbergen's 2 back: another gemeente's n is concealed (×), and
    // with it its estimate and interval (a percentage would give the count back)
    const hidden = instroom.byGemeente.filter((g) => typeof g.n === 'string');
    expect(hidden.map((g) => g.n).sort()).toEqual(['<5', '×']);
    for (const g of instroom.byGemeente)
      if (typeof g.n === 'string' || typeof g.events === 'string') expect(g.estimate).toBe('<5');
    // the sector: 20 participants, 10 within a year, the same estimate as the full report
    expect(instroom.total).toMatchObject({ n: 20, events: 10, competing: 5 });
    expect(instroom.total.estimate).toBeCloseTo(0.5, 6);
    expect(c.aggregateOnly).toHaveLength(1);
  });
});
