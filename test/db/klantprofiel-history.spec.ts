import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { klantprofielOn, currentKlantprofiel, type Klantprofiel } from '@living-lab/domain';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '../../libs/db/src';
import { createTestDatabase } from '../helpers/database';

/**
 * Klantprofiel over time (issue 14, item 9), in the database itself:
 * - klantprofiel_on() (SQL) gives what klantprofielOn (libs/domain) gives, case by case;
 * - both refresh paths of the enrolment summary use it on the enrolment date (a later migration
 *   that writes them again with p.klantprofiel fails here);
 * - migration 1764984000000 over pre-existing data: every profile becomes the first entry, no
 *   summary moves, and a later change leaves the summary alone.
 */
const EXPERIMENT = `INSERT INTO experiment (key, title, hypothesis, intervention_phase, design, allocation, randomization,
                               primary_metric, follow_up_days, assignment_seed)
       VALUES ($1, 'Profiel', 'Profiel', 'intake', 'individual_randomized', 'platform', 'hash',
               'gereed_voor_schuldregeling', 180, repeat('k', 32))`;
const ARM = `INSERT INTO experiment_arm (experiment_key, key, name, weight, is_control, position)
       VALUES ($1, 'controle', 'Controle', 1, true, 1)`;

describe('klantprofiel history in PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  let c: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(`INSERT INTO gemeente (code, naam) VALUES ('spiegel', 'Spiegel')`);
  });
  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });

  /** Histories as [id, klantprofiel, validFrom]; ids are given so ties on validFrom are tested. */
  const CASES: Record<string, [number, Klantprofiel, string][]> = {
    leeg: [],
    een: [[101, 'aanpakker', '2026-02-01']],
    twee: [
      [111, 'aanpakker', '2026-01-01'],
      [112, 'kwetsbare', '2026-03-01'],
    ],
    'later vastgelegd, eerder geldig': [
      [121, 'kwetsbare', '2026-03-01'],
      [122, 'onwetende', '2026-01-15'],
    ],
    'dezelfde dag: de latere registratie telt': [
      [131, 'struisvogel', '2026-02-01'],
      [132, 'benadeelde', '2026-02-01'],
      [130, 'aanpakker', '2026-02-01'],
    ],
  };
  const DATES = [
    '2025-12-31',
    '2026-01-01',
    '2026-01-14',
    '2026-01-15',
    '2026-02-01',
    '2026-02-28',
    '2026-03-01',
    '2026-12-31',
  ];

  it('klantprofiel_on() gives the profile klantprofielOn gives, on every date, and the current one', async () => {
    for (const [ref, history] of Object.entries(CASES)) {
      const {
        rows: [p],
      } = await c.query<{ id: string }>(
        `INSERT INTO participant (gemeente_code, participant_ref) VALUES ('spiegel', $1) RETURNING id`,
        [ref.replace(/\W+/g, '-')],
      );
      for (const [id, k, from] of history)
        await c.query(
          `INSERT INTO participant_klantprofiel (id, participant_id, klantprofiel, valid_from, source)
           OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, 'hand')`,
          [id, p.id, k, from],
        );
      const entries = history.map(([id, klantprofiel, validFrom]) => ({ id: String(id), klantprofiel, validFrom }));
      const { rows } = await c.query<{ d: string; k: string | null }>(
        `SELECT to_char(d, 'YYYY-MM-DD') AS d, klantprofiel_on($1, d) AS k FROM unnest($2::date[]) AS d`,
        [p.id, DATES],
      );
      expect({ ref, on: Object.fromEntries(rows.map((r) => [r.d, r.k])) }).toEqual({
        ref,
        on: Object.fromEntries(DATES.map((d) => [d, klantprofielOn(entries, d)])),
      });
      const {
        rows: [now],
      } = await c.query(`SELECT klantprofiel FROM participant WHERE id = $1`, [p.id]);
      expect({ ref, current: now.klantprofiel }).toEqual({ ref, current: currentKlantprofiel(entries) });
    }
  });

  it('both refresh paths of the summary take the profile on the enrolment date', async () => {
    for (const f of ['refresh_outcomes_for(bigint[])', 'refresh_marked_outcomes()']) {
      const {
        rows: [{ def }],
      } = await c.query(`SELECT pg_get_functiondef($1::regprocedure) AS def`, [f]);
      expect({ f, usesProfileOnEnrolment: def.includes('klantprofiel_at(n.participant_id, n.enrolled_on)') }).toEqual({
        f,
        usesProfileOnEnrolment: true,
      });
      expect({ f, usesCurrentProfile: /\bp\.klantprofiel/.test(def) }).toEqual({ f, usesCurrentProfile: false });
    }

    // klantprofiel_at is inlined (no function call per enrolment: migration 1764984000001)
    const { rows: plan } = await c.query(
      `EXPLAIN SELECT kp.klantprofiel FROM enrolment n LEFT JOIN LATERAL klantprofiel_at(n.participant_id, n.enrolled_on) kp ON true`,
    );
    const text = plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/participant_klantprofiel/);
    expect(text).not.toMatch(/Function Scan/);

    await c.query(EXPERIMENT, ['profiel-test']);
    await c.query(ARM, ['profiel-test']);
    const {
      rows: [p],
    } = await c.query<{ id: string }>(
      `INSERT INTO participant (gemeente_code, participant_ref) VALUES ('spiegel', 'S-enrol') RETURNING id`,
    );
    const add = (k: string, from: string) =>
      c.query(
        `INSERT INTO participant_klantprofiel (participant_id, klantprofiel, valid_from, source) VALUES ($1, $2, $3, 'hand')`,
        [p.id, k, from],
      );
    const summary = async () =>
      (
        await c.query(
          `SELECT s.klantprofiel FROM enrolment_summary s JOIN enrolment n ON n.id = s.enrolment_id WHERE n.participant_id = $1`,
          [p.id],
        )
      ).rows.map((r) => r.klantprofiel);
    await add('onwetende', '2026-01-01');
    await c.query(
      `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on) VALUES ('profiel-test', $1, 'controle', '2026-02-01')`,
      [p.id],
    );
    expect(await summary()).toEqual(['onwetende']);
    await add('kwetsbare', '2026-03-01'); // after enrolment: the summary stays
    expect(await summary()).toEqual(['onwetende']);
    await c.query('SELECT refresh_enrolment_outcomes(NULL)'); // the bulk path too
    expect(await summary()).toEqual(['onwetende']);
    await add('aanpakker', '2026-01-20'); // back-dated before enrolment: the summary follows (per-statement path)
    expect(await summary()).toEqual(['aanpakker']);
    expect((await c.query(`SELECT klantprofiel FROM participant WHERE id = $1`, [p.id])).rows[0].klantprofiel).toBe(
      'kwetsbare',
    );
  });
});

