import { normalizeExperimentDefinition, validateExperimentDefinition } from './experiment-definition';

/** The rules of contracts.md §1 for an experiment definition, without any database. */

const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  key: 'wekelijkse-coaching',
  title: 'Wekelijkse coaching',
  hypothesis: 'Wekelijkse begeleiding verlaagt uitval.',
  interventionPhase: 'overzicht',
  design: 'individual_randomized',
  allocation: 'platform',
  randomization: 'hash',
  arms: [
    { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
    { key: 'coaching', name: 'Wekelijks gesprek', weight: 1 },
  ],
  primaryMetric: 'gereed_voor_schuldregeling',
  secondaryMetrics: ['uitval', 'akkoord_schuldregeling', 'rapportcijfer'],
  followUpDays: 180,
  expectedBaseline: 0.6,
  minimumEffect: 0.1,
  plannedLooks: 4,
  armCost: { controle: 6, coaching: 14 },
  gemeenten: ['almere', 'breda'],
  start: '2027-01-01',
  end: '2027-12-31',
  ...overrides,
});

const fieldsOf = (input: unknown) => validateExperimentDefinition(input).map((p) => p.field);

describe('validateExperimentDefinition', () => {
  it('accepts the example of contracts.md §1', () => {
    expect(validateExperimentDefinition(valid())).toEqual([]);
  });

  it('accepts a minimal definition (defaults come later) and status draft or running', () => {
    const minimal = valid();
    for (const k of [
      'allocation',
      'randomization',
      'secondaryMetrics',
      'followUpDays',
      'expectedBaseline',
      'minimumEffect',
      'plannedLooks',
      'armCost',
      'start',
      'end',
    ])
      delete minimal[k];
    expect(validateExperimentDefinition(minimal)).toEqual([]);
    expect(validateExperimentDefinition(valid({ status: 'draft' }))).toEqual([]);
    expect(validateExperimentDefinition(valid({ status: 'running' }))).toEqual([]);
    expect(fieldsOf(valid({ status: 'completed' }))).toEqual(['status']);
  });

  it('refuses what is not an object, with one problem', () => {
    for (const input of [null, undefined, 'key: x', 42, [valid()]]) {
      expect(validateExperimentDefinition(input)).toEqual([{ field: '(bestand)', message: expect.any(String) }]);
    }
  });

  it.each([
    ['missing arms', { arms: undefined, armCost: undefined }, ['arms']],
    ['arms not a list', { arms: { controle: 1 }, armCost: undefined }, ['arms']],
    [
      'a single arm',
      { arms: [{ key: 'controle', name: 'C', weight: 1, control: true }], armCost: undefined },
      ['arms'],
    ],
    [
      'two controls',
      {
        arms: [
          { key: 'a', name: 'A', weight: 1, control: true },
          { key: 'b', name: 'B', weight: 1, control: true },
        ],
        armCost: undefined,
      },
      ['arms'],
    ],
    [
      'no control',
      {
        arms: [
          { key: 'a', name: 'A', weight: 1 },
          { key: 'b', name: 'B', weight: 1, control: false },
        ],
        armCost: undefined,
      },
      ['arms'],
    ],
    [
      'control as a string',
      {
        arms: [
          { key: 'a', name: 'A', weight: 1, control: 'true' },
          { key: 'b', name: 'B', weight: 1 },
        ],
        armCost: undefined,
      },
      ['arms[0].control', 'arms'],
    ],
    [
      'an arm that is not an object',
      { arms: [{ key: 'controle', name: 'C', weight: 1, control: true }, 'coaching'], armCost: { controle: 1 } },
      ['arms[1]'],
    ],
    [
      'a duplicate arm key',
      {
        arms: [
          { key: 'a', name: 'A', weight: 1, control: true },
          { key: 'a', name: 'B', weight: 1 },
        ],
        armCost: undefined,
      },
      ['arms[1].key'],
    ],
    [
      'a bad arm key',
      {
        arms: [
          { key: 'Controle', name: 'C', weight: 1, control: true },
          { key: 'b', name: 'B', weight: 1 },
        ],
        armCost: undefined,
      },
      ['arms[0].key'],
    ],
    [
      'an arm without name',
      {
        arms: [
          { key: 'controle', name: ' ', weight: 1, control: true },
          { key: 'coaching', name: 'B', weight: 1 },
        ],
      },
      ['arms[0].name'],
    ],
    [
      'weight 0, negative or a string',
      {
        arms: [
          { key: 'controle', name: 'C', weight: 0, control: true },
          { key: 'coaching', name: 'B', weight: '1' },
        ],
      },
      ['arms[0].weight', 'arms[1].weight'],
    ],
    ['an unknown design', { design: 'coin_flip' }, ['design']],
    ['an unknown allocation', { allocation: 'lottery' }, ['allocation']],
    ['an unknown randomization', { randomization: 'dice' }, ['randomization']],
    ['an unknown phase', { interventionPhase: 'nazorg' }, ['interventionPhase']],
    ['an unknown primary metric', { primaryMetric: 'geluk' }, ['primaryMetric']],
    ['a primary metric that is a beleving item', { primaryMetric: 'rapportcijfer' }, ['primaryMetric']],
    ['secondary metrics not a list', { secondaryMetrics: 'uitval' }, ['secondaryMetrics']],
    ['an unknown secondary metric', { secondaryMetrics: ['uitval', 'geluk'] }, ['secondaryMetrics[1]']],
    ['a key with capitals', { key: 'Wekelijkse-Coaching' }, ['key']],
    ['a key with underscore', { key: 'wekelijkse_coaching' }, ['key']],
    ['a key with a trailing dash', { key: 'coaching-' }, ['key']],
    ['a key with a double dash', { key: 'a--b' }, ['key']],
    ['a missing key', { key: undefined }, ['key']],
    ['baseline + effect = 1', { expectedBaseline: 0.9, minimumEffect: 0.1 }, ['minimumEffect']],
    ['baseline + effect > 1', { expectedBaseline: 0.7, minimumEffect: 0.4 }, ['minimumEffect']],
    ['a baseline of 0', { expectedBaseline: 0 }, ['expectedBaseline']],
    ['an effect of 1', { expectedBaseline: undefined, minimumEffect: 1 }, ['minimumEffect']],
    ['a baseline as a string', { expectedBaseline: '0.6' }, ['expectedBaseline']],
    ['followUpDays 0', { followUpDays: 0 }, ['followUpDays']],
    ['followUpDays 1096', { followUpDays: 1096 }, ['followUpDays']],
    ['followUpDays 1.5', { followUpDays: 1.5 }, ['followUpDays']],
    ['plannedLooks 21', { plannedLooks: 21 }, ['plannedLooks']],
    ['armCost for an unknown arm', { armCost: { controle: 1, spook: 2 } }, ['armCost.spook']],
    ['a negative armCost', { armCost: { controle: -1 } }, ['armCost.controle']],
    ['armCost not an object', { armCost: [1, 2] }, ['armCost']],
    [
      'delivery for an unknown arm',
      { delivery: { spook: { kind: 'x', label: 'X', expected: 1 } } },
      ['delivery.spook'],
    ],
    ['delivery not an object', { delivery: ['bon_uitgereikt'] }, ['delivery']],
    [
      'a delivery kind with capitals, no label and expected 0',
      { delivery: { coaching: { kind: 'Gesprek', label: ' ', expected: 0 } } },
      ['delivery.coaching.kind', 'delivery.coaching.label', 'delivery.coaching.expected'],
    ],
    [
      'a delivery with an unknown field and expected 1.5',
      { delivery: { coaching: { kind: 'gesprek', label: 'Gesprek', expected: 1.5, often: 2 } } },
      ['delivery.coaching.often', 'delivery.coaching.expected'],
    ],
    [
      'two arms with the same delivery kind',
      {
        delivery: {
          controle: { kind: 'gesprek', label: 'Gesprek', expected: 1 },
          coaching: { kind: 'gesprek', label: 'Gesprek', expected: 6 },
        },
      },
      ['delivery.coaching.kind'],
    ],
    ['gemeenten missing', { gemeenten: undefined }, ['gemeenten']],
    ['gemeenten not a list', { gemeenten: 'almere' }, ['gemeenten']],
    ['an empty gemeente code', { gemeenten: ['almere', ''] }, ['gemeenten']],
    ['an impossible start date', { start: '2027-02-30' }, ['start']],
    ['a Dutch-style end date', { end: '31-12-2027' }, ['end']],
    ['end before start', { start: '2027-06-01', end: '2027-05-31' }, ['end']],
    ['an unknown field', { owner: 'Jan' }, ['owner']],
    ['an empty title', { title: '   ' }, ['title']],
    ['a missing hypothesis', { hypothesis: undefined }, ['hypothesis']],
  ])('refuses %s', (_name, overrides, expected) => {
    const input = valid(overrides as Record<string, unknown>);
    for (const [k, v] of Object.entries(overrides as Record<string, unknown>)) if (v === undefined) delete input[k];
    const problems = validateExperimentDefinition(input);
    expect(problems.map((p) => p.field).sort()).toEqual([...expected].sort());
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
  });

  it('accepts a delivery per arm (fidelity, issue 14), also for the control arm', () => {
    const delivery = {
      coaching: { kind: 'coachingsgesprek_gehouden', label: 'Coachingsgesprek gehouden', expected: 6 },
      controle: { kind: 'folder_gegeven', label: 'Folder gegeven', expected: 1 },
    };
    expect(validateExperimentDefinition(valid({ delivery }))).toEqual([]);
    expect(normalizeExperimentDefinition(valid({ delivery })).delivery).toEqual(delivery);
  });

  it('accepts gestabiliseerd as primary or secondary metric (issue 14)', () => {
    expect(validateExperimentDefinition(valid({ primaryMetric: 'gestabiliseerd' }))).toEqual([]);
    expect(validateExperimentDefinition(valid({ secondaryMetrics: ['gestabiliseerd', 'andere_uitstroom'] }))).toEqual(
      [],
    );
  });

  it('allows end equal to start and effect just below the ceiling', () => {
    expect(validateExperimentDefinition(valid({ start: '2027-01-01', end: '2027-01-01' }))).toEqual([]);
    expect(validateExperimentDefinition(valid({ expectedBaseline: 0.5, minimumEffect: 0.49 }))).toEqual([]);
  });

  it('takes an ICC for designs that allocate whole gemeenten only, from 0 up to 1', () => {
    const cluster = valid({ design: 'cluster_randomized', icc: 0.02 });
    expect(validateExperimentDefinition(cluster)).toEqual([]);
    expect(validateExperimentDefinition({ ...cluster, icc: 1 }).map((p) => p.field)).toEqual(['icc']);
    expect(validateExperimentDefinition({ ...cluster, icc: '0,02' }).map((p) => p.field)).toEqual(['icc']);
    expect(validateExperimentDefinition(valid({ icc: 0.02 }))).toEqual([
      { field: 'icc', message: 'Alleen bij design: cluster_randomized of stepped_wedge.' },
    ]);
  });

  it('reports every problem at once', () => {
    const fields = fieldsOf({ key: 'X', design: 'x', arms: [] });
    expect(fields).toEqual(
      expect.arrayContaining([
        'key',
        'title',
        'hypothesis',
        'interventionPhase',
        'design',
        'arms',
        'primaryMetric',
        'gemeenten',
      ]),
    );
  });
});

