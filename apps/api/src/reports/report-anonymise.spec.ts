import {
  count,
  formatWarning,
  warning,
  type ArmCounts,
  type Count,
  type DoorlooptijdPart,
  type QuarterlyReport,
  type Warning,
} from '@living-lab/domain';
import { anonymiseReport } from './report-anonymise';

/**
 * A report in which every count is `c` and every other number is outside 1–4 (0.25, 0.5, 7, 180):
 * typed as QuarterlyReport, so a new count field in the model must be filled here too.
 */
function reportWithCounts(c: Count): QuarterlyReport {
  const arm = (): ArmCounts => ({ enrolled: c, complete: c, events: c, rate: 0.5, ci95: [0.25, 0.75] });
  const point = { day: 90, value: 0.5, ci95: [0.25, 0.75] as [number, number] };
  const comparison = {
    arm: 'b',
    vs: 'a',
    riskDifference: 0.25,
    ci95: [0.25, 0.5] as [number, number],
    riskRatio: 0.5,
    riskRatioCi: [0.25, 0.75] as [number, number],
    oddsRatio: 0.5,
    oddsRatioCi: null,
    fisherPValue: 0.5,
    chiSquarePValue: 0.5,
    zTestPValue: 0.5,
    probabilityBetter: 0.5,
    grayPValue: null,
    logRankPValue: null,
    stratified: {
      cmhPValue: 0.5,
      cmhPValueCorrected: 0.5,
      mhOddsRatio: null,
      mhOddsRatioCi: null,
      mhRiskDifference: 0.25,
      mhRiskDifferenceCi: null,
      breslowDayPValue: null,
      excludedGemeenten: ['almere'],
    },
    numberNeededToTreat: { value: 7, ci95: null, estimable: false, benefit: true },
    sentence: 'Er zijn nog te weinig deelnemers om een verschil te kunnen zien.',
    subgroups: {
      klantprofiel: {
        exploratory: true as const,
        groups: [
          {
            klantprofiel: 'k1',
            treatment: arm(),
            control: arm(),
            riskDifference: null,
            ci95: null,
            fisherPValue: null,
            shown: false,
          },
        ],
        homogeneityPValue: null,
      },
      segment: {
        exploratory: true as const,
        groups: [
          {
            segment: 's1',
            treatment: arm(),
            control: arm(),
            riskDifference: null,
            ci95: null,
            fisherPValue: null,
            shown: false,
          },
        ],
        homogeneityPValue: null,
      },
    },
    holmPValue: 0.5,
    qValue: 0.5,
  };
  const survivorship = () => ({
    arms: [
      { arm: 'a', enrolled: c, uitvalBefore: c, share: 0.5 },
      { arm: 'b', enrolled: c, uitvalBefore: c, share: 0.25 },
    ],
    difference: 0.25,
    differs: true,
    sentence: 'Let op.',
  });
  const group = () => ({ scored: c, complete: c, events: c, risk: 0.5, ci95: [0.25, 0.75] as [number, number] });
  const belevingUitvalRow = (a: string | null) => ({
    arm: a,
    negative: group(),
    others: group(),
    uitvalBeforeScore: c,
    unclassified: c,
    riskRatio: 0.5,
    riskRatioCi: [0.25, 0.75] as [number, number],
    riskDifference: 0.25,
    riskDifferenceCi: [0.25, 0.5] as [number, number],
    fisherPValue: 0.5,
    enough: true,
    sentence: 'Er zijn nog te weinig deelnemers.',
  });
  const cohortEstimate = () => ({
    n: c,
    events: c,
    competing: c,
    waitingUnderAYear: c,
    status: 'estimate' as const,
    estimate: 0.5,
    ci95: [0.25, 0.75] as [number, number],
  });
  const funnel = () => ({
    counts: {
      aanmelding: c,
      no_show: c,
      intake: c,
      instroom_stabilisatie: c,
      gereed_voor_schuldregeling: c,
      akkoord_schuldregeling: c,
      langdurige_stabilisatie: c,
      informatie_advies: c,
      andere_oplossing: c,
      andere_uitstroom: c,
      uitval: c,
    },
    uitvalByReason: { afgewezen: c },
    uitvalByPhase: [{ phase: 'overzicht', n: c, byReason: { afgewezen: c } }],
    shares: { intakePerAanmelding: 0.5, gereedPerInstroom: 0.5, akkoordPerGereed: 0.5 },
  });
  // every warning code, each count param `c` (the sentences quote it, as the services make them)
  const resultWarnings: Warning[] = [
    warning('results.srm_mismatch', { pValue: 0.0001 }),
    warning('results.arm_no_complete', { arm: 'a', days: 180 }),
    warning('results.arm_small', { arm: 'a', complete: c, minimum: 20 }),
    warning('results.arm_waiting', { arm: 'a', waiting: c, days: 180 }),
    warning('results.strata_excluded', { arm: 'b', gemeenten: c }),
  ];
  const monitoringWarnings: Warning[] = [
    warning('monitoring.srm_mismatch', { pValue: 0.0001 }),
    warning('monitoring.stratum_drift', {
      stratum: 'almere',
      gemeente: 'almere',
      arms: [
        { arm: 'a', n: c },
        { arm: 'b', n: c },
      ],
    }),
  ];
  return {
    report: 'kwartaalreflectie',
    quarter: '2026-Q3',
    period: { start: '2026-07-01', end: '2026-09-30' },
    asOf: '2026-09-30',
    generatedAt: '2026-10-01T00:00:00Z',
    engineVersion: 'test',
    publication: {
      version: 7,
      publishedAt: '2026-10-01T00:00:00Z',
      publishedBy: 'p',
      inputHash: 'h',
      engineVersion: 'test',
      changes: [
        { path: 'x.gereed_voor_schuldregeling.a.enrolled', kind: 'count', before: c, after: count(70) },
        { path: 'sector.intake', kind: 'count', before: count(70), after: c },
        // stored before changes had a kind
        { path: 'x.gereed_voor_schuldregeling.a.complete', before: c, after: count(0) },
        { path: 'sector.aanmelding', before: count(70), after: c },
        { path: 'x.gereed_voor_schuldregeling.a.rate', kind: 'figure', before: 0.25, after: 0.5 },
        { path: 'x.gereed_voor_schuldregeling.b-vs-a.fisherPValue', kind: 'figure', before: 0.25, after: 0.5 },
        { path: 'cohort.gereedPerInstroom.n', kind: 'count', before: c, after: count(70) },
        { path: 'cohort.gereedPerInstroom.estimate', kind: 'figure', before: 0.25, after: 0.5 },
      ],
    },
    experiments: [
      {
        preRegistration: {
          frozen: true,
          version: 7,
          hash: 'h',
          frozenAt: '2026-01-01',
          preRegistered: null,
          changedAfterStart: false,
          changedFields: [],
          metrics: [],
        },
        monitoring: {
          applicable: true,
          enrolled: c,
          counts: { a: c, b: c },
          srm: null,
          strata: [
            {
              stratum: 'almere',
              gemeente: 'almere',
              enrolled: c,
              counts: { a: c },
              drift: 0.5,
              threshold: 7,
              flagged: false,
            },
          ],
          flagged: false,
          warnings: monitoringWarnings.map(formatWarning),
          warningDetails: monitoringWarnings,
        },
        plan: {
          key: 'x',
          title: 'X',
          hypothesis: 'h',
          interventionPhase: 'intake',
          design: 'individual_randomized',
          allocation: 'platform',
          arms: [
            { key: 'a', name: 'A', control: true, weight: 0.5 },
            { key: 'b', name: 'B', weight: 0.5 },
          ],
          primaryMetric: 'gereed_voor_schuldregeling',
          secondaryMetrics: [],
          followUpDays: 180,
          plannedLooks: 7,
          start: '2026-01-01',
          end: null,
          status: 'running',
          plannedPerArm: { a: 70, b: 70 },
        },
        consort: [
          { arm: 'a', enrolled: c, complete: c, gereed: c, uitval: c, other: c, inProgress: c, notYetComplete: c },
        ],
        results: {
          experiment: 'x',
          asOf: '2026-09-30',
          design: 'individual_randomized',
          label: 'effect',
          labelText: 't',
          srm: { chiSquare: 0.5, pValue: 0.5, mismatch: false },
          metrics: [
            {
              metric: 'gereed_voor_schuldregeling',
              followUpDays: 180,
              primary: true,
              preRegistered: true,
              arms: [
                {
                  arm: 'a',
                  ...arm(),
                  cumulativeIncidence: [point],
                  curve: [point],
                  // a step at day 37: finer than the curve's days (a reviewer must not see it)
                  stepCurve: [
                    { day: 0, value: 0, ci95: [0, 0] },
                    { day: 37, value: 0.5, ci95: [0.25, 0.75] },
                  ],
                },
              ],
              comparisons: [comparison],
              byGemeente: [{ gemeente: 'almere', arms: [{ arm: 'a', ...arm() }] }],
            },
          ],
          beleving: [
            {
              phase: 'intake',
              item: 'rapportcijfer',
              arms: [{ arm: 'a', n: c, mean: 7, sd: 0.5, median: 7, distribution: { '7': c } }],
              comparisons: [],
              survivorship: survivorship(),
            },
          ],
          emotions: [
            { phase: 'intake', arms: [{ arm: 'a', n: c, shares: { rust: 0.5 } }], survivorship: survivorship() },
          ],
          belevingUitval: {
            followUpDays: 180,
            label: 'association',
            labelText: 't',
            negativeEmotions: ['angst'],
            negativeBelow: 6,
            phases: [{ phase: 'intake', all: belevingUitvalRow(null), arms: [belevingUitvalRow('a')] }],
          },
          fidelity: {
            note: 'n',
            arms: [
              {
                arm: 'a',
                kind: null,
                label: null,
                expected: null,
                enrolled: c,
                received: null,
                share: null,
                receivedAsExpected: null,
                shareAsExpected: null,
                medianReceived: null,
                contaminated: c,
                contaminatedByKind: { gesprek: c },
              },
              {
                arm: 'b',
                kind: 'gesprek',
                label: 'Gesprek',
                expected: 6,
                enrolled: c,
                received: c,
                share: 0.5,
                receivedAsExpected: c,
                shareAsExpected: 0.5,
                medianReceived: 5.5,
                contaminated: c,
                contaminatedByKind: {},
              },
            ],
          },
          doorlooptijd: {
            aanmeldingIntake: duration(c, 28),
            instroomGereed: duration(c),
          },
          guards: {
            power: {
              plannedPerArm: { a: 70 },
              completePerArm: { a: c, b: c },
              minimumDetectableDifference: 0.25,
              alpha: 0.05,
              power: 0.8,
            },
            sequential: { available: false, reason: 'r' },
            multiplicity: { primary: 'niet aangepast', secondary: 'Holm' },
          },
          primaryComparison: comparison,
          warnings: resultWarnings.map(formatWarning),
          warningDetails: resultWarnings,
        },
        forest: [
          {
            arm: 'b',
            vs: 'a',
            gemeenten: [
              {
                gemeente: 'almere',
                treatment: { events: c, complete: c },
                control: { events: c, complete: c },
                riskDifference: 0.25,
                ci95: [0.25, 0.5],
              },
            ],
            pooled: { riskDifference: 0.25, ci95: [0.25, 0.5] },
          },
        ],
      },
    ],
    sector: {
      note: 'n',
      total: funnel(),
      byGemeente: [{ gemeente: 'almere', ...funnel() }],
      reference2018: {
        intakePerAanmelding: { value: 0.5, range: [0.25, 0.75] },
        gereedPerInstroom: { value: 0.5, range: [0.25, 0.75] },
        akkoordPerGereed: { value: 0.5, range: [0.25, 0.75] },
      },
      trend: [{ quarter: '2026-Q2', ...funnel() }],
      cohortRatios: {
        cohort: '2025-Q3',
        period: { start: '2025-07-01', end: '2025-09-30' },
        days: 365,
        followedUntil: '2026-09-30',
        complete: true,
        note: 'n',
        ratios: [
          {
            ratio: 'gereedPerInstroom',
            from: 'instroom_stabilisatie',
            to: 'gereed_voor_schuldregeling',
            cohortLabel: 'l',
            question: 'q',
            total: cohortEstimate(),
            byGemeente: [{ gemeente: 'almere', ...cohortEstimate() }],
          },
        ],
        aggregateOnly: [{ gemeente: 'almere', note: 'n' }],
      },
      submissions: {
        quarter: '2026-Q3',
        note: 'n',
        steps: [{ step: 'intakes', value: c, byTag: { bron: c } }],
        uitvalByReason: [{ reason: 'afgewezen', value: c }],
        gemeenten: [{ gemeente: 'almere', source: 'aggregaat', steps: { intakes: c }, tags: [] }],
        warnings: [],
      },
    },
    dataQuality: [
      {
        gemeente: 'almere',
        quarter: '2026-Q3',
        asOf: '2026-09-30',
        participants: c,
        milestones: [{ milestone: 'intake', expected: c, recorded: c, completeness: 0.5 }],
        impossibleOrder: { participants: c, gereedBeforeIntake: c, eventsBeforeAanmelding: c, eventsAfterTerminal: c },
        unregisteredNoShows: { due: c, count: c },
        beleving: [{ phase: 'intake', reached: c, measured: c, missing: c }],
        completenessScore: 70,
        warnings: [],
      },
    ],
  };
}

