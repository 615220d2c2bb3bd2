/**
 * Privacy (AVG, issue 8): export and erasure of one participant by a beheerder, retention per
 * experiment with a dry run first, and logs without participant references or tokens.
 */
import { todayIso, validateExperimentDefinition } from '../../libs/domain/src';
import { scrubLogText } from '../../apps/api/src/common/log-scrub';
import { ParticipantsRepository } from '../../apps/api/src/participants/participants.repository';
import { RetentionSchedulerService } from '../../apps/api/src/privacy/retention-scheduler.service';
import { startTestApp, type TestApp } from '../helpers/app';

const G = 'lindewaard';
const STAFF = `medewerker-${G}`;
const TODAY = todayIso(); // the API's today (the date in the Netherlands)

/** Every participant-level row that still mentions the participant, counted by the superuser. */
async function rowsOf(t: TestApp, ref: string) {
  const [r] = await t.admin.query(
    `
    WITH p AS (SELECT id FROM participant WHERE participant_ref = $1), n AS (SELECT id FROM enrolment WHERE participant_id IN (SELECT id FROM p))
    SELECT (SELECT count(*) FROM p)::int AS participants, (SELECT count(*) FROM n)::int AS enrolments,
           (SELECT count(*) FROM milestone_event WHERE participant_id IN (SELECT id FROM p))::int AS events,
           (SELECT count(*) FROM beleving_score WHERE participant_id IN (SELECT id FROM p))::int AS beleving,
           (SELECT count(*) FROM client_form_link WHERE participant_id IN (SELECT id FROM p))::int AS links,
           (SELECT count(*) FROM enrolment_summary WHERE enrolment_id IN (SELECT id FROM n))::int AS summaries,
           (SELECT count(*) FROM allocation_log WHERE participant_ref = $1)::int AS "allocationLog"`,
    [ref],
  );
  return r;
}

