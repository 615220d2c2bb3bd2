import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS, runMigrations } from '../../libs/db/src';

/**
 * Migrations from an empty database (issue 2): every table of the data model appears, a second
 * run applies nothing, and the schema itself refuses codes outside the domain vocabulary.
 */
describe('migrations on an empty database (real PostgreSQL)', () => {
  const name = `lab_migr_${randomBytes(5).toString('hex')}`;
  let url: string;
  let db: Client;

  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: process.env.LAB_TEST_ADMIN_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    expect(process.env.LAB_TEST_ADMIN_URL).toBeTruthy();
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const u = new URL(process.env.LAB_TEST_ADMIN_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterAll(async () => {
    await db?.end();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  const TABLES = [
    'app_user',
    'audit_entry',
    'beleving_score',
    'enrolment',
    'experiment',
    'experiment_arm',
    'experiment_gemeente',
    'gemeente',
    'milestone_event',
    'participant',
  ];
  const tables = async (c: Client) =>
    (
      await c.query(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
      )
    ).rows.map((r) => r.t);

  it('starts from a database without tables', async () => {
    db = new Client({ connectionString: url });
    await db.connect();
    expect(await tables(db)).toEqual([]);
  });

  it('creates every table of the data model', async () => {
    const applied = await runMigrations(url);
    expect(applied).toHaveLength(MIGRATIONS.length); // every migration ran, in order
    expect(applied[0]).toBe('InitialSchema1764100000000');
    const present = await tables(db);
    expect(present).toEqual(expect.arrayContaining(TABLES));
    expect(present).toContain('migrations'); // TypeORM's bookkeeping
    const views = (
      await db.query("SELECT table_name AS t FROM information_schema.views WHERE table_schema = 'public'")
    ).rows.map((r) => r.t);
    expect(views).toContain('current_milestone_event');
    const recorded = (await db.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
    expect(recorded).toEqual(applied);
  });

  it('applies nothing when run again, and leaves the data alone', async () => {
    await db.query("INSERT INTO gemeente (code, naam) VALUES ('proefdorp', 'Proefdorp')");
    const before = (await db.query('SELECT count(*)::int AS n FROM migrations')).rows[0].n;
    expect(await runMigrations(url)).toEqual([]);
    expect((await db.query('SELECT count(*)::int AS n FROM migrations')).rows[0].n).toBe(before);
    expect((await db.query("SELECT naam FROM gemeente WHERE code = 'proefdorp'")).rows).toEqual([
      { naam: 'Proefdorp' },
    ]);
  });

  it('refuses an unknown milestone written by raw SQL (CHECK constraint)', async () => {
    const {
      rows: [p],
    } = await db.query(
      "INSERT INTO participant (gemeente_code, participant_ref) VALUES ('proefdorp', 'P-1') RETURNING id",
    );
    const err = await db
      .query(
        "INSERT INTO milestone_event (participant_id, milestone, occurred_on) VALUES ($1, 'gewonnen', '2026-01-05')",
        [p.id],
      )
      .then(
        () => undefined,
        (e: { code?: string; constraint?: string }) => e,
      );
    expect(err).toMatchObject({ code: '23514' }); // check_violation
    // a known milestone passes the same check, so the refusal was about the code
    await db.query(
      "INSERT INTO milestone_event (participant_id, milestone, occurred_on) VALUES ($1, 'intake', '2026-01-05')",
      [p.id],
    );
    expect((await db.query('SELECT milestone FROM milestone_event')).rows).toEqual([{ milestone: 'intake' }]);
  });

  it('refuses uitval without a reason, an unknown phase, a score out of range and a gemeente user without gemeente', async () => {
    const {
      rows: [p],
    } = await db.query("SELECT id FROM participant WHERE participant_ref = 'P-1'");
    const bad = [
      [
        "INSERT INTO milestone_event (participant_id, milestone, occurred_on) VALUES ($1, 'uitval', '2026-01-05')",
        [p.id],
      ],
      [
        "INSERT INTO beleving_score (participant_id, phase, measured_on, source) VALUES ($1, 'nazorg', '2026-01-05', 'staff')",
        [p.id],
      ],
      [
        "INSERT INTO beleving_score (participant_id, phase, measured_on, rapportcijfer, source) VALUES ($1, 'intake', '2026-01-05', 11, 'staff')",
        [p.id],
      ],
      ["INSERT INTO app_user (username, password_hash, role) VALUES ('x', 'h', 'gemeente')", []],
      [
        "INSERT INTO app_user (username, password_hash, role, gemeente_code) VALUES ('y', 'h', 'reviewer', 'proefdorp')",
        [],
      ],
    ] as const;
    for (const [sql, params] of bad) {
      const err = await db.query(sql, [...params]).then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      expect({ sql, code: err?.code }).toEqual({ sql, code: '23514' });
    }
  });
  it("keeps a fact's gemeente equal to its participant's, filled in when an INSERT leaves it out (migration 1764940000000)", async () => {
    await db.query("INSERT INTO gemeente (code, naam) VALUES ('anderdorp', 'Anderdorp')");
    const {
      rows: [p],
    } = await db.query("SELECT id FROM participant WHERE participant_ref = 'P-1'");
    const {
      rows: [e],
    } = await db.query(
      "INSERT INTO milestone_event (participant_id, milestone, occurred_on) VALUES ($1, 'aanmelding', '2026-01-02') RETURNING gemeente_code",
      [p.id],
    );
    expect(e.gemeente_code).toBe('proefdorp');
    const {
      rows: [b],
    } = await db.query(
      "INSERT INTO beleving_score (participant_id, phase, measured_on, rapportcijfer, source) VALUES ($1, 'intake', '2026-01-05', 7, 'staff') RETURNING gemeente_code",
      [p.id],
    );
    expect(b.gemeente_code).toBe('proefdorp');
    for (const sql of [
      "INSERT INTO milestone_event (participant_id, gemeente_code, milestone, occurred_on) VALUES ($1, 'anderdorp', 'instroom_stabilisatie', '2026-01-06')",
      "INSERT INTO beleving_score (participant_id, gemeente_code, phase, measured_on, source) VALUES ($1, 'anderdorp', 'overzicht', '2026-01-06', 'staff')",
    ]) {
      const err = await db.query(sql, [p.id]).then(
        () => undefined,
        (x: { code?: string }) => x,
      );
      expect({ sql, code: err?.code }).toEqual({ sql, code: '23503' }); // foreign_key_violation: another gemeente than the participant's
    }
  });

  it('refuses a recorded_by that is no user, once per statement, and a user who recorded facts cannot be deleted (migration 1764950000000)', async () => {
    const {
      rows: [p],
    } = await db.query("SELECT id FROM participant WHERE participant_ref = 'P-1'");
    const {
      rows: [u],
    } = await db.query(
      "INSERT INTO app_user (username, password_hash, role) VALUES ('vastlegger', 'h', 'projectleider') RETURNING id",
    );
    const before = (await db.query('SELECT count(*)::int AS n FROM milestone_event')).rows[0].n;
    // a two-row statement with one unknown user: refused whole
    const err = await db
      .query(
        "INSERT INTO milestone_event (participant_id, milestone, occurred_on, recorded_by) VALUES ($1, 'overzicht_gereed', '2026-02-01', $2), ($1, 'financieel_stabiel', '2026-02-02', gen_random_uuid())",
        [p.id, u.id],
      )
      .then(
        () => undefined,
        (x: { code?: string; detail?: string }) => x,
      );
    expect(err).toMatchObject({ code: '23503', detail: expect.stringMatching(/is not present in table "app_user"/) });
    const err2 = await db
      .query(
        "INSERT INTO beleving_score (participant_id, phase, measured_on, source, recorded_by) VALUES ($1, 'optimalisatie', '2026-02-01', 'staff', gen_random_uuid())",
        [p.id],
      )
      .then(
        () => undefined,
        (x: { code?: string }) => x,
      );
    expect(err2).toMatchObject({ code: '23503' });
    expect((await db.query('SELECT count(*)::int AS n FROM milestone_event')).rows[0].n).toBe(before);
    // the known user alone passes, and from then on cannot be deleted
    await db.query(
      "INSERT INTO milestone_event (participant_id, milestone, occurred_on, recorded_by) VALUES ($1, 'overzicht_gereed', '2026-02-01', $2)",
      [p.id, u.id],
    );
    const del = await db.query('DELETE FROM app_user WHERE id = $1', [u.id]).then(
      () => undefined,
      (x: { code?: string }) => x,
    );
    expect(del).toMatchObject({ code: '23503' });
    // a user who recorded nothing can be deleted
    const {
      rows: [v],
    } = await db.query(
      "INSERT INTO app_user (username, password_hash, role) VALUES ('niemand', 'h', 'reviewer') RETURNING id",
    );
    await db.query('DELETE FROM app_user WHERE id = $1', [v.id]);
  });
});