/** A doorlooptijd with every count `c`: per arm, per gemeente and per gemeente per arm. */
function duration(c: Count, norm?: number): DoorlooptijdPart {
  const e = {
    n: c,
    events: c,
    median: 17,
    medianCi95: [12, 25] as [number, number],
    ...(norm ? { withinNorm: { days: norm, share: 0.5, ci95: [0.25, 0.75] as [number, number] } } : {}),
  };
  return {
    from: 'aanmelding',
    to: 'intake',
    arms: [{ arm: 'a', ...e }],
    byGemeente: [{ gemeente: 'almere', ...e }],
    byGemeenteArm: [{ gemeente: 'almere', arm: 'a', ...e }],
  };
}

/** Every number anywhere in a JSON value, with its path. */
function numbers(v: unknown, path = '$'): [string, number][] {
  if (typeof v === 'number') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, `${path}.${k}`));
  return [];
}

/** Every text in a JSON value that quotes a number from 1 to 4 on its own (not in 2026, Q3, 0,25 or 0,0001). */
function smallNumbersInTexts(v: unknown, path = '$'): [string, string][] {
  if (typeof v === 'string') return /(?<![\d,.])\b[1-4]\b(?![,.]\d)/.test(v) ? [[path, v]] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => smallNumbersInTexts(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => smallNumbersInTexts(x, `${path}.${k}`));
  return [];
}