describe('normalizeExperimentDefinition', () => {
  it('fills in the defaults of contracts.md §1', () => {
    const input = valid();
    for (const k of ['allocation', 'randomization', 'secondaryMetrics', 'followUpDays', 'plannedLooks'])
      delete input[k];
    const d = normalizeExperimentDefinition(input);
    expect(d).toMatchObject({
      allocation: 'platform',
      randomization: 'hash',
      secondaryMetrics: [],
      followUpDays: 180,
      plannedLooks: 4,
    });
  });

  it('keeps given values, and makes control an explicit boolean on every arm', () => {
    const d = normalizeExperimentDefinition(
      valid({ allocation: 'external', followUpDays: 90, plannedLooks: 2, secondaryMetrics: ['uitval'] }),
    );
    expect(d).toMatchObject({
      allocation: 'external',
      followUpDays: 90,
      plannedLooks: 2,
      secondaryMetrics: ['uitval'],
      expectedBaseline: 0.6,
      gemeenten: ['almere', 'breda'],
    });
    expect(d.arms).toEqual([
      { key: 'controle', name: 'Gebruikelijke werkwijze', weight: 1, control: true },
      { key: 'coaching', name: 'Wekelijks gesprek', weight: 1, control: false },
    ]);
  });

  it('drops unknown properties of an arm and does not change its input', () => {
    const input = valid({
      arms: [
        { key: 'controle', name: 'C', weight: 1, control: true, kleur: 'rood' },
        { key: 'coaching', name: 'B', weight: 2 },
      ],
    });
    const copy = JSON.parse(JSON.stringify(input));
    const d = normalizeExperimentDefinition(input);
    expect(d.arms[0]).toEqual({ key: 'controle', name: 'C', weight: 1, control: true });
    expect(input).toEqual(copy);
  });

  it('is idempotent', () => {
    const once = normalizeExperimentDefinition(valid({ followUpDays: undefined }));
    expect(normalizeExperimentDefinition(once as unknown as Record<string, unknown>)).toEqual(once);
  });
});
