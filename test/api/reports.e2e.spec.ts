import type { AnonymisedReport, QuarterlyReport, ReportChange } from '@living-lab/domain';
import { ReportSchedulerService } from '../../apps/api/src/reports/report-scheduler.service';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { demoData } from '../helpers/builders';

/**
 * The quarterly reflection report on the seeded demo cohort (seeds/, seed 20270101, arms from a
 * fixed sha256 hash so the data are the same on every run).
 */
const QUARTER = '2026-Q3'; // asOf 2026-09-30

describe('quarterly reflection report', () => {
  let t: TestApp;
  let report: QuarterlyReport;
  beforeAll(async () => {
    t = await startTestApp();
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, demoData()));
    const res = await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    report = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  const exp = (key: string) => report.experiments.find((e) => e.plan.key === key)!;

  it('covers the running experiments as of the quarter end, with plan and planned size', () => {
    expect(report.asOf).toBe('2026-09-30');
    expect(report.experiments.map((e) => e.plan.key).sort()).toEqual(['jumbo-bon-intake', 'wekelijkse-coaching']);
    const plan = exp('wekelijkse-coaching').plan;
    expect(plan.hypothesis).toMatch(/\w+/);
    expect(plan.plannedPerArm?.controle).toBeGreaterThan(100);
  });

  it('shows the frozen plan hash, pre-registered metrics, monitoring and data quality', () => {
    const e = exp('wekelijkse-coaching');
    expect(e.preRegistration).toMatchObject({
      frozen: true,
      version: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      changedAfterStart: false,
    });
    expect(e.monitoring).toHaveProperty('srm');
    expect(report.dataQuality.map((d) => d.gemeente).sort()).toEqual([
      'brederwijk',
      'hoogdijk',
      'lindewaard',
      'maasbergen',
      'oosterkamp',
      'veenhoven',
    ]);
    expect(report.dataQuality[0]).toHaveProperty('completenessScore');
    expect(report.sector.submissions.steps.length).toBeGreaterThan(0);
  });

  it('equals an independent computation from the raw event rows (primary metric, per arm)', async () => {
    // Straight from milestone_event, without the outcome summary tables the report reads.
    const raw: { arm: string; enrolled: number; complete: number; events: number }[] = await t.admin.query(`
      SELECT n.arm_key AS arm, count(*)::int AS enrolled,
             count(*) FILTER (WHERE n.enrolled_on <= DATE '2026-09-30' - 180)::int AS complete,
             count(*) FILTER (WHERE n.enrolled_on <= DATE '2026-09-30' - 180 AND EXISTS (
               SELECT 1 FROM milestone_event e WHERE e.participant_id = n.participant_id AND e.milestone = 'gereed_voor_schuldregeling'
                 AND e.occurred_on >= n.enrolled_on AND e.occurred_on <= n.enrolled_on + 180))::int AS events
      FROM enrolment n WHERE n.experiment_key = 'wekelijkse-coaching' AND n.enrolled_on <= DATE '2026-09-30'
      GROUP BY 1 ORDER BY 1`);
    const primary = exp('wekelijkse-coaching').results.metrics.find((m) => m.primary)!;
    for (const r of raw) {
      const a = primary.arms.find((x) => x.arm === r.arm)!;
      expect({ arm: r.arm, enrolled: a.enrolled, complete: a.complete, events: a.events }).toEqual(r);
      expect(a.rate).toBeCloseTo(r.events / r.complete, 12);
    }
    // and the CONSORT flow adds up
    for (const c of exp('wekelijkse-coaching').consort) {
      expect(c.gereed + c.uitval + c.other + c.inProgress).toBe(c.complete);
      expect(c.complete + c.notYetComplete).toBe(c.enrolled);
      // gereed as first terminal outcome can only be fewer than gereed reached at all in the window
      expect(c.gereed).toBeLessThanOrEqual(primary.arms.find((x) => x.arm === c.arm)!.events);
    }
  });

  it('detects the simulated coaching effect and does not flag the null JUMBO-bon experiment', () => {
    const coaching = exp('wekelijkse-coaching').results.primaryComparison!;
    const jumbo = exp('jumbo-bon-intake').results.primaryComparison!;
    expect(coaching.riskDifference).toBeGreaterThan(0.05);
    expect(coaching.fisherPValue).toBeLessThan(0.05);
    expect(jumbo.fisherPValue).toBeGreaterThan(0.05);
    expect(coaching.qValue).toBeGreaterThanOrEqual(coaching.fisherPValue);
  });

  it('keeps recent enrolees out of window denominators but in the cumulative incidence', () => {
    const e = exp('wekelijkse-coaching');
    const gereed = e.results.metrics.find((m) => m.metric === 'gereed_voor_schuldregeling')!;
    for (const a of gereed.arms) {
      expect(a.complete).toBeLessThan(a.enrolled);
      expect(a.curve?.length).toBeGreaterThan(5);
      expect(a.curve?.[0]).toEqual({ day: 0, value: 0, ci95: [0, 0] });
    }
    const waiting = e.consort.reduce((s: number, c) => s + c.notYetComplete, 0);
    expect(waiting).toBeGreaterThan(0);
  });

  it('draws a forest plot per gemeente with the pooled Mantel–Haenszel difference', () => {
    const f = exp('wekelijkse-coaching').forest[0];
    expect(f.gemeenten).toHaveLength(6);
    expect(f.pooled.riskDifference).toBeGreaterThan(0);
    expect(f.pooled.ci95?.[0]).toBeLessThan(f.pooled.riskDifference!);
  });

  it('shows the sector funnel against 2018 and the three previous quarters', () => {
    const s = report.sector;
    expect(s.total.counts.aanmelding).toBeGreaterThan(0);
    expect(s.total.shares.intakePerAanmelding).toBeGreaterThan(0.7);
    expect(s.reference2018.gereedPerInstroom.value).toBe(0.6);
    expect(s.trend.map((x) => x.quarter)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(s.byGemeente.map((g) => g.gemeente)).toContain('veenhoven');
  });

  it('gives reviewers letter codes, <5 suppression and no participant data', async () => {
    const res = await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('reviewer'));
    expect(res.status).toBe(200);
    const body: AnonymisedReport = res.body;
    const text = JSON.stringify(body);
    for (const hidden of ['veenhoven', 'oosterkamp', 'hoogdijk', 'maasbergen']) expect(text).not.toContain(hidden); // no consent
    expect(text).toContain('Lindewaard'); // consented to be named
    expect(text).toMatch(/Gemeente [A-Z]/);
    expect(text).not.toMatch(/P-[a-z]+-\d+/); // no participant references
    expect(
      body.dataQuality.every(
        (d) => d.warnings === undefined && /^(Gemeente [A-Z]+|Lindewaard|Brederwijk)$/.test(d.gemeente),
      ),
    ).toBe(true);
    const counts = body.experiments.flatMap((e) =>
      e.results.metrics.flatMap((m) => m.byGemeente.flatMap((g) => g.arms.map((a) => a.events))),
    );
    expect(
      counts.some((c: unknown) => c === '<5') ||
        counts.every((c: unknown) => typeof c === 'number' && (c === 0 || c >= 5)),
    ).toBe(true);
    expect(counts.every((c: unknown) => c === '<5' || c === 0 || (typeof c === 'number' && c >= 5))).toBe(true);
    // codes are stable within one view
    const again = await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('reviewer'));
    expect((again.body as AnonymisedReport).sector.byGemeente.map((g) => g.gemeente)).toEqual(
      body.sector.byGemeente.map((g) => g.gemeente),
    );
  });

  it('shows a gemeente user its own gemeente by name and the others by code (issue 15)', async () => {
    // Lindewaard consented to be named: take that away, so only being the viewer can name it
    await t.admin.query("UPDATE gemeente SET consent_named = false WHERE code = 'lindewaard'");
    try {
      const own: AnonymisedReport = (
        await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('medewerker-lindewaard'))
      ).body;
      const reviewer: AnonymisedReport = (
        await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('reviewer'))
      ).body;
      const ownNames = own.sector.byGemeente.map((g) => g.gemeente);
      const reviewerNames = reviewer.sector.byGemeente.map((g) => g.gemeente);
      expect(ownNames).toContain('Lindewaard');
      expect(reviewerNames).not.toContain('Lindewaard');
      expect(own.ownGemeente).toBe('Lindewaard');
      expect(own.anonymisation).toContain('Uw eigen gemeente (Lindewaard)');
      const text = JSON.stringify(own);
      for (const hidden of ['veenhoven', 'oosterkamp', 'hoogdijk', 'maasbergen', 'Veenhoven', 'Oosterkamp'])
        expect(text).not.toContain(hidden);
      // the others keep the very codes the reviewer sees; only the viewer's own letter became its name
      const differ = ownNames.filter((g, i) => g !== reviewerNames[i]);
      expect(differ).toEqual(['Lindewaard']);
      expect(own.dataQuality.map((d) => d.gemeente)).toContain('Lindewaard');
    } finally {
      await t.admin.query("UPDATE gemeente SET consent_named = true WHERE code = 'lindewaard'");
    }
  });

  it('freezes a published report: late data do not change it, a re-publication is a new version that says what changed', async () => {
    const pl = await t.auth('projectleider');
    const v1 = await t.http.post(`/api/v1/reports/quarterly/${QUARTER}/publish`).set(pl);
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ quarter: QUARTER, version: 1, changes: [] });
    const before = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(pl)).body;
    // a late fact dated inside the quarter: a new participant enrolled and gereed
    const g = await t.auth('medewerker-lindewaard');
    await t.admin.query("UPDATE experiment SET status = 'running' WHERE key = 'wekelijkse-coaching'");
    const enrol = await t.http
      .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
      .set(g)
      .send({ gemeente: 'lindewaard', participantRef: 'LATE-1', enrolledOn: '2026-01-05' });
    expect(enrol.status).toBe(201);
    expect(
      (
        await t.http
          .post('/api/v1/participants/lindewaard/LATE-1/events')
          .set(g)
          .send({ milestone: 'gereed_voor_schuldregeling', occurredOn: '2026-03-01' })
      ).status,
    ).toBe(201);
    const after = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(pl)).body;
    expect(after.experiments).toEqual(before.experiments);
    expect(after.publication.version).toBe(1);
    const draft = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}?draft=true`).set(pl)).body;
    expect(draft.publication).toBeNull();
    const v2 = await t.http.post(`/api/v1/reports/quarterly/${QUARTER}/publish`).set(pl);
    expect(v2.body.version).toBe(2);
    expect(v2.body.inputHash).not.toBe(v1.body.inputHash);
    expect((v2.body.changes as ReportChange[]).map((c) => c.path)).toContain(
      `wekelijkse-coaching.gereed_voor_schuldregeling.${enrol.body.arm}.enrolled`,
    );
    const versions = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}/versions`).set(pl)).body;
    expect((versions as { version: number }[]).map((v) => v.version)).toEqual([1, 2]);
    const old = (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}?version=1`).set(pl)).body;
    expect(old.experiments).toEqual(before.experiments);
    await expect(
      t.admin.query(`UPDATE report_version SET published_by = 'x' WHERE quarter = '${QUARTER}'`),
    ).rejects.toThrow(/cannot be changed/);
  });

  it('drafts the report on the first day after the quarter, once', async () => {
    const scheduler = t.app.get(ReportSchedulerService);
    expect(await scheduler.tick('2026-10-01')).toBe('2026-Q3');
    expect(await scheduler.tick('2026-10-02')).toBeUndefined();
    const [draft] = await t.admin.query(
      "SELECT drafted_by, content->>'quarter' AS quarter FROM report_draft WHERE quarter = '2026-Q3'",
    );
    expect(draft).toEqual({ drafted_by: 'scheduler', quarter: '2026-Q3' });
  });

  it('refuses a malformed or future quarter, and publication by a reviewer or gemeente', async () => {
    const pl = await t.auth('projectleider');
    expect((await t.http.get('/api/v1/reports/quarterly/2026-Q5').set(pl)).status).toBe(400);
    // a line break in the path (found by the fuzzer: it once gave a 500)
    expect((await t.http.get('/api/v1/reports/quarterly/2026-Q3%0D.pdf').set(pl)).status).toBe(400);
    expect((await t.http.get('/api/v1/reports/quarterly/2099-Q1').set(pl)).status).toBe(400);
    expect(
      (await t.http.post(`/api/v1/reports/quarterly/${QUARTER}/publish`).set(await t.auth('reviewer'))).status,
    ).toBe(403);
    expect(
      (await t.http.post(`/api/v1/reports/quarterly/${QUARTER}/publish`).set(await t.auth('medewerker-lindewaard')))
        .status,
    ).toBe(403);
    expect(
      (await t.http.get(`/api/v1/reports/quarterly/${QUARTER}?draft=true`).set(await t.auth('reviewer'))).status,
    ).toBe(403);
    expect((await t.http.get(`/api/v1/reports/quarterly/${QUARTER}?version=9`).set(pl)).status).toBe(404);
  });
});
