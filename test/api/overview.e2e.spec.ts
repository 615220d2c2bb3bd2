import { addDays, nextLook, todayIso } from '../../libs/domain/src';
import { startTestApp, type TestApp } from '../helpers/app';
import { validDefinition } from '../helpers/builders';

/**
 * The start page per role (issue 16): enrolment against the planned size and the date it is
 * reached at the pace of the last 90 days, the next look and report, and what each role may see.
 */
const today = todayIso();
const ago = (n: number) => addDays(today, -n);

describe('overview per role (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const pl = await t.auth('projectleider');
    const created = await t.http
      .post('/api/v1/experiments')
      .set(pl)
      .send(validDefinition('start-tempo', { start: ago(200), end: addDays(today, 400), plannedSize: 10 }));
    expect(created.status).toBe(201);
    expect((await t.http.patch('/api/v1/experiments/start-tempo').set(pl).send({ status: 'running' })).status).toBe(
      200,
    );
    const enrol = async (who: string, gemeente: string, ref: string, on: string) =>
      expect(
        (
          await t.http
            .post('/api/v1/experiments/start-tempo/enrolments')
            .set(await t.auth(who))
            .send({ gemeente, participantRef: ref, enrolledOn: on })
        ).status,
      ).toBe(201);
    await enrol('medewerker-lindewaard', 'lindewaard', 'S-1', ago(100));
    await enrol('medewerker-lindewaard', 'lindewaard', 'S-2', ago(95));
    await enrol('medewerker-lindewaard', 'lindewaard', 'S-3', ago(30));
    await enrol('medewerker-lindewaard', 'lindewaard', 'S-4', ago(2));
    await enrol('medewerker-veenhoven', 'veenhoven', 'S-5', ago(10));
    // an aanmelding without intake for 40 days: on lindewaard's worklist
    await t.http
      .post('/api/v1/participants/lindewaard/S-6/events')
      .set(await t.auth('medewerker-lindewaard'))
      .send({ milestone: 'aanmelding', occurredOn: ago(40) });
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (who: string) => {
    const res = await t.http.get('/api/v1/overview').set(await t.auth(who));
    expect(res.status).toBe(200);
    return res.body;
  };
  const experiment = (o: { experiments: { key: string }[] }, key: string) =>
    o.experiments.find((e) => e.key === key) as Record<string, unknown>;

  it('gives the enrolment against the planned size and the date it is reached at the recent pace', async () => {
    const o = await get('projectleider');
    // 5 enrolled, 3 of them in the last 90 days: 5 to go at 3 per 90 days = 150 days
    expect(experiment(o, 'start-tempo')).toMatchObject({
      status: 'running',
      enrolled: 5,
      enrolledRecently: 3,
      plannedSize: 10,
      plannedSizeFrom: 'plan',
      expectedReachOn: addDays(today, 150),
      reached: false,
      nextLook: nextLook(ago(200), addDays(today, 400), 4, today),
    });
    expect(experiment(o, 'start-tempo').nextLook).toMatchObject({ of: 4, number: expect.any(Number) });
    // No plannedSize: the power calculation's size. wekelijkse-coaching (0.35 → 0.45, 1:1, alpha 0.05,
    // power 0.8): R power.prop.test(p1 = 0.35, p2 = 0.45, power = 0.8)$n = 375.57 per arm → 2 × 376.
    expect(experiment(o, 'wekelijkse-coaching')).toMatchObject({ plannedSize: 752, plannedSizeFrom: 'power' });
    expect(o.experiments.map((e: { key: string }) => e.key)).not.toContain('klantkaarten'); // a draft
    expect(o.nextReport.quarter).toMatch(/^\d{4}-Q[1-4]$/);
    expect(o.nextReport.draftOn > today).toBe(true);
    expect(o.reportsToPublish).toEqual([]);
    expect(o.dataQuality.gemeenten.length).toBeGreaterThan(1);
    expect(o.worklist).toBeUndefined();
  });

  it('shows a gemeente its own enrolments beside the total, its worklist count, its own imports and quality', async () => {
    const o = await get('medewerker-lindewaard');
    expect(o.gemeente).toBe('lindewaard');
    expect(experiment(o, 'start-tempo')).toMatchObject({ enrolled: 5, enrolledOwn: 4 });
    expect(o.worklist.total).toBeGreaterThanOrEqual(1);
    expect(o.worklist.byReason.geen_intake).toBeGreaterThanOrEqual(1);
    expect(o.dataQuality.gemeenten.map((g: { gemeente: string }) => g.gemeente)).toEqual(['lindewaard']);
    expect(o.reportsToPublish).toBeUndefined();
    expect(o.imports).toEqual([]);
    // jumbo-bon-intake runs without lindewaard: not on its start page
    expect(o.experiments.map((e: { key: string }) => e.key)).not.toContain('jumbo-bon-intake');
    const v = await get('medewerker-veenhoven');
    expect(experiment(v, 'start-tempo')).toMatchObject({ enrolled: 5, enrolledOwn: 1 });
    expect(v.worklist.byReason.geen_intake).toBe(0);
  });

  it('gives a reviewer aggregates only: no data quality per gemeente, no imports, no worklist', async () => {
    const o = await get('reviewer');
    expect(experiment(o, 'start-tempo')).toMatchObject({ enrolled: 5, plannedSize: 10 });
    expect(experiment(o, 'start-tempo').enrolledOwn).toBeUndefined();
    for (const k of ['dataQuality', 'imports', 'worklist', 'reportsToPublish', 'gemeente'])
      expect(o[k]).toBeUndefined();
    expect(JSON.stringify(o)).not.toMatch(/lindewaard|veenhoven|S-\d/);
  });

  it('gives the beheerder no worklist count (too slow for a start page at national scale), but reports to publish', async () => {
    const o = await get('admin');
    expect(o.worklist).toBeUndefined();
    expect(o.reportsToPublish).toEqual([]);
    expect(o.dataQuality.gemeenten.length).toBeGreaterThan(1);
  });

  it('lists the latest imports, a gemeente only its own', async () => {
    const csv = 'gemeente;participant_ref;milestone;occurred_on;reason\nveenhoven;S-7;aanmelding;' + ago(5) + ';\n';
    const imp = await t.http
      .post('/api/v1/imports')
      .set(await t.auth('medewerker-veenhoven'))
      .attach('file', Buffer.from(csv), 'veenhoven.csv')
      .field('kind', 'events');
    expect(imp.status).toBe(201);
    expect((await get('medewerker-veenhoven')).imports).toEqual([
      expect.objectContaining({
        kind: 'events',
        fileName: 'veenhoven.csv',
        status: 'applied',
        rows: 1,
        gemeente: 'veenhoven',
      }),
    ]);
    expect((await get('medewerker-lindewaard')).imports).toEqual([]);
    expect((await get('admin')).imports.map((i: { fileName: string }) => i.fileName)).toContain('veenhoven.csv');
  });

  it('tells reviewer and projectleider which reflections wait for comments, not a gemeente', async () => {
    const res = await t.http
      .post('/api/v1/reports/quarterly/2026-Q2/reflections')
      .set(await t.auth('projectleider'))
      .send({ conclusions: 'Meer no-shows vastleggen.', decisions: [{ decision: 'continue', reason: 'Loopt goed.' }] });
    expect(res.status).toBe(201);
    for (const who of ['reviewer', 'projectleider'])
      expect((await get(who)).reflectionsToReview).toEqual([
        { quarter: '2026-Q2', subjects: 1, updatedAt: expect.any(String) },
      ]);
    expect((await get('medewerker-lindewaard')).reflectionsToReview).toBeUndefined();
  });
});
