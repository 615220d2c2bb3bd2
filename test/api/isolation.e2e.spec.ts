/**
 * Isolation in depth (issue 8): adversarial attempts on every authenticated route of the OpenAPI
 * document (so a new route is attacked without editing this file), plus row-level security
 * checked directly: an unscoped query under a gemeente context sees only that gemeente, under a
 * reviewer context nothing, and a pooled connection never carries one context into the next.
 *
 * A = lindewaard (the attacker, a gemeente user), B = brederwijk (the victim). B's participant
 * references all start with ISO-B-, so any response that contains that marker leaks.
 */
import { runWithDbContext, type DbContext } from '../../libs/db/src';
import { todayIso } from '../../libs/domain/src';
import { startTestApp, type TestApp } from '../helpers/app';

const A = 'lindewaard';
const B = 'brederwijk';
const ATTACKER = `medewerker-${A}`;
const VICTIM = `medewerker-${B}`;
const EXPERIMENT = 'wekelijkse-coaching';
const TODAY = todayIso(); // the API's today (the date in the Netherlands)
const QUARTER = `${TODAY.slice(0, 4)}-Q${Math.floor((Number(TODAY.slice(5, 7)) - 1) / 3) + 1}`;
const TENANT_TABLES = [
  'participant',
  'enrolment',
  'milestone_event',
  'beleving_score',
  'client_form_link',
  'enrolment_summary',
  'allocation_log',
  'import_job',
  'ddas_trajectory',
  'ddas_debt',
  'participant_support',
  'ddas_delivery',
  'participant_klantprofiel',
  'intervention_delivery',
];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Attempt {
  who: string;
  how: 'path' | 'query' | 'body' | 'file';
  method: string;
  url: string;
  status: number;
  leaked: boolean;
}

