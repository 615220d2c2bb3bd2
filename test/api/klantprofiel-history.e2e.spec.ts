import { addDays, todayIso, type ExperimentResults } from '@living-lab/domain';
import { runWithDbContext } from '../../libs/db/src';
import { SeedService } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { demoData, validDefinition } from '../helpers/builders';

/**
 * Klantprofiel over time (issue 14, item 9) through the API on the demo cohort: a change after
 * enrolment adds a dated entry, the timeline shows the current profile and the history, and the
 * results' klantprofiel subgroups and the quarterly report stay where they were (intention to treat).
 */
const QUARTER = '2026-Q3';
const AS_OF = '2026-09-30';
const EXPERIMENT = 'wekelijkse-coaching';
const G = 'medewerker-lindewaard';
const base = '/api/v1/participants/lindewaard';

describe('klantprofiel history (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.admin.transaction((m) => t.app.get(SeedService).insertCohort(m, demoData()));
  });
  afterAll(async () => {
    await t?.close();
  });

  const results = async (): Promise<ExperimentResults> => {
    const res = await t.http
      .get(`/api/v1/experiments/${EXPERIMENT}/results?asOf=${AS_OF}`)
      .set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    return res.body;
  };
  const subgroups = (r: ExperimentResults) =>
    r.metrics.map((m) => ({ metric: m.metric, klantprofiel: m.comparisons.map((c) => c.subgroups?.klantprofiel) }));
  const report = async () => {
    const res = await t.http.get(`/api/v1/reports/quarterly/${QUARTER}`).set(await t.auth('projectleider'));
    expect(res.status).toBe(200);
    const { generatedAt: _, ...rest } = res.body as Record<string, unknown>;
    return rest;
  };

  it('a change after enrolment moves the current profile, never the results subgroups or the report', async () => {
    const resultsBefore = await results();
    const kp = subgroups(resultsBefore);
    expect(JSON.stringify(kp)).toMatch(/klantprofiel/); // the comparison has klantprofiel subgroups to keep
    const reportBefore = await report();
    // Every enrolled lindewaard participant of the experiment gets another profile from today on.
    const enrolled: { ref: string; klantprofiel: string }[] = await t.admin.query(
      `SELECT p.participant_ref AS ref, p.klantprofiel FROM participant p JOIN enrolment n ON n.participant_id = p.id
       WHERE n.experiment_key = $1 AND p.gemeente_code = 'lindewaard' AND p.klantprofiel IS NOT NULL ORDER BY 1 LIMIT 60`,
      [EXPERIMENT],
    );
    expect(enrolled.length).toBeGreaterThan(20);
    const h = await t.auth(G);
    const today = todayIso();
    for (const p of enrolled) {
      const other = p.klantprofiel === 'kwetsbare' ? 'aanpakker' : 'kwetsbare';
      const res = await t.http
        .post(`${base}/${p.ref}/klantprofiel`)
        .set(h)
        .send({ klantprofiel: other, validFrom: today });
      expect({ ref: p.ref, status: res.status }).toEqual({ ref: p.ref, status: 201 });
    }
    const [{ moved }] = await t.admin.query(
      `SELECT count(*)::int AS moved FROM participant WHERE participant_ref = ANY ($1) AND klantprofiel IS DISTINCT FROM
         (SELECT klantprofiel FROM participant_klantprofiel h WHERE h.participant_id = participant.id ORDER BY h.valid_from, h.id LIMIT 1)`,
      [enrolled.map((p) => p.ref)],
    );
    expect(moved).toBe(enrolled.length); // the current profile did change
    expect(subgroups(await results())).toEqual(kp);
    expect(await report()).toEqual(reportBefore);
  });

  it('the timeline shows the current profile, the history and the profile on each enrolment date', async () => {
    const h = await t.auth(G);
    const enrol = await t.http
      .post(`/api/v1/experiments/${EXPERIMENT}/enrolments`)
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'KP-1', enrolledOn: '2026-03-02', klantprofiel: 'onwetende' });
    expect(enrol.status).toBe(201);
    const change = await t.http
      .post(`${base}/KP-1/klantprofiel`)
      .set(h)
      .send({ klantprofiel: 'aanpakker', validFrom: '2026-05-01' });
    expect(change.status).toBe(201);
    expect(change.body).toMatchObject({
      klantprofiel: 'aanpakker',
      validFrom: '2026-05-01',
      source: 'hand',
      recordedBy: G,
    });
    const again = await t.http
      .post(`${base}/KP-1/klantprofiel`)
      .set(h)
      .send({ klantprofiel: 'aanpakker', validFrom: '2026-06-01' }); // already so on that date: nothing new
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(change.body.id);
    const tl = await t.http.get(`${base}/KP-1`).set(h);
    expect(tl.status).toBe(200);
    expect(tl.body.klantprofiel).toBe('aanpakker');
    expect(tl.body.klantprofielHistory).toEqual([
      expect.objectContaining({ klantprofiel: 'onwetende', validFrom: '2026-03-02', source: 'hand', recordedBy: G }),
      expect.objectContaining({ klantprofiel: 'aanpakker', validFrom: '2026-05-01', source: 'hand', recordedBy: G }),
    ]);
    expect(tl.body.enrolments).toEqual([
      expect.objectContaining({ experiment: EXPERIMENT, enrolledOn: '2026-03-02', klantprofiel: 'onwetende' }),
    ]);
    const [summary] = await t.admin.query(
      `SELECT s.klantprofiel FROM enrolment_summary s JOIN enrolment n ON n.id = s.enrolment_id
       JOIN participant p ON p.id = n.participant_id WHERE p.participant_ref = 'KP-1'`,
    );
    expect(summary.klantprofiel).toBe('onwetende');
    const audit = await t.admin.query(
      `SELECT action, after FROM audit_entry WHERE entity = 'participant_klantprofiel' AND entity_id = $1`,
      [change.body.id],
    );
    expect(audit).toEqual([
      {
        action: 'record_klantprofiel',
        after: expect.objectContaining({ klantprofiel: 'aanpakker', validFrom: '2026-05-01' }),
      },
    ]);
    // An enrolment that names another profile adds an entry from its date (audited), the old one stays.
    const [{ n: enrolAudits }] = await t.admin.query(
      `SELECT count(*)::int AS n FROM audit_entry a JOIN participant_klantprofiel h ON a.entity_id = h.id::text
       JOIN participant p ON p.id = h.participant_id
       WHERE a.entity = 'participant_klantprofiel' AND p.participant_ref = 'KP-1' AND h.valid_from = '2026-03-02'`,
    );
    expect(enrolAudits).toBe(1);
  });

  it('refuses a date in the future (400, field and code) and a profile outside the vocabulary', async () => {
    const h = await t.auth(G);
    const future = await t.http
      .post(`${base}/KP-1/klantprofiel`)
      .set(h)
      .send({ klantprofiel: 'kwetsbare', validFrom: addDays(todayIso(), 1) });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'participant.klantprofiel_future' });
    expect(future.body.errors).toEqual([
      expect.objectContaining({
        field: 'validFrom',
        code: 'participant.klantprofiel_future',
        message: expect.stringMatching(/toekomst/),
      }),
    ]);
    const bad = await t.http
      .post(`${base}/KP-1/klantprofiel`)
      .set(h)
      .send({ klantprofiel: 'held', validFrom: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['klantprofiel', 'validFrom']);
    const [{ n }] = await t.admin.query(
      `SELECT count(*)::int AS n FROM participant_klantprofiel h JOIN participant p ON p.id = h.participant_id WHERE p.participant_ref = 'KP-1'`,
    );
    expect(n).toBe(2);
  });

  it("keeps a gemeente to its own participants' profiles: API, and row-level security in the database", async () => {
    const other = await t.http
      .post(`${base}/KP-1/klantprofiel`)
      .set(await t.auth('medewerker-veenhoven'))
      .send({ klantprofiel: 'kwetsbare', validFrom: '2026-06-01' });
    expect(other.status).toBe(403);
    const seen: { gemeente_code: string }[] = await runWithDbContext({ role: 'gemeente', gemeente: 'veenhoven' }, () =>
      t.ds.query('SELECT gemeente_code FROM participant_klantprofiel'),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.gemeente_code))).toEqual(new Set(['veenhoven']));
    const [kp1] = await t.admin.query(
      `SELECT id FROM participant WHERE gemeente_code = 'lindewaard' AND participant_ref = 'KP-1'`,
    );
    await expect(
      runWithDbContext({ role: 'gemeente', gemeente: 'veenhoven' }, () =>
        t.ds.query(
          `INSERT INTO participant_klantprofiel (participant_id, gemeente_code, klantprofiel, valid_from, source)
           VALUES ($1, 'lindewaard', 'kwetsbare', '2026-06-01', 'hand')`,
          [kp1.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    // append-only for the application
    await expect(
      runWithDbContext({ role: 'beheerder', gemeente: null }, () => t.ds.query('DELETE FROM participant_klantprofiel')),
    ).rejects.toThrow(/permission denied/);
  });
  it('gives the history in the AVG export and erases it with the participant', async () => {
    const admin = await t.auth('admin');
    const exported = await t.http.get(`${base}/KP-1/export`).set(admin);
    expect(exported.status).toBe(200);
    expect(exported.body.klantprofielHistory.map((e: { klantprofiel: string }) => e.klantprofiel)).toEqual([
      'onwetende',
      'aanpakker',
    ]);
    const [kp1] = await t.admin.query(
      `SELECT id FROM participant WHERE gemeente_code = 'lindewaard' AND participant_ref = 'KP-1'`,
    );
    const entries = async () =>
      (
        await t.admin.query(`SELECT count(*)::int AS n FROM participant_klantprofiel WHERE participant_id = $1`, [
          kp1.id,
        ])
      )[0].n;
    expect(await entries()).toBe(2);
    expect((await t.http.delete(`${base}/KP-1`).set(admin)).status).toBe(200);
    expect(await entries()).toBe(0);
  });

  it('stratifies a permuted-block allocation by the profile on the enrolment date, "onbekend" before the first entry', async () => {
    const pl = await t.auth('projectleider');
    const def = validDefinition('profiel-blokken', {
      randomization: 'permuted_blocks',
      stratifyByKlantprofiel: true,
      start: '2025-01-01',
      end: '2026-12-31',
    });
    expect((await t.http.post('/api/v1/experiments').set(pl).send(def)).status).toBe(201);
    expect((await t.http.patch('/api/v1/experiments/profiel-blokken').set(pl).send({ status: 'running' })).status).toBe(
      200,
    );
    const h = await t.auth(G);
    const record = async (ref: string, klantprofiel: string, validFrom: string) =>
      expect((await t.http.post(`${base}/${ref}/klantprofiel`).set(h).send({ klantprofiel, validFrom })).status).toBe(
        201,
      );
    await record('KPS-1', 'onwetende', '2026-01-01');
    await record('KPS-1', 'kwetsbare', '2026-04-01'); // after the enrolment below: not its stratum
    await record('KPS-2', 'aanpakker', '2026-05-01'); // first recorded after the enrolment
    for (const ref of ['KPS-1', 'KPS-2'])
      expect(
        (
          await t.http
            .post('/api/v1/experiments/profiel-blokken/enrolments')
            .set(h)
            .send({ gemeente: 'lindewaard', participantRef: ref, enrolledOn: '2026-03-02' })
        ).status,
      ).toBe(201);
    const strata = await t.admin.query(
      `SELECT participant_ref AS ref, stratum FROM allocation_log WHERE experiment_key = 'profiel-blokken' ORDER BY 1`,
    );
    expect(strata).toEqual([
      { ref: 'KPS-1', stratum: 'lindewaard/onwetende' },
      { ref: 'KPS-2', stratum: 'lindewaard/onbekend' },
    ]);
    const summaries = await t.admin.query(
      `SELECT p.participant_ref AS ref, s.klantprofiel FROM enrolment_summary s JOIN enrolment n ON n.id = s.enrolment_id
       JOIN participant p ON p.id = n.participant_id WHERE n.experiment_key = 'profiel-blokken' ORDER BY 1`,
    );
    expect(summaries).toEqual([
      { ref: 'KPS-1', klantprofiel: 'onwetende' },
      { ref: 'KPS-2', klantprofiel: null },
    ]);
  });

  it('an enrolments import with another klantprofiel adds an entry from its date, source import', async () => {
    const file =
      'experiment;gemeente;participant_ref;enrolled_on;arm;klantprofiel;segment\n' +
      'wekelijkse-coaching;lindewaard;KPI-1;2026-02-01;;aanpakker;\n';
    await t.http
      .post(`${base}/KPI-1/klantprofiel`)
      .set(await t.auth(G))
      .send({ klantprofiel: 'struisvogel', validFrom: '2026-01-01' });
    const res = await t.http
      .post('/api/v1/imports')
      .set(await t.auth(G))
      .attach('file', Buffer.from(file, 'utf8'), 'enrolments.csv')
      .field('kind', 'enrolments');
    expect(res.status).toBe(201);
    const tl = await t.http.get(`${base}/KPI-1`).set(await t.auth(G));
    expect(
      tl.body.klantprofielHistory.map((e: { klantprofiel: string; validFrom: string; source: string }) => [
        e.klantprofiel,
        e.validFrom,
        e.source,
      ]),
    ).toEqual([
      ['struisvogel', '2026-01-01', 'hand'],
      ['aanpakker', '2026-02-01', 'import'],
    ]);
    expect(tl.body.enrolments[0].klantprofiel).toBe('aanpakker');
  });
});