describe('privacy (AVG): export, erasure, retention, logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const enrol = async (ref: string, experiment = 'wekelijkse-coaching', on = '2026-01-05', g = G) => {
    const staff = await t.auth(`medewerker-${g}`);
    const r = await t.http
      .post(`/api/v1/experiments/${experiment}/enrolments`)
      .set(staff)
      .send({ gemeente: g, participantRef: ref, enrolledOn: on });
    expect(r.status).toBe(201);
    expect(
      (
        await t.http
          .post(`/api/v1/participants/${g}/${ref}/events`)
          .set(staff)
          .send({ milestone: 'intake', occurredOn: '2026-01-12' })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.http
          .post(`/api/v1/participants/${g}/${ref}/beleving`)
          .set(staff)
          .send({ phase: 'intake', measuredOn: '2026-01-12', rapportcijfer: 6 })
      ).status,
    ).toBe(201);
  };

  it("exports a participant's data as JSON for a beheerder only, and audits it without the reference", async () => {
    await enrol('AVG-1');
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth(STAFF))
          .send({ gemeente: G, participantRef: 'AVG-1', phase: 'intake' })
      ).status,
    ).toBe(201);
    const res = await t.http.get(`/api/v1/participants/${G}/AVG-1/export`).set(await t.auth('admin'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      participantRef: 'AVG-1',
      gemeente: G,
      participant: { participantRef: 'AVG-1', gemeente: G },
    });
    expect(res.body.enrolments).toEqual([
      expect.objectContaining({ experiment: 'wekelijkse-coaching', enrolledOn: '2026-01-05', enrolledBy: STAFF }),
    ]);
    expect(res.body.events.map((e: { milestone: string }) => e.milestone)).toEqual(['intake']);
    expect(res.body.beleving).toHaveLength(1);
    expect(res.body.clientFormLinks).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toMatch(/token_hash|tokenHash|password/);
    for (const who of [STAFF, 'projectleider', 'reviewer']) {
      expect((await t.http.get(`/api/v1/participants/${G}/AVG-1/export`).set(await t.auth(who))).status).toBe(403);
    }
    expect((await t.http.get(`/api/v1/participants/${G}/NOBODY/export`).set(await t.auth('admin'))).status).toBe(404);
    const [audit] = await t.admin.query(
      "SELECT entity_id, after::text AS after FROM audit_entry WHERE action = 'export_participant' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit.entity_id).toBeNull();
    expect(audit.after).not.toContain('AVG-1');
  });

  it('erases every participant-level row, keeps published reports as they were, and audits counts only', async () => {
    await enrol('AVG-2');
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(await t.auth(STAFF))
          .send({ gemeente: G, participantRef: 'AVG-2', phase: 'intake' })
      ).status,
    ).toBe(201);
    // a correction too: the append-only chain (supersedes) must go as a whole
    const tl = await t.http.get(`/api/v1/participants/${G}/AVG-2`).set(await t.auth(STAFF));
    expect(
      (
        await t.http
          .post(`/api/v1/participants/${G}/AVG-2/events`)
          .set(await t.auth(STAFF))
          .send({
            milestone: 'intake',
            occurredOn: '2026-01-13',
            supersedes: tl.body.events[0].id,
            correctionReason: 'typefout',
          })
      ).status,
    ).toBe(201);
    const quarter = `${TODAY.slice(0, 4)}-Q${Math.floor((Number(TODAY.slice(5, 7)) - 1) / 3) + 1}`;
    expect(
      (await t.http.post(`/api/v1/reports/quarterly/${quarter}/publish`).set(await t.auth('projectleider'))).status,
    ).toBeLessThan(300);
    const published = await t.admin.query(
      'SELECT quarter, version, md5(content::text) AS h FROM report_version ORDER BY 1, 2',
    );
    expect(published.length).toBeGreaterThan(0);
    const slotsBefore = await t.admin.query(
      'SELECT count(*)::int AS n FROM allocation_slot WHERE taken_at IS NOT NULL',
    );
    expect(await rowsOf(t, 'AVG-2')).toEqual({
      participants: 1,
      enrolments: 1,
      events: 2,
      beleving: 1,
      links: 1,
      summaries: 1,
      allocationLog: 1,
    });

    for (const who of [STAFF, 'projectleider', 'reviewer']) {
      expect((await t.http.delete(`/api/v1/participants/${G}/AVG-2`).set(await t.auth(who))).status).toBe(403);
    }
    const res = await t.http.delete(`/api/v1/participants/${G}/AVG-2`).set(await t.auth('admin'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      gemeente: G,
      erased: expect.objectContaining({
        participants: 1,
        enrolments: 1,
        events: 2,
        beleving: 1,
        clientFormLinks: 1,
        summaries: 1,
        allocationLog: 1,
      }),
    });
    expect(await rowsOf(t, 'AVG-2')).toEqual({
      participants: 0,
      enrolments: 0,
      events: 0,
      beleving: 0,
      links: 0,
      summaries: 0,
      allocationLog: 0,
    });
    expect(
      await t.admin.query('SELECT quarter, version, md5(content::text) AS h FROM report_version ORDER BY 1, 2'),
    ).toEqual(published);
    // the erased enrolment's slot stays used: the concealed sequence never hands it out again
    expect(await t.admin.query('SELECT count(*)::int AS n FROM allocation_slot WHERE taken_at IS NOT NULL')).toEqual(
      slotsBefore,
    );
    expect((await t.http.get(`/api/v1/participants/${G}/AVG-2`).set(await t.auth('admin'))).status).toBe(404);
    expect((await t.http.delete(`/api/v1/participants/${G}/AVG-2`).set(await t.auth('admin'))).status).toBe(404);
    // other participants are untouched
    expect((await rowsOf(t, 'AVG-1')).participants).toBe(1);

    const [audit] = await t.admin.query(
      "SELECT actor, entity_id, after FROM audit_entry WHERE action = 'erase_participant' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit).toEqual({
      actor: 'admin',
      entity_id: null,
      after: expect.objectContaining({ gemeente: G, participants: 1, events: 2 }),
    });
    expect(JSON.stringify(audit)).not.toContain('AVG-2');
    expect((await t.http.get('/api/v1/audit/verify').set(await t.auth('admin'))).body).toMatchObject({ ok: true });
  });

  it('keeps ordinary writes append-only: the app cannot delete events or allocation log rows itself', async () => {
    await expect(t.admin.query("DELETE FROM allocation_log WHERE participant_ref = 'AVG-1'")).rejects.toThrow(
      /append-only/,
    );
    const res = await t.ds.query(
      "SELECT has_table_privilege('milestone_event', 'DELETE') AS d, has_table_privilege('allocation_log', 'UPDATE') AS u",
    );
    expect(res).toEqual([{ d: false, u: false }]);
  });

  it('validates retentionMonths in an experiment definition (optional, 1–600, needs an end date)', () => {
    const base = {
      key: 'x',
      title: 'x',
      hypothesis: 'x',
      interventionPhase: 'intake',
      design: 'individual_randomized',
      arms: [
        { key: 'a', name: 'A', weight: 1, control: true },
        { key: 'b', name: 'B', weight: 1 },
      ],
      primaryMetric: 'gereed_voor_schuldregeling',
      gemeenten: ['lindewaard'],
    };
    expect(validateExperimentDefinition(base).map((p) => p.field)).not.toContain('retentionMonths');
    expect(
      validateExperimentDefinition({ ...base, end: '2026-12-31', retentionMonths: 24 }).map((p) => p.field),
    ).not.toContain('retentionMonths');
    for (const bad of [0, 601, 1.5, '12'])
      expect(
        validateExperimentDefinition({ ...base, end: '2026-12-31', retentionMonths: bad }).map((p) => p.field),
      ).toContain('retentionMonths');
    expect(validateExperimentDefinition({ ...base, retentionMonths: 12 }).map((p) => p.field)).toContain(
      'retentionMonths',
    );
  });

  it("erases data past an experiment's retention: dry run first, then the job (or a beheerder) erases", async () => {
    const V = 'veenhoven';
    await enrol('RET-ONLY', 'jumbo-bon-intake', '2026-01-06', V); // only in the expiring experiment: erased entirely
    await enrol('RET-BOTH', 'jumbo-bon-intake', '2026-01-06', V); // also in a running experiment: keeps that part
    expect(
      (
        await t.http
          .post('/api/v1/experiments/wekelijkse-coaching/enrolments')
          .set(await t.auth(`medewerker-${V}`))
          .send({ gemeente: V, participantRef: 'RET-BOTH', enrolledOn: '2026-01-07' })
      ).status,
    ).toBe(201);
    const [{ n: kk }] = await t.admin.query(
      "SELECT count(*)::int AS n FROM enrolment WHERE experiment_key = 'jumbo-bon-intake'",
    );
    const [{ n: only }] = await t.admin
      .query(`SELECT count(DISTINCT n.participant_id)::int AS n FROM enrolment n WHERE n.experiment_key = 'jumbo-bon-intake'
      AND NOT EXISTS (SELECT 1 FROM enrolment o WHERE o.participant_id = n.participant_id AND o.experiment_key <> 'jumbo-bon-intake')`);
    await t.admin.query(
      "UPDATE experiment SET end_date = '2025-06-30', retention_months = 6 WHERE key = 'jumbo-bon-intake'",
    );

    expect((await t.http.get('/api/v1/retention/preview').set(await t.auth(STAFF))).status).toBe(403);
    expect((await t.http.post('/api/v1/retention/run').set(await t.auth('projectleider'))).status).toBe(403);
    const preview = await t.http.get('/api/v1/retention/preview').set(await t.auth('admin'));
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual([
      {
        experiment: 'jumbo-bon-intake',
        endDate: '2025-06-30',
        retentionMonths: 6,
        expiresOn: '2025-12-30',
        due: true,
        enrolments: kk,
        erase: { enrolments: kk, participants: only },
      },
    ]);

    const scheduler = t.app.get(RetentionSchedulerService);
    const now = new Date();
    expect(await scheduler.tick(now)).toEqual({ announced: ['jumbo-bon-intake'], erased: [] }); // dry run: nothing erased
    expect((await rowsOf(t, 'RET-ONLY')).participants).toBe(1);
    expect(await scheduler.tick(new Date(now.getTime() + 3_600_000))).toEqual({ announced: [], erased: [] }); // still within the notice
    expect(await scheduler.tick(new Date(now.getTime() + 25 * 3_600_000))).toEqual({
      announced: [],
      erased: ['jumbo-bon-intake'],
    });

    expect(await rowsOf(t, 'RET-ONLY')).toEqual({
      participants: 0,
      enrolments: 0,
      events: 0,
      beleving: 0,
      links: 0,
      summaries: 0,
      allocationLog: 0,
    });
    const both = await rowsOf(t, 'RET-BOTH');
    expect(both).toMatchObject({ participants: 1, enrolments: 1, events: 1, beleving: 1 });
    expect(
      await t.admin.query("SELECT count(*)::int AS n FROM enrolment WHERE experiment_key = 'jumbo-bon-intake'"),
    ).toEqual([{ n: 0 }]);
    const audits = await t.admin.query(
      "SELECT action, entity_id, after::text AS after FROM audit_entry WHERE action LIKE 'retention%' ORDER BY seq",
    );
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['retention_dry_run', 'retention_erase']);
    expect(audits.map((a: { after: string }) => a.after).join()).not.toMatch(/RET-/);
    // nothing left to erase; the beheerder's run says so
    const run = await t.http.post('/api/v1/retention/run').set(await t.auth('admin'));
    expect(run.status).toBe(200);
    expect(run.body.erased).toEqual([]);
  });
});

