import { Client } from 'pg';
import {
  AANMELDROUTES,
  ALLOCATIONS,
  BELEVING_SOURCES,
  DEBT_KINDS,
  DELIVERY_SOURCES,
  DESIGNS,
  EMOTIONS,
  EXPERIMENT_STATUSES,
  FACT_SOURCES,
  FUNNEL_STEPS,
  FUNNEL_TAGS,
  KLANTPROFIELEN,
  KLANTPROFIEL_SOURCES,
  MILESTONES,
  PHASES,
  PROPOSAL_KINDS,
  PROPOSAL_STATES,
  RANDOMIZATIONS,
  REFLECTION_DECISIONS,
  ROLES,
  SEGMENTS,
  SUPPORT_KINDS,
  TERMINAL_CAUSE,
  UITBESTEDING_ONDERDELEN,
  UITVAL_REASONS,
  WERKWIJZEN,
} from '@living-lab/domain';
import { createTestDatabase } from '../helpers/database';

/**
 * The database mirrors the vocabulary of libs/domain in CHECK constraints, in terminal_cause() and
 * in the enrolment summary (a first_<milestone> column per milestone, filled by the refresh
 * functions). These are written in migrations, which never change once applied, so a new word in
 * libs/domain needs a new migration: this test reads the catalog and calls the functions, and fails
 * until the two agree.
 */