describe('tenant isolation in depth (row-level security, every route)', () => {
  let t: TestApp;
  let victimJob: string;
  let victimUserId: string;
  const attempts: Attempt[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.auth('admin');
    for (const [i, ref] of ['ISO-B-1', 'ISO-B-2'].entries()) {
      const r = await t.http
        .post(`/api/v1/experiments/${EXPERIMENT}/enrolments`)
        .set(admin)
        .send({ gemeente: B, participantRef: ref, enrolledOn: '2026-01-0' + (i + 2) });
      expect(r.status).toBe(201);
      expect(
        (
          await t.http
            .post(`/api/v1/participants/${B}/${ref}/events`)
            .set(admin)
            .send({ milestone: 'intake', occurredOn: '2026-01-10' })
        ).status,
      ).toBe(201);
      expect(
        (
          await t.http
            .post(`/api/v1/participants/${B}/${ref}/beleving`)
            .set(admin)
            .send({ phase: 'intake', measuredOn: '2026-01-10', rapportcijfer: 7 })
        ).status,
      ).toBe(201);
    }
    expect(
      (
        await t.http
          .post('/api/v1/client-forms')
          .set(admin)
          .send({ gemeente: B, participantRef: 'ISO-B-1', phase: 'intake' })
      ).status,
    ).toBe(201);
    const job = await t.http
      .post('/api/v1/imports')
      .set(await t.auth(VICTIM))
      .attach(
        'file',
        Buffer.from(`gemeente;participant_ref;milestone;occurred_on;reason\n${B};ISO-B-3;aanmelding;2026-01-05;\n`),
        'b.csv',
      )
      .field('kind', 'events');
    expect(job.status).toBe(201);
    victimJob = job.body.id;
    victimUserId = (await t.admin.query('SELECT id FROM app_user WHERE username = $1', [VICTIM]))[0].id;
    // A's own data, so that "scoped" answers have something to show.
    expect(
      (
        await t.http
          .post(`/api/v1/experiments/${EXPERIMENT}/enrolments`)
          .set(await t.auth(ATTACKER))
          .send({ gemeente: A, participantRef: 'ISO-A-1', enrolledOn: '2026-01-02' })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** B's participant-level rows, counted by the superuser: must not change by any attempt. */
  const victimFingerprint = async () =>
    t.admin.query(
      `
    SELECT (SELECT count(*) FROM participant WHERE gemeente_code = $1)::int AS participants,
           (SELECT count(*) FROM enrolment n JOIN participant p ON p.id = n.participant_id WHERE p.gemeente_code = $1)::int AS enrolments,
           (SELECT count(*) FROM milestone_event e JOIN participant p ON p.id = e.participant_id WHERE p.gemeente_code = $1)::int AS events,
           (SELECT count(*) FROM beleving_score b JOIN participant p ON p.id = b.participant_id WHERE p.gemeente_code = $1)::int AS beleving,
           (SELECT count(*) FROM client_form_link l JOIN participant p ON p.id = l.participant_id WHERE p.gemeente_code = $1)::int AS links,
           (SELECT count(*) FROM import_job WHERE gemeente_code = $1)::int AS jobs`,
      [B],
    );

  const leaks = (text: string) => text.includes('ISO-B-') || text.includes(victimJob);

  const fill = (path: string, values: Record<string, string>) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));

  async function attempt(who: string, how: Attempt['how'], method: Method, url: string, body?: object): Promise<void> {
    let req = t.http[method](url).set(await t.auth(who));
    if (body) req = req.send(body);
    const res = await req;
    const text = res.text ?? JSON.stringify(res.body ?? '');
    attempts.push({
      who,
      how,
      method: method.toUpperCase(),
      url,
      status: res.status,
      leaked: (res.status < 400 && leaks(text)) || res.status >= 500,
    });
  }

  it('refuses every attempt on every route: gemeente user on another gemeente by path, query and body; reviewer on participant data', async () => {
    const before = await victimFingerprint();
    const doc = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ path, method: m as Method })))
      .filter((r) => ['get', 'post', 'put', 'patch', 'delete'].includes(r.method))
      .filter((r) => !/^\/api\/(health|v1\/auth\/|v1\/public\/)/.test(r.path)); // public routes: no user, no tenant
    expect(routes.length).toBeGreaterThan(30);

    const victim = {
      gemeente: B,
      code: B,
      participantRef: 'ISO-B-1',
      key: EXPERIMENT,
      id: victimJob,
      quarter: QUARTER,
    };
    const own = { gemeente: A, code: A, participantRef: 'ISO-A-1', key: EXPERIMENT, id: victimJob, quarter: QUARTER };
    const query = `gemeente=${B}&participantRef=ISO-B-1&participant_ref=ISO-B-1&ref=ISO-B-1`;
    const hostileBody = {
      gemeente: B,
      participantRef: 'ISO-B-1',
      enrolledOn: '2026-02-01',
      milestone: 'uitval',
      reason: 'afgewezen',
      occurredOn: '2026-02-01',
      phase: 'intake',
      measuredOn: '2026-02-01',
      rapportcijfer: 1,
      quarter: QUARTER,
      counts: [],
      kind: 'events',
    };
    for (const r of routes) {
      const hasParams = r.path.includes('{');
      const isUsers = r.path.startsWith('/api/v1/users');
      const pathValues = isUsers ? { ...victim, id: victimUserId } : victim;
      // 1. by path: B's gemeente, participant, import job (or B's user) in the URL
      if (hasParams) await attempt(ATTACKER, 'path', r.method, fill(r.path, pathValues));
      // 2. by query: own path, B in the query string
      await attempt(ATTACKER, 'query', r.method, `${fill(r.path, own)}?${query}`);
      // 3. by body: own path, B in the body
      if (r.method !== 'get' && r.method !== 'delete')
        await attempt(ATTACKER, 'body', r.method, fill(r.path, own), hostileBody);
      // 4. the reviewer: B's data by path and query (participant-level data is never theirs)
      await attempt('reviewer', 'path', r.method, `${fill(r.path, pathValues)}?${query}`);
    }

    // 5. by import file: B's rows in a file uploaded by A (alone, and mixed with A's own rows)
    for (const kind of ['events', 'beleving', 'enrolments'] as const) {
      const header = {
        events: 'gemeente;participant_ref;milestone;occurred_on;reason',
        beleving: 'gemeente;participant_ref;phase;measured_on;rapportcijfer',
        enrolments: 'experiment;gemeente;participant_ref;enrolled_on',
      }[kind];
      const row = (g: string, ref: string) =>
        ({
          events: `${g};${ref};uitval;2026-02-01;afgewezen`,
          beleving: `${g};${ref};intake;2026-02-01;1`,
          enrolments: `${EXPERIMENT};${g};${ref};2026-02-01`,
        })[kind];
      for (const rows of [
        [row(B, 'ISO-B-1'), row(B, 'ISO-B-9')],
        [row(A, 'ISO-A-7'), row(B, 'ISO-B-2')],
      ]) {
        const res = await t.http
          .post('/api/v1/imports')
          .set(await t.auth(ATTACKER))
          .attach('file', Buffer.from(`${header}\n${rows.join('\n')}\n`), `${kind}.csv`)
          .field('kind', kind);
        const refused = res.status >= 400 || res.body?.applied === false;
        attempts.push({
          who: ATTACKER,
          how: 'file',
          method: 'POST',
          url: `/api/v1/imports (${kind})`,
          status: res.status,
          leaked: !refused,
        });
      }
    }

    const leaked = attempts.filter((a) => a.leaked);
    const byHow = attempts.reduce<Record<string, number>>(
      (acc, a) => ({
        ...acc,
        [`${a.who === 'reviewer' ? 'reviewer' : 'gemeente'} ${a.how}`]:
          (acc[`${a.who === 'reviewer' ? 'reviewer' : 'gemeente'} ${a.how}`] ?? 0) + 1,
      }),
      {},
    );
    const explicit = attempts.filter((a) => a.status >= 400).length;
    console.log(
      `isolation: ${attempts.length} attempts on ${routes.length} routes, ${attempts.length - leaked.length} refused ` +
        `(${explicit} with 4xx, ${attempts.length - leaked.length - explicit} answered with the caller's own data only); ${JSON.stringify(byHow)}`,
    );
    expect(leaked).toEqual([]);
    expect(await victimFingerprint()).toEqual(before);
  });

  describe("row-level security without the application's own checks", () => {
    const as = <T>(ctx: DbContext, fn: () => Promise<T>) => runWithDbContext(ctx, fn);

    it('a deliberately unscoped SELECT * FROM participant under a gemeente context returns only that gemeente', async () => {
      const rows: { gemeente_code: string }[] = await as({ role: 'gemeente', gemeente: A }, () =>
        t.ds.query('SELECT * FROM participant'),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.gemeente_code))).toEqual(new Set([A]));
      for (const table of TENANT_TABLES) {
        const [{ n }] = await as({ role: 'gemeente', gemeente: A }, () =>
          t.ds.query(`SELECT count(*)::int AS n FROM ${table} x WHERE NOT EXISTS (
          SELECT 1 FROM participant p WHERE p.gemeente_code = '${A}' AND (${table === 'participant' ? 'p.id = x.id' : ['enrolment_summary', 'allocation_log', 'import_job', 'ddas_debt', 'ddas_delivery'].includes(table) ? `x.gemeente_code = '${A}'` : 'p.id = x.participant_id'}))`),
        );
        expect({ table, n }).toEqual({ table, n: 0 });
      }
      // the same query as B sees B's rows and not A's
      const asB: { gemeente_code: string }[] = await as({ role: 'gemeente', gemeente: B }, () =>
        t.ds.query('SELECT * FROM participant'),
      );
      expect(asB.every((r) => r.gemeente_code === B) && asB.length > 0).toBe(true);
    });

    it('returns nothing to a reviewer, to an anonymous request and outside any context; everything to a beheerder', async () => {
      for (const ctx of [
        { role: 'reviewer', gemeente: null },
        { role: 'anonymous', gemeente: null },
        { role: 'gemeente', gemeente: null },
      ] as DbContext[]) {
        for (const table of TENANT_TABLES) {
          const [{ n }] = await as(ctx, () => t.ds.query(`SELECT count(*)::int AS n FROM ${table}`));
          expect({ ctx: ctx.role, table, n }).toEqual({ ctx: ctx.role, table, n: 0 });
        }
      }
      const [{ n: none }] = await t.ds.query('SELECT count(*)::int AS n FROM participant');
      expect(none).toBe(0);
      const [{ n: all }] = await as({ role: 'beheerder', gemeente: null }, () =>
        t.ds.query('SELECT count(*)::int AS n FROM participant'),
      );
      const [{ n: truth }] = await t.admin.query('SELECT count(*)::int AS n FROM participant');
      expect(all).toBe(truth);
    });

    it("refuses a gemeente context writing another gemeente's rows, also by raw SQL", async () => {
      await expect(
        as({ role: 'gemeente', gemeente: A }, () =>
          t.ds.query(`INSERT INTO participant (gemeente_code, participant_ref) VALUES ('${B}', 'ISO-B-raw')`),
        ),
      ).rejects.toThrow(/row-level security/);
      const upd = await as({ role: 'gemeente', gemeente: A }, () =>
        t.ds.query(`UPDATE participant SET klantprofiel = 'kwetsbare' WHERE gemeente_code = '${B}' RETURNING id`),
      );
      expect(upd[0]).toEqual([]);
      await expect(
        as({ role: 'gemeente', gemeente: A }, () =>
          t.ds.query(`UPDATE participant SET gemeente_code = '${B}' WHERE gemeente_code = '${A}'`),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('connects as a role that cannot bypass row-level security and cannot change append-only tables', async () => {
      const [role] = await t.ds.query(
        'SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
      );
      expect(role).toEqual({ name: 'living_lab_app', rolsuper: false, rolbypassrls: false });
      const [{ owner }] = await t.ds.query("SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'participant'");
      expect(owner).not.toBe('living_lab_app');
      for (const table of ['milestone_event', 'audit_entry', 'allocation_log', 'report_version']) {
        await expect(
          runWithDbContext({ role: 'beheerder', gemeente: null }, () => t.ds.query(`DELETE FROM ${table}`)),
        ).rejects.toThrow(/permission denied/);
      }
      await expect(
        runWithDbContext({ role: 'system', gemeente: null }, () =>
          t.ds.query('SELECT erase_participants(ARRAY[]::bigint[])'),
        ),
      ).resolves.toBeDefined();
      await expect(
        runWithDbContext({ role: 'gemeente', gemeente: A }, () =>
          t.ds.query('SELECT erase_participants(ARRAY[1]::bigint[])'),
        ),
      ).rejects.toThrow(/only a beheerder/);
    });

    it('never lets a pooled connection carry one context into the next', async () => {
      // 300 interleaved flows over a pool of 20: each sees exactly its own settings.
      const ctxs: DbContext[] = [
        { role: 'gemeente', gemeente: A },
        { role: 'gemeente', gemeente: B },
        { role: 'reviewer', gemeente: null },
        { role: 'beheerder', gemeente: null },
      ];
      const seen = await Promise.all(
        Array.from({ length: 300 }, (_, i) => {
          const ctx = ctxs[i % ctxs.length];
          return runWithDbContext(ctx, async () => {
            const run =
              i % 2 ? (sql: string) => t.ds.query(sql) : (sql: string) => t.ds.transaction((m) => m.query(sql));
            const [s] = await run(
              "SELECT current_setting('app.role', true) AS role, current_setting('app.gemeente', true) AS gemeente, pg_sleep(0.001)::text AS z",
            );
            return { want: `${ctx.role}/${ctx.gemeente ?? ''}`, got: `${s.role}/${s.gemeente}` };
          });
        }),
      );
      expect(seen.filter((s) => s.want !== s.got)).toEqual([]);
      // Afterwards every pooled connection is reset: hold all 20 at once outside any context.
      const runners = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const qr = t.ds.createQueryRunner();
          await qr.connect();
          return qr;
        }),
      );
      const settings = await Promise.all(
        runners.map((qr) =>
          qr.query(
            "SELECT coalesce(current_setting('app.role', true), '') AS role, coalesce(current_setting('app.gemeente', true), '') AS gemeente",
          ),
        ),
      );
      await Promise.all(runners.map((qr) => qr.release()));
      expect(settings.map(([s]) => `${s.role}/${s.gemeente}`)).toEqual(Array(20).fill('/'));
      // and a raw client straight from the pool (as COPY uses) starts empty too
      const pool = (
        t.ds.driver as unknown as {
          master: { connect(): Promise<{ query(s: string): Promise<{ rows: { role: string }[] }>; release(): void }> };
        }
      ).master;
      const raw = await pool.connect();
      try {
        expect((await raw.query("SELECT coalesce(current_setting('app.role', true), '') AS role")).rows[0].role).toBe(
          '',
        );
      } finally {
        raw.release();
      }
    });

    it('keeps derived summaries and the audit chain working when a gemeente user writes (SECURITY DEFINER triggers)', async () => {
      const g = await t.auth(ATTACKER);
      expect(
        (
          await t.http
            .post(`/api/v1/participants/${A}/ISO-A-1/events`)
            .set(g)
            .send({ milestone: 'gereed_voor_schuldregeling', occurredOn: '2026-03-01' })
        ).status,
      ).toBe(201);
      const [s] = await t.admin
        .query(`SELECT to_char(s.first_gereed_voor_schuldregeling, 'YYYY-MM-DD') AS d, s.terminal_cause FROM enrolment_summary s
        JOIN enrolment n ON n.id = s.enrolment_id JOIN participant p ON p.id = n.participant_id WHERE p.participant_ref = 'ISO-A-1'`);
      expect(s).toEqual({ d: '2026-03-01', terminal_cause: 1 });
      const verify = await t.http.get('/api/v1/audit/verify').set(await t.auth('admin'));
      expect(verify.body).toMatchObject({ ok: true });
    });
  });
});
