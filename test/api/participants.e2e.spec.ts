import { startTestApp, type TestApp } from '../helpers/app';

const G = 'medewerker-lindewaard';
const base = '/api/v1/participants/lindewaard';

describe('milestones, klantbeleving and the timeline (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a milestone (201), the same one again changes nothing (200)', async () => {
    const h = await t.auth(G);
    const first = await t.http
      .post(`${base}/T-1/events`)
      .set(h)
      .send({ milestone: 'intake', occurredOn: '2026-01-10' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ milestone: 'intake', occurredOn: '2026-01-10', reason: null, current: true });
    const again = await t.http
      .post(`${base}/T-1/events`)
      .set(h)
      .send({ milestone: 'intake', occurredOn: '2026-01-10' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const [{ n }] = await t.admin.query("SELECT count(*)::int AS n FROM milestone_event WHERE milestone = 'intake'");
    expect(n).toBe(1);
  });

  it('refuses the same milestone on another date (409) and accepts it as a correction that supersedes', async () => {
    const h = await t.auth(G);
    const first = await t.http
      .post(`${base}/T-2/events`)
      .set(h)
      .send({ milestone: 'aanmelding', occurredOn: '2026-01-05' });
    const conflict = await t.http
      .post(`${base}/T-2/events`)
      .set(h)
      .send({ milestone: 'aanmelding', occurredOn: '2026-01-06' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toContain(`registratie (nummer ${first.body.id}) op de tijdlijn`);
    expect(conflict.body.message).not.toMatch(/supersedes/);
    expect(conflict.body).toMatchObject({ code: 'participant.milestone_exists', eventId: first.body.id });
    const noReason = await t.http
      .post(`${base}/T-2/events`)
      .set(h)
      .send({ milestone: 'aanmelding', occurredOn: '2026-01-06', supersedes: first.body.id });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('correctionReason');
    const fix = await t.http.post(`${base}/T-2/events`).set(h).send({
      milestone: 'aanmelding',
      occurredOn: '2026-01-06',
      supersedes: first.body.id,
      correctionReason: 'Typefout in de datum',
    });
    expect(fix.status).toBe(201);
    expect(fix.body).toMatchObject({ supersedes: first.body.id, current: true });
    // the old fact is kept (append-only) but no longer current
    const timeline = await t.http.get(`${base}/T-2`).set(h);
    expect(timeline.body.events).toHaveLength(2);
    expect(timeline.body.events.find((e: { id: string }) => e.id === first.body.id).current).toBe(false);
    // the history the timeline shows: old date, new date, who corrected, when and why
    expect(timeline.body.events.find((e: { id: string }) => e.id === fix.body.id)).toMatchObject({
      occurredOn: '2026-01-06',
      supersedes: first.body.id,
      correctionReason: 'Typefout in de datum',
      recordedBy: G,
      recordedAt: expect.any(String),
    });
    const asLead = await t.http.get(`${base}/T-2`).set(await t.auth('projectleider'));
    expect(asLead.status).toBe(200);
    expect(asLead.body.events.find((e: { id: string }) => e.id === fix.body.id)).toMatchObject({ recordedBy: G });
    const twice = await t.http.post(`${base}/T-2/events`).set(h).send({
      milestone: 'aanmelding',
      occurredOn: '2026-01-07',
      supersedes: first.body.id,
      correctionReason: 'nogmaals',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('participant.already_corrected');
  });

  it('asks for the reason of uitval, and only for uitval', async () => {
    const h = await t.auth(G);
    const missing = await t.http
      .post(`${base}/T-3/events`)
      .set(h)
      .send({ milestone: 'uitval', occurredOn: '2026-02-01' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('reden') }]);
    const wrongPlace = await t.http
      .post(`${base}/T-3/events`)
      .set(h)
      .send({ milestone: 'intake', occurredOn: '2026-02-01', reason: 'afgewezen' });
    expect(wrongPlace.status).toBe(400);
    const ok = await t.http
      .post(`${base}/T-3/events`)
      .set(h)
      .send({ milestone: 'uitval', occurredOn: '2026-02-01', reason: 'zelf_ingetrokken' });
    expect(ok.status).toBe(201);
    expect(ok.body.reason).toBe('zelf_ingetrokken');
  });

  it.each([
    [{ milestone: 'gewonnen', occurredOn: '2026-01-01' }, 'milestone'],
    [{ milestone: 'intake', occurredOn: '2099-01-01' }, 'occurredOn'],
    [{ milestone: 'intake', occurredOn: '01-01-2026' }, 'occurredOn'],
    [{ milestone: 'intake' }, 'occurredOn'],
    [{ milestone: 'intake', occurredOn: '2026-01-01', supersedes: 'abc', correctionReason: 'x' }, 'supersedes'],
  ])('refuses event %j with a 400 on %s', async (body, field) => {
    const res = await t.http
      .post(`${base}/T-4/events`)
      .set(await t.auth(G))
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('records klantbeleving scores and refuses scores out of range', async () => {
    const h = await t.auth(G);
    const ok = await t.http
      .post(`${base}/T-5/beleving`)
      .set(h)
      .send({ phase: 'overzicht', measuredOn: '2026-03-01', rapportcijfer: 7, waardigheid: 4, emotie: 'moedeloos' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      phase: 'overzicht',
      rapportcijfer: 7,
      waardigheid: 4,
      emotie: 'moedeloos',
      source: 'staff',
    });
    const bad = await t.http
      .post(`${base}/T-5/beleving`)
      .set(h)
      .send({ phase: 'wachtkamer', measuredOn: '2026-03-01', rapportcijfer: 11, tempo: 0, emotie: 'blij' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'emotie',
      'phase',
      'rapportcijfer',
      'tempo',
    ]);
    const empty = await t.http
      .post(`${base}/T-5/beleving`)
      .set(h)
      .send({ phase: 'overzicht', measuredOn: '2026-03-01' });
    expect(empty.status).toBe(400);
    const [{ n }] = await t.admin.query('SELECT count(*)::int AS n FROM beleving_score');
    expect(n).toBe(1);
  });

  it('shows the timeline in date order with enrolments, events and scores', async () => {
    const h = await t.auth(G);
    await t.http
      .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
      .set(h)
      .send({ gemeente: 'lindewaard', participantRef: 'T-6', enrolledOn: '2026-02-01', segment: 'multi' });
    await t.http
      .post(`${base}/T-6/events`)
      .set(h)
      .send({ milestone: 'instroom_stabilisatie', occurredOn: '2026-02-01' });
    await t.http.post(`${base}/T-6/events`).set(h).send({ milestone: 'aanmelding', occurredOn: '2026-01-03' });
    await t.http
      .post(`${base}/T-6/beleving`)
      .set(h)
      .send({ phase: 'intake', measuredOn: '2026-01-20', rapportcijfer: 8 });
    const res = await t.http.get(`${base}/T-6`).set(h);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ participantRef: 'T-6', gemeente: 'lindewaard', segment: 'multi' });
    expect(res.body.enrolments).toEqual([
      // klantprofiel: the profile on the enrolment date (none recorded here)
      { experiment: 'wekelijkse-coaching', arm: expect.any(String), enrolledOn: '2026-02-01', klantprofiel: null },
    ]);
    expect(res.body.events.map((e: { milestone: string }) => e.milestone)).toEqual([
      'aanmelding',
      'instroom_stabilisatie',
    ]);
    expect(res.body.beleving).toHaveLength(1);
  });

  it('keeps gemeenten apart: another gemeente gets 403, an unknown participant 404, a reviewer 403', async () => {
    const other = await t.auth('medewerker-veenhoven');
    expect((await t.http.get(`${base}/T-6`).set(other)).status).toBe(403);
    expect(
      (await t.http.post(`${base}/T-6/events`).set(other).send({ milestone: 'intake', occurredOn: '2026-01-10' }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post(`${base}/T-6/beleving`)
          .set(other)
          .send({ phase: 'intake', measuredOn: '2026-01-10', rapportcijfer: 5 })
      ).status,
    ).toBe(403);
    expect((await t.http.get(`${base}/T-6`).set(await t.auth('reviewer'))).status).toBe(403);
    expect((await t.http.get(`${base}/bestaat-niet`).set(await t.auth(G))).status).toBe(404);
    expect((await t.http.get('/api/v1/participants/nergenshuizen/T-6').set(await t.auth('admin'))).status).toBe(404);
    // the projectleider reads, but does not write
    expect((await t.http.get(`${base}/T-6`).set(await t.auth('projectleider'))).status).toBe(200);
  });

  it('refuses a BSN-like reference in the path', async () => {
    const res = await t.http
      .post(`${base}/111222333/events`)
      .set(await t.auth(G))
      .send({ milestone: 'intake', occurredOn: '2026-01-10' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('participantRef');
  });

  it('leaves an audit entry for every write', async () => {
    const rows = await t.admin.query(
      "SELECT action, count(*)::int AS n FROM audit_entry WHERE action IN ('record_event', 'correct_event', 'record_beleving', 'enrol') GROUP BY action ORDER BY action",
    );
    const byAction = Object.fromEntries(rows.map((r: { action: string; n: number }) => [r.action, r.n]));
    expect(byAction).toEqual({ correct_event: 1, enrol: 1, record_beleving: 2, record_event: 5 });
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await t.http
      .post(`${base}/T-7/events`)
      .set(await t.auth(G))
      .set('Content-Type', 'application/json')
      .send('{"milestone": ');
    expect(res.status).toBe(400);
  });
});