describe('the database mirrors libs/domain (real PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let c: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c?.end();
    await db?.drop();
  });

  /** Columns whose CHECK lists exactly a vocabulary of libs/domain. */
  const MIRRORS: [table: string, column: string, words: readonly (string | number)[]][] = [
    ['app_user', 'role', ROLES],
    ['experiment', 'design', DESIGNS],
    ['experiment', 'allocation', ALLOCATIONS],
    ['experiment', 'randomization', RANDOMIZATIONS],
    ['experiment', 'status', EXPERIMENT_STATUSES],
    ['proposal', 'kind', PROPOSAL_KINDS],
    ['proposal', 'state', PROPOSAL_STATES],
    ['participant', 'klantprofiel', KLANTPROFIELEN],
    ['participant_klantprofiel', 'klantprofiel', KLANTPROFIELEN],
    ['participant_klantprofiel', 'source', KLANTPROFIEL_SOURCES],
    ['participant', 'segment', SEGMENTS],
    ['participant', 'aanmeldroute', AANMELDROUTES],
    ['milestone_event', 'milestone', MILESTONES],
    ['milestone_event', 'reason', UITVAL_REASONS],
    ['milestone_event', 'source', FACT_SOURCES],
    ['participant_support', 'kind', SUPPORT_KINDS],
    ['intervention_delivery', 'source', DELIVERY_SOURCES],
    ['participant_support', 'source', FACT_SOURCES],
    ['ddas_debt', 'kind', DEBT_KINDS],
    ['beleving_score', 'phase', PHASES],
    ['beleving_score', 'emotie', EMOTIONS],
    ['beleving_score', 'source', BELEVING_SOURCES],
    ['client_form_link', 'phase', PHASES],
    ['funnel_count', 'step', FUNNEL_STEPS],
    ['funnel_count', 'reason', ['', ...UITVAL_REASONS]],
    ['funnel_count', 'tag', FUNNEL_TAGS],
    ['reflection_decision', 'decision', REFLECTION_DECISIONS],
    ['gemeente_context', 'werkwijze', WERKWIJZEN],
    ['gemeente_context', 'uitbesteed', UITBESTEDING_ONDERDELEN],
    ['enrolment_summary', 'terminal_cause', [...new Set(Object.values(TERMINAL_CAUSE))]],
  ];

  /** The values listed by the single-column CHECK constraints of a column (`x IN (…)` / `= ANY (ARRAY[…])`). */
  async function checkedValues(table: string, column: string): Promise<(string | number)[][]> {
    const { rows } = await c.query<{ def: string }>(
      `SELECT pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       WHERE k.contype = 'c' AND k.conrelid = $1::regclass AND cardinality(k.conkey) = 1 AND a.attname = $2`,
      [`public.${table}`, column],
    );
    return rows
      .map((r) => /ARRAY\[(.*)\]/s.exec(r.def)?.[1])
      .filter((list): list is string => list !== undefined)
      .map((list) =>
        list.split(',').map((item) => {
          const text = /'((?:[^']|'')*)'/.exec(item);
          return text ? text[1].replace(/''/g, "'") : Number(item.replace(/[()\s]|::\w+/g, ''));
        }),
      );
  }

  it.each(MIRRORS)('%s.%s allows exactly the words of libs/domain', async (table, column, words) => {
    const lists = await checkedValues(table, column);
    expect(lists).toHaveLength(1);
    expect([...lists[0]].sort()).toEqual([...words].sort());
  });

  it('terminal_cause() gives every milestone the cause of TERMINAL_CAUSE, and nothing to other words', async () => {
    const { rows } = await c.query<{ m: string; cause: number | null }>(
      'SELECT m, terminal_cause(m) AS cause FROM unnest($1::text[]) AS m',
      [[...MILESTONES, 'onbekend', '']],
    );
    const expected = Object.fromEntries([...MILESTONES, 'onbekend', ''].map((m) => [m, null as number | null]));
    for (const [m, cause] of Object.entries(TERMINAL_CAUSE)) expected[m] = cause;
    expect(Object.fromEntries(rows.map((r) => [r.m, r.cause]))).toEqual(expected);
  });

  it('the enrolment summary has a first_<milestone> column for every milestone, and the refresh fills each', async () => {
    const { rows: cols } = await c.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute
       WHERE attrelid = 'public.enrolment_summary'::regclass AND attnum > 0 AND NOT attisdropped AND attname LIKE 'first\\_%'`,
    );
    expect(cols.map((r) => r.name).sort()).toEqual(MILESTONES.map((m) => `first_${m}`).sort());

    // One participant with every milestone on its own day: both refresh paths (the per-statement
    // trigger and the full rebuild) must copy each date into its column.
    await c.query(`INSERT INTO gemeente (code, naam) VALUES ('spiegel', 'Spiegel')`);
    await c.query(
      `INSERT INTO experiment (key, title, hypothesis, intervention_phase, design, allocation, randomization,
                               primary_metric, follow_up_days, assignment_seed)
       VALUES ('spiegel-test', 'Spiegel', 'Spiegel', 'intake', 'individual_randomized', 'platform', 'hash',
               'gereed_voor_schuldregeling', 180, repeat('s', 32))`,
    );
    await c.query(
      `INSERT INTO experiment_arm (experiment_key, key, name, weight, is_control, position)
       VALUES ('spiegel-test', 'controle', 'Controle', 1, true, 1)`,
    );
    const {
      rows: [p],
    } = await c.query<{ id: string }>(
      `INSERT INTO participant (gemeente_code, participant_ref) VALUES ('spiegel', 'S-1') RETURNING id`,
    );
    await c.query(
      `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on) VALUES ('spiegel-test', $1, 'controle', '2026-01-01')`,
      [p.id],
    );
    const dayOf = (i: number) => `2026-02-${String(i + 1).padStart(2, '0')}`;
    await c.query(
      `INSERT INTO milestone_event (participant_id, milestone, occurred_on, reason)
       SELECT $1, m, ('2026-02-01'::date + (i - 1)::int), CASE WHEN m = 'uitval' THEN 'onbekend' END
       FROM unnest($2::text[]) WITH ORDINALITY AS x(m, i)`,
      [p.id, [...MILESTONES]],
    );
    const expected = Object.fromEntries(MILESTONES.map((m, i) => [`first_${m}`, dayOf(i)]));
    const summary = async () => {
      const { rows } = await c.query<Record<string, string>>(
        `SELECT ${MILESTONES.map((m) => `to_char(first_${m}, 'YYYY-MM-DD') AS first_${m}`).join(', ')} FROM enrolment_summary`,
      );
      return rows;
    };
    expect(await summary()).toEqual([expected]);
    await c.query('SELECT refresh_enrolment_outcomes(NULL)');
    expect(await summary()).toEqual([expected]);
  });

  it('ends a journey at andere_uitstroom (cause 3), and a gereed after langdurige stabilisatie counts (cause 1)', async () => {
    await c.query(`INSERT INTO gemeente (code, naam) VALUES ('pad', 'Pad')`);
    await c.query(
      `INSERT INTO experiment (key, title, hypothesis, intervention_phase, design, allocation, randomization,
                               primary_metric, follow_up_days, assignment_seed)
       VALUES ('pad-test', 'Pad', 'Pad', 'intake', 'individual_randomized', 'platform', 'hash', 'gestabiliseerd', 180, repeat('p', 32))`,
    );
    await c.query(
      `INSERT INTO experiment_arm (experiment_key, key, name, weight, is_control, position)
       VALUES ('pad-test', 'controle', 'Controle', 1, true, 1)`,
    );
    const journeys: Record<string, [string, string][]> = {
      'P-langdurig-gereed': [
        ['langdurige_stabilisatie', '2026-02-01'],
        ['gereed_voor_schuldregeling', '2026-05-01'],
      ],
      'P-langdurig': [['langdurige_stabilisatie', '2026-02-01']],
      'P-verhuisd': [
        ['langdurige_stabilisatie', '2026-02-01'],
        ['andere_uitstroom', '2026-03-01'],
      ],
    };
    for (const [ref, events] of Object.entries(journeys)) {
      const {
        rows: [p],
      } = await c.query<{ id: string }>(
        `INSERT INTO participant (gemeente_code, participant_ref) VALUES ('pad', $1) RETURNING id`,
        [ref],
      );
      await c.query(
        `INSERT INTO enrolment (experiment_key, participant_id, arm_key, enrolled_on) VALUES ('pad-test', $1, 'controle', '2026-01-01')`,
        [p.id],
      );
      for (const [m, on] of events)
        await c.query(`INSERT INTO milestone_event (participant_id, milestone, occurred_on) VALUES ($1, $2, $3)`, [
          p.id,
          m,
          on,
        ]);
    }
    const terminal = async () =>
      (
        await c.query<{ ref: string; terminal_on: string | null; terminal_cause: number | null }>(
          `SELECT p.participant_ref AS ref, to_char(s.terminal_on, 'YYYY-MM-DD') AS terminal_on, s.terminal_cause
           FROM enrolment_summary s JOIN enrolment n ON n.id = s.enrolment_id JOIN participant p ON p.id = n.participant_id
           WHERE s.experiment_key = 'pad-test' ORDER BY 1`,
        )
      ).rows;
    const expected = [
      { ref: 'P-langdurig', terminal_on: null, terminal_cause: null },
      { ref: 'P-langdurig-gereed', terminal_on: '2026-05-01', terminal_cause: 1 },
      { ref: 'P-verhuisd', terminal_on: '2026-03-01', terminal_cause: 3 },
    ];
    expect(await terminal()).toEqual(expected);
    await c.query('SELECT refresh_enrolment_outcomes(NULL)');
    expect(await terminal()).toEqual(expected);
  });
});