describe('logs never contain participant references or tokens', () => {
  it('scrubs references, key details and tokens from log text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abcdefghijklmnop_qrstuvwxyz012345';
    const text = scrubLogText(
      [
        'QueryFailedError: duplicate key value violates unique constraint "participant_gemeente_code_participant_ref_key"',
        'Key (gemeente_code, participant_ref)=(lindewaard, SECRET-REF-1) already exists.',
        'invalid input syntax for type bigint: "SECRET-REF-2"',
        `GET /api/v1/participants/lindewaard/SECRET-REF-3/events Authorization: Bearer ${jwt}`,
        `token ${jwt} and /api/v1/public/client-form/Zk3j9s0dfk2l3m4n5o6p7q8r9s0t1u2v3w4x5y6z`,
        '{"participantRef":"SECRET-REF-4","participant_ref": "SECRET-REF-5"}',
        'refresh 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      ].join('\n'),
    );
    expect(text).not.toMatch(/SECRET-REF|eyJ|9f86d0818|Zk3j9s0d/);
    expect(text).toContain('participant_gemeente_code_participant_ref_key'); // constraint names stay for debugging
  });

  it('an unexpected error with a reference and a token in it reaches the log scrubbed', async () => {
    const t = await startTestApp({ logger: true });
    const written: string[] = [];
    const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')].map((s) =>
      s.mockImplementation(((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }) as never),
    );
    try {
      const auth = await t.auth(STAFF);
      const token = auth.Authorization.slice(7);
      const repo = t.app.get(ParticipantsRepository);
      const find = jest
        .spyOn(repo, 'find')
        .mockRejectedValueOnce(
          new Error(
            `lookup of participant LOG-REF-77 failed (participant_ref=LOG-REF-77, 'LOG-REF-77') with ${auth.Authorization}; token ${token}`,
          ),
        );
      const res = await t.http.get(`/api/v1/participants/${G}/LOG-REF-77`).set(auth);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/LOG-REF|eyJ/);
      find.mockRestore();
      const log = written.join('');
      expect(log).toContain('lookup of participant'); // the error was logged …
      expect(log).not.toContain('LOG-REF-77'); // … without the reference
      expect(log).not.toContain(token); // … and without the token
      expect(log).not.toMatch(/eyJ[\w-]+\./);
    } finally {
      spies.forEach((s) => s.mockRestore());
      await t.close();
    }
  });
});