const GEMEENTEN = [{ code: 'almere', naam: 'Almere', consent_named: false }];

describe('anonymiseReport', () => {
  it.each([1, 2, 3, 4])('leaves no count of %i anywhere in the reviewer’s JSON', (n) => {
    const full = reportWithCounts(count(n));
    // the fixture really holds the small count in many places (the test could fail)
    expect(numbers(full).filter(([, x]) => x === n).length).toBeGreaterThan(50);
    const anon = JSON.parse(JSON.stringify(anonymiseReport(full, GEMEENTEN, 'seed')));
    expect(numbers(anon).filter(([, x]) => x >= 1 && x <= 4)).toEqual([]);
    expect(JSON.stringify(anon)).not.toContain('almere');
  });

  it.each([1, 2, 3, 4])('quotes no count of %i in a warning sentence or a change', (n) => {
    const full = reportWithCounts(count(n));
    // the fixture's sentences and changes really quote the small count (the test could fail)
    expect(smallNumbersInTexts(full.experiments[0].results.warnings).length).toBe(3);
    expect(smallNumbersInTexts(full.experiments[0].monitoring!.warnings).length).toBe(1);
    expect(numbers(full.publication!.changes).filter(([, x]) => x === n).length).toBe(5);
    const anon = JSON.parse(JSON.stringify(anonymiseReport(full, GEMEENTEN, 'seed')));
    // every text but the fixed note that explains the suppression ("van 1 tot en met 4")
    expect(smallNumbersInTexts({ ...anon, anonymisation: undefined })).toEqual([]);
    const r = anon.experiments[0].results;
    expect(r.warnings).toContain(
      'Groep a heeft pas <5 deelnemers die de hele volgduur gevolgd zijn (minder dan 20): de uitkomst is nog erg onzeker.',
    );
    expect(r.warnings).toHaveLength(5);
    expect(anon.experiments[0].monitoring.warnings).toContain(
      'In Gemeente A wijken de groepen meer af dan een blok groot is (a <5, b <5).',
    );
    expect(anon.publication.changes.map((c: { before: unknown; after: unknown }) => [c.before, c.after])).toEqual([
      ['<5', 70],
      [70, '<5'],
      ['<5', 0],
      [70, '<5'],
      ['<5', '<5'], // the rate of an arm with fewer than 5 events or complete participants
      [0.25, 0.5],
      ['<5', 70],
      ['<5', '<5'], // a cohort's estimate on fewer than 5 people or events
    ]);
  });

  it('keeps warnings and changes of counts of 0 and of 5 or more as they are', () => {
    const full = reportWithCounts(count(12));
    const anon = anonymiseReport(full, GEMEENTEN, 'seed');
    expect(anon.experiments[0].results.warnings).toEqual(full.experiments[0].results.warnings);
    expect(anon.experiments[0].results.warnings[2]).toContain('pas 12 deelnemers');
    expect(anon.experiments[0].monitoring!.warnings[1]).toBe(
      'In Gemeente A wijken de groepen meer af dan een blok groot is (a 12, b 12).',
    );
    expect(anon.publication!.changes).toEqual(full.publication!.changes);
  });

  it('leaves out the warning sentences of a version published before warnings were coded', () => {
    const full = reportWithCounts(count(3));
    const { warningDetails: _d, ...legacy } = full.experiments[0].results;
    const anon = anonymiseReport(
      { ...full, experiments: [{ ...full.experiments[0], results: legacy }] },
      GEMEENTEN,
      's',
    );
    expect(legacy.warnings.length).toBe(5);
    expect(anon.experiments[0].results.warnings).toEqual([]);
  });

  it('keeps counts of 0 and of 5 or more as they are', () => {
    for (const n of [0, 5, 12]) {
      const anon = anonymiseReport(reportWithCounts(count(n)), GEMEENTEN, 'seed');
      expect(anon.experiments[0].consort[0].enrolled).toBe(n);
      expect(anon.sector.total.counts.intake).toBe(n);
      expect(anon.experiments[0].results.metrics[0].arms[0].rate).toBe(0.5);
    }
  });

  it('makes the sentences again from the suppressed figures: no rate built on a count from 1 to 4', () => {
    const full = reportWithCounts(count(40));
    const m = full.experiments[0].results.metrics.find((x) => x.comparisons.length > 0)!;
    m.primary = true;
    m.arms.push({ arm: 'b', enrolled: count(40), complete: count(40), events: count(3), rate: 3 / 40, ci95: null });
    m.comparisons[0].sentence =
      'Van de deelnemers met B was 8% binnen 180 dagen gereed voor schuldregeling, tegen 100% bij A.';
    const anon = anonymiseReport(full, GEMEENTEN, 'seed');
    const sentence = anon.experiments[0].results.metrics.find((x) => x.metric === m.metric)!.comparisons[0].sentence;
    expect(sentence).not.toContain('8%');
    expect(sentence).toContain('minder dan 5 deelnemers');
  });

  it('klantbeleving and later uitval: a small cell is `<5`, and so is every figure and word built on it (issue 14)', () => {
    const full = reportWithCounts(count(40));
    const bu = full.experiments[0].results.belevingUitval!;
    const row = bu.phases[0].all;
    // 3 of 40 with a negative score dropped out, 8 of 40 of the others
    row.negative = { scored: count(40), complete: count(40), events: count(3), risk: 3 / 40, ci95: [0.026, 0.199] };
    row.others = { scored: count(40), complete: count(40), events: count(8), risk: 0.2, ci95: [0.105, 0.348] };
    row.riskRatio = 0.375;
    row.riskRatioCi = [0.106, 1.32];
    row.sentence =
      'In de fase intake viel van de deelnemers met een negatieve beleving 8% uit binnen 180 dagen na de meting, tegen 20% van de anderen (relatief risico 0,38). Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt.';
    const s = full.experiments[0].results.beleving[0].survivorship!;
    s.arms[0] = { arm: 'a', enrolled: count(40), uitvalBefore: count(2), share: 0.05 };
    s.arms[1] = { arm: 'b', enrolled: count(40), uitvalBefore: count(10), share: 0.25 };

    const anon = anonymiseReport(full, GEMEENTEN, 'seed').experiments[0].results;
    const a = anon.belevingUitval!.phases[0].all;
    expect(a.negative).toEqual({ scored: 40, complete: 40, events: '<5', risk: '<5', ci95: '<5' });
    expect(a.others).toEqual({ scored: 40, complete: 40, events: 8, risk: 0.2, ci95: [0.105, 0.348] });
    expect([a.riskRatio, a.riskRatioCi, a.riskDifference, a.fisherPValue]).toEqual(['<5', '<5', '<5', '<5']);
    expect(a.sentence).not.toMatch(/8%|0,38/);
    expect(a.sentence).toBe(
      'In de fase intake staan de cijfers er niet in: ze zouden een aantal van minder dan 5 deelnemers verraden. Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt.',
    );
    const sa = anon.beleving[0].survivorship!;
    expect(sa.arms.map((x) => [x.uitvalBefore, x.share])).toEqual([
      ['<5', '<5'],
      [10, 0.25],
    ]);
    expect(sa.difference).toBe('<5');
    // the caveat quotes no number, so it stays
    expect([sa.differs, sa.sentence]).toEqual([true, 'Let op.']);
    // with no small cell, the figures stay and the sentence is made again with the arm's name
    const big = anonymiseReport(reportWithCounts(count(40)), GEMEENTEN, 'seed').experiments[0].results;
    expect(big.belevingUitval!.phases[0].arms[0].riskRatio).toBe(0.5);
    expect(big.belevingUitval!.phases[0].arms[0].sentence).toMatch(/^In de fase intake, in de groep A, viel /);
  });
});