describe('migration 1764984000000 over existing participants (real PostgreSQL)', () => {
  const name = `lab_kp_${randomBytes(5).toString('hex')}`;
  let url: string;
  let c: Client;
  const admin = async (sql: string) => {
    const a = new Client({ connectionString: process.env.LAB_TEST_ADMIN_URL });
    await a.connect();
    try {
      await a.query(sql);
    } finally {
      await a.end();
    }
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.LAB_TEST_ADMIN_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    const at = MIGRATIONS.findIndex((m) => m.name === 'KlantprofielHistory1764984000000');
    expect(at).toBeGreaterThan(0);
    const before = new DataSource({
      ...dataSourceOptions(url),
      migrations: MIGRATIONS.slice(0, at),
      migrationsTransactionMode: 'each',
    });
    await before.initialize();
    await before.runMigrations();
    await before.destroy();
    c = new Client({ connectionString: url });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('makes every profile the first entry, dated at creation or first enrolment, and no summary moves', async () => {
    await c.query(`INSERT INTO gemeente (code, naam) VALUES ('oud', 'Oud')`);
    await c.query(EXPERIMENT, ['oud-test']);
    await c.query(ARM, ['oud-test']);
    // ref, klantprofiel, created_at, enrolled_on
    const people: [string, string | null, string, string | null][] = [
      ['O-1', 'aanpakker', '2026-05-01T10:00:00Z', '2026-03-02'], // enrolled (back-dated) before it was created
      ['O-2', 'kwetsbare', '2026-01-10T10:00:00Z', null], // never enrolled
      ['O-3', null, '2026-01-10T10:00:00Z', '2026-02-01'], // no profile: no entry
      ['O-4', 'struisvogel', '2026-02-01T23:30:00Z', '2026-04-01'], // created 2 February in the Netherlands
    ];
    for (const [ref, k, created, enrolled] of people) {
      const {
        rows: [p],
      } = await c.query(
        `INSERT INTO participant (gemeente_code, participant_ref, klantprofiel, created_at) VALUES ('oud', $1, $2, $3) RETURNING id`,
        [ref, k, created],
      );
      if (enrolled)
        await c.query(
          `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on) VALUES ('oud-test', $1, 'controle', $2)`,
          [p.id, enrolled],
        );
    }
    const summaries = async () =>
      (
        await c.query(
          `SELECT p.participant_ref AS ref, s.klantprofiel FROM enrolment_summary s JOIN enrolment n ON n.id = s.enrolment_id
           JOIN participant p ON p.id = n.participant_id ORDER BY 1`,
        )
      ).rows;
    const before = await summaries();
    expect(before).toEqual([
      { ref: 'O-1', klantprofiel: 'aanpakker' },
      { ref: 'O-3', klantprofiel: null },
      { ref: 'O-4', klantprofiel: 'struisvogel' },
    ]);

    expect(await runMigrations(url)).toContain('KlantprofielHistory1764984000000');

    const { rows: history } = await c.query(
      `SELECT p.participant_ref AS ref, h.klantprofiel, to_char(h.valid_from, 'YYYY-MM-DD') AS "validFrom", h.source, h.gemeente_code AS gemeente
       FROM participant_klantprofiel h JOIN participant p ON p.id = h.participant_id ORDER BY 1`,
    );
    expect(history).toEqual([
      { ref: 'O-1', klantprofiel: 'aanpakker', validFrom: '2026-03-02', source: 'overgenomen', gemeente: 'oud' },
      { ref: 'O-2', klantprofiel: 'kwetsbare', validFrom: '2026-01-10', source: 'overgenomen', gemeente: 'oud' },
      { ref: 'O-4', klantprofiel: 'struisvogel', validFrom: '2026-02-02', source: 'overgenomen', gemeente: 'oud' },
    ]);
    expect(await summaries()).toEqual(before);
    await c.query('SELECT refresh_enrolment_outcomes(NULL)');
    expect(await summaries()).toEqual(before);
    const { rows: current } = await c.query(`SELECT participant_ref AS ref, klantprofiel FROM participant ORDER BY 1`);
    expect(current.map((r) => r.klantprofiel)).toEqual(['aanpakker', 'kwetsbare', null, 'struisvogel']);

    // A change after the enrolment: the current profile moves, the summary does not.
    await c.query(
      `INSERT INTO participant_klantprofiel (participant_id, klantprofiel, valid_from, source)
       SELECT id, 'kwetsbare', '2026-06-01', 'hand' FROM participant WHERE participant_ref = 'O-1'`,
    );
    expect(
      (await c.query(`SELECT klantprofiel FROM participant WHERE participant_ref = 'O-1'`)).rows[0].klantprofiel,
    ).toBe('kwetsbare');
    expect(await summaries()).toEqual(before);
  });
});
