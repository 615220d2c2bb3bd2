import { CHANGEABLE_FIELDS } from '../../libs/domain/src';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Every plan field, one at a time (issue 12): a PATCH of a draft and an amendment of a running
 * experiment that name one field change that field and keep every field they do not name. The
 * merge once used a hand-written field list that lacked `retentionMonths`, so any change that did
 * not name it erased it.
 */

type Field = (typeof CHANGEABLE_FIELDS)[number];
type Definition = Record<string, unknown>;

const ARMS = [
  { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
  { key: 'coach', name: 'Budgetcoach aan huis', weight: 1, control: false },
];

/** Every optional field that any design allows, set; the design-specific fields on their own bases. */
const BASES: Record<'full' | 'plain' | 'cluster' | 'wedge' | 'historical', Definition> = {
  full: {
    title: 'Budgetcoach aan huis',
    hypothesis: 'Een budgetcoach aan huis verlaagt de uitval.',
    interventionPhase: 'overzicht',
    design: 'individual_randomized',
    allocation: 'platform',
    randomization: 'permuted_blocks',
    arms: ARMS,
    primaryMetric: 'gereed_voor_schuldregeling',
    secondaryMetrics: ['uitval'],
    followUpDays: 200,
    expectedBaseline: 0.6,
    minimumEffect: 0.1,
    plannedLooks: 3,
    armCost: { controle: 6, coach: 14 },
    gemeenten: ['lindewaard', 'veenhoven'],
    start: '2026-01-01',
    end: '2027-12-31',
    plannedSize: 400,
    stratifyByKlantprofiel: true,
    retentionMonths: 24,
    expectedPaceDays: 45,
    delivery: { coach: { kind: 'coachgesprek_gehouden', label: 'Coachgesprek gehouden', expected: 6 } },
  },
  plain: {},
  cluster: {},
  wedge: {},
  historical: {},
};
BASES.plain = { ...BASES.full, randomization: 'hash', stratifyByKlantprofiel: undefined };
BASES.cluster = {
  ...BASES.plain,
  design: 'cluster_randomized',
  gemeenten: ['lindewaard', 'veenhoven', 'oosterkamp', 'brederwijk'],
  balanceBySize: true,
  icc: 0.01,
};
BASES.wedge = {
  ...BASES.plain,
  design: 'stepped_wedge',
  gemeenten: ['lindewaard', 'veenhoven', 'oosterkamp'],
  wedgeSteps: 3,
};
BASES.historical = {
  ...BASES.plain,
  design: 'historical_control',
  gemeenten: ['lindewaard'],
  periods: {
    lindewaard: {
      nulmeting: { start: '2026-01-01', end: '2026-06-30' },
      eenmeting: { start: '2026-07-01', end: '2026-12-31' },
    },
  },
};

/**
 * Per field: the base it is changed on, a new valid value, and whether an amendment after the
 * start may change it (`frozen`: the allocation made at the start or the design fixes it).
 * Typed on every changeable field, so a new field without a case here fails to compile.
 */
const CASES: Record<Field, { base: keyof typeof BASES; value: unknown; frozen?: boolean }> = {
  title: { base: 'full', value: 'Budgetcoach bij de klant thuis' },
  hypothesis: { base: 'full', value: 'Een budgetcoach aan huis verhoogt het aandeel gereed.' },
  interventionPhase: { base: 'full', value: 'intake' },
  design: { base: 'plain', value: 'concurrent_control', frozen: true },
  allocation: { base: 'plain', value: 'external', frozen: true },
  randomization: { base: 'plain', value: 'permuted_blocks', frozen: true },
  arms: {
    base: 'full',
    value: [
      { key: 'controle', name: 'Gewone werkwijze', weight: 1, control: true },
      { key: 'coach', name: 'Coach aan huis', weight: 1, control: false },
    ],
  },
  primaryMetric: { base: 'full', value: 'akkoord_schuldregeling' },
  secondaryMetrics: { base: 'full', value: ['uitval', 'rapportcijfer'] },
  followUpDays: { base: 'full', value: 240 },
  expectedBaseline: { base: 'full', value: 0.55 },
  minimumEffect: { base: 'full', value: 0.12 },
  plannedLooks: { base: 'full', value: 5 },
  armCost: { base: 'full', value: { controle: 7, coach: 15 } },
  gemeenten: { base: 'full', value: ['lindewaard', 'veenhoven', 'hoogdijk'], frozen: true },
  start: { base: 'full', value: '2026-02-01', frozen: true },
  end: { base: 'full', value: '2028-06-30', frozen: true },
  plannedSize: { base: 'full', value: 500 },
  stratifyByKlantprofiel: { base: 'full', value: false, frozen: true },
  balanceBySize: { base: 'cluster', value: false, frozen: true },
  wedgeSteps: { base: 'wedge', value: 2, frozen: true },
  icc: { base: 'cluster', value: 0.03 },
  periods: {
    base: 'historical',
    value: {
      lindewaard: {
        nulmeting: { start: '2026-01-01', end: '2026-05-31' },
        eenmeting: { start: '2026-06-01', end: '2026-12-31' },
      },
    },
    frozen: true,
  },
  retentionMonths: { base: 'full', value: 36 },
  expectedPaceDays: { base: 'full', value: 90 },
  delivery: {
    base: 'full',
    value: {
      controle: { kind: 'gewoon_gesprek', label: 'Gewoon gesprek', expected: 1 },
      coach: { kind: 'coachgesprek_gehouden', label: 'Coachgesprek gehouden', expected: 8 },
    },
  },
};

describe('plan fields: a change names one field and keeps the others (real PostgreSQL)', () => {
  let t: TestApp;
  let pl: { Authorization: string };
  let serial = 0;
  beforeAll(async () => {
    t = await startTestApp();
    pl = await t.auth('projectleider');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The definition fields of a body; gemeenten sorted, as the API returns them (their order means nothing). */
  const definitionFields = (body: Record<string, unknown>) =>
    Object.fromEntries(
      CHANGEABLE_FIELDS.filter((f) => body[f] !== undefined).map((f) => [
        f,
        f === 'gemeenten' ? [...(body[f] as string[])].sort() : body[f],
      ]),
    );
  const read = async (key: string) => {
    const res = await t.http.get(`/api/v1/experiments/${key}`).set(pl);
    expect(res.status).toBe(200);
    return definitionFields(res.body);
  };
  async function create(base: keyof typeof BASES): Promise<string> {
    const key = `velden-${base}-${++serial}`;
    const res = await t.http
      .post('/api/v1/experiments')
      .set(pl)
      .send({ key, ...BASES[base] });
    expect(res.status).toBe(201);
    // Nothing of the definition was lost on the way in.
    expect(await read(key)).toEqual(definitionFields(JSON.parse(JSON.stringify(BASES[base]))));
    return key;
  }

  it('covers every field a change may name', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CHANGEABLE_FIELDS].sort());
  });

  describe('PATCH of a draft', () => {
    it.each(CHANGEABLE_FIELDS.map((f) => [f]))('naming only %s', async (field: Field) => {
      const { base, value } = CASES[field];
      const key = await create(base);
      const before = await read(key);
      expect(before[field]).not.toEqual(value);
      const res = await t.http
        .patch(`/api/v1/experiments/${key}`)
        .set(pl)
        .send({ [field]: value });
      expect(res.status).toBe(200);
      expect(await read(key)).toEqual(definitionFields({ ...before, [field]: value }));
    });
  });

  describe('an amendment of a running experiment', () => {
    const started = new Map<string, string>();
    async function running(base: keyof typeof BASES): Promise<string> {
      if (!started.has(base)) {
        const key = await create(base);
        const res = await t.http.patch(`/api/v1/experiments/${key}`).set(pl).send({ status: 'running' });
        expect(res.status).toBe(200);
        started.set(base, key);
      }
      return started.get(base)!;
    }

    it.each(CHANGEABLE_FIELDS.map((f) => [f]))('naming only %s', async (field: Field) => {
      const { base, value, frozen } = CASES[field];
      const key = await running(base);
      const before = await read(key);
      expect(before[field]).not.toEqual(value);
      const res = await t.http
        .post(`/api/v1/experiments/${key}/amendments`)
        .set(pl)
        .send({ changes: { [field]: value }, reason: `Alleen ${field} verandert` });
      if (frozen) {
        expect(res.status).toBe(409);
        expect(await read(key)).toEqual(before);
      } else {
        expect(res.status).toBe(201);
        expect(res.body.changes).toEqual({ [field]: expect.objectContaining({ after: value }) });
        expect(await read(key)).toEqual(definitionFields({ ...before, [field]: value }));
      }
    });
  });
});