describe('anonymiseReport: the step curve and the doorlooptijd per gemeente per arm', () => {
  it('gives a reviewer the step curve only at the days of the curve, and none for a small arm', () => {
    const full = reportWithCounts(count(12));
    const anon = anonymiseReport(full, GEMEENTEN, 'seed');
    const arm = anon.experiments[0].results.metrics[0].arms[0];
    // not the step at day 37: only what the curve at its requested days showed before
    expect(arm.stepCurve).toEqual([{ day: 90, value: 0.5, ci95: [0.25, 0.75] }]);
    expect(arm.stepCurve).toEqual(arm.curve);
    const small = anonymiseReport(reportWithCounts(count(3)), GEMEENTEN, 'seed');
    expect(small.experiments[0].results.metrics[0].arms[0].stepCurve).toBe('<5');
    // without a curve (results made without requested days) a reviewer gets no step curve at all
    const bare = reportWithCounts(count(12));
    delete bare.experiments[0].results.metrics[0].arms[0].curve;
    const a2 = anonymiseReport(bare, GEMEENTEN, 'seed').experiments[0].results.metrics[0].arms[0];
    expect(a2.stepCurve).toBeUndefined();
  });

  it('coarsens: a curve day after the last follow-up (null) is no step', () => {
    const full = reportWithCounts(count(12));
    full.experiments[0].results.metrics[0].arms[0].curve = [
      { day: 0, value: 0, ci95: [0, 0] },
      { day: 15, value: 0.25, ci95: [0.125, 0.5] },
      { day: 30, value: null, ci95: null },
    ];
    const arm = anonymiseReport(full, GEMEENTEN, 'seed').experiments[0].results.metrics[0].arms[0];
    expect(arm.stepCurve).toEqual([
      { day: 0, value: 0, ci95: [0, 0] },
      { day: 15, value: 0.25, ci95: [0.125, 0.5] },
    ]);
  });

  it('shows the doorlooptijd per gemeente per arm by code, the median hidden on 1–4 people', () => {
    const anon = anonymiseReport(reportWithCounts(count(3)), GEMEENTEN, 'seed');
    const [g] = anon.experiments[0].results.doorlooptijd!.aanmeldingIntake.byGemeenteArm!;
    expect(g).toMatchObject({ gemeente: 'Gemeente A', arm: 'a', n: '<5', events: '<5', median: '<5' });
    expect(g.withinNorm).toEqual({ days: 28, share: '<5', ci95: '<5' });
    const big = anonymiseReport(reportWithCounts(count(12)), GEMEENTEN, 'seed');
    expect(big.experiments[0].results.doorlooptijd!.instroomGereed.byGemeenteArm![0]).toMatchObject({
      gemeente: 'Gemeente A',
      n: 12,
      median: 17,
      medianCi95: [12, 25],
    });
  });

  it('klantbeleving and later uitval: the row of all arms is their sum, so a `<5` of one arm is not left to be worked out', () => {
    const full = reportWithCounts(count(40));
    const bu = full.experiments[0].results.belevingUitval!;
    const group = (events: number, complete: number) => ({
      scored: count(complete),
      complete: count(complete),
      events: count(events),
      risk: events / complete,
      ci95: [0.05, 0.5] as [number, number],
    });
    const p = bu.phases[0];
    p.all = { ...p.all, arm: null, negative: group(10, 60), others: group(20, 80) };
    p.arms = [
      { ...p.all, arm: 'a', negative: group(3, 30), others: group(10, 40) },
      { ...p.all, arm: 'b', negative: group(7, 30), others: group(10, 40) },
    ];
    const anon = anonymiseReport(full, GEMEENTEN, 'seed').experiments[0].results.belevingUitval!.phases[0];
    expect(anon.arms[0].negative.events).toBe('<5');
    // 10 − 7 would give the 3 away: the 7 is concealed, and the risk built on it with it
    expect(anon.arms[1].negative.events).toBe('×');
    expect(anon.arms[1].negative.risk).toBe('<5');
    expect(anon.arms[1].riskRatio).toBe('<5');
    expect(anon.all.negative.events).toBe(10);
    expect(anon.arms[1].others.events).toBe(10);
  });

  it('uitval before a phase: hidden for an arm whose uitval by phase has a hidden cell (the difference of two phases would give it away)', () => {
    const full = reportWithCounts(count(40));
    const r = full.experiments[0].results;
    const phase = (name: string, n: number) => ({ phase: name, n: count(n), byReason: { afgewezen: count(n) } });
    r.uitvalByPhase = {
      arms: [
        { arm: 'a', enrolled: count(40), uitval: count(12), phases: [phase('intake', 12)] },
        { arm: 'b', enrolled: count(40), uitval: count(10), phases: [phase('aanmelding', 3), phase('intake', 7)] },
      ],
      byGemeente: [],
    };
    const s = r.beleving[0].survivorship!;
    s.arms = [
      { arm: 'a', enrolled: count(40), uitvalBefore: count(12), share: 0.3 },
      { arm: 'b', enrolled: count(40), uitvalBefore: count(10), share: 0.25 },
    ];
    const anon = anonymiseReport(full, GEMEENTEN, 'seed').experiments[0].results;
    expect(anon.uitvalByPhase!.arms[1].phases[0].n).toBe('<5');
    const sa = anon.beleving[0].survivorship!;
    expect(sa.arms.map((a) => [a.arm, a.enrolled, a.uitvalBefore, a.share])).toEqual([
      ['a', 40, 12, 0.3],
      ['b', 40, '×', '<5'],
    ]);
    expect(sa.difference).toBe('<5');
    expect(sa.differs).toBe(true);
    expect(anon.emotions[0].survivorship!.arms[1].uitvalBefore).toBe('×'); // the same arm in the emotions
  });
});
