import {
  belevingFinding,
  boundarySentence,
  comparisonFinding,
  findingSentence,
  formatChance,
  formatP,
  formatPValueNumber,
  lookText,
  looksTaken,
  TOO_FEW,
  type FindingInput,
} from './findings';

const base: FindingInput = {
  metric: 'gereed_voor_schuldregeling',
  followUpDays: 180,
  armName: 'Wekelijkse coaching',
  controlName: 'Gewone werkwijze',
  treatment: { complete: 100, events: 71 },
  control: { complete: 100, events: 58 },
  primary: true,
  pValue: 0.04,
  association: false,
};
const interim = { available: true as const, look: 2, plannedLooks: 4, crossed: false, z: 2.1, boundaryZ: 2.96 };

describe('p-values: two significant digits, decimal comma', () => {
  it.each([
    [0.015, 'p = 0,015'],
    [0.04, 'p = 0,040'],
    [0.41, 'p = 0,41'],
    [0.0995, 'p = 0,10'],
    [0.0012, 'p = 0,0012'],
    [1, 'p = 1,0'],
    [0.0004, 'p < 0,001'],
  ])('%s reads %s', (p, words) => expect(formatP(p)).toBe(words));

  it('never writes "p = < 0,001" and keeps "< 0,001" for a table cell', () => {
    expect(formatP(1e-9)).not.toContain('= <');
    expect(formatPValueNumber(1e-9)).toBe('< 0,001');
    expect(formatPValueNumber('<5')).toBe('<5');
    expect(formatPValueNumber(null)).toBe('–');
  });
});

describe('chances', () => {
  it.each([
    [0.9996, 'meer dan 99%'],
    [1, 'meer dan 99%'],
    [0.99, '99%'],
    [0.97, '97%'],
    [0.005, 'minder dan 1%'],
    [0, 'minder dan 1%'],
  ])('%s reads %s', (x, words) => expect(formatChance(x)).toBe(words));
});

describe('looks taken against looks planned', () => {
  it('counts one look per quarter from the start to the report date', () => {
    expect(looksTaken('2026-01-01', '2026-03-31')).toBe(1);
    expect(looksTaken('2026-01-15', '2026-06-30')).toBe(2);
    expect(looksTaken('2025-11-01', '2026-09-30')).toBe(4);
    expect(looksTaken('2026-07-01', '2026-03-31')).toBe(1); // never below 1
    expect(looksTaken(undefined, '2026-03-31')).toBeNull();
  });

  it('an experiment with a year to run is not at its last look', () => {
    // started 2026-04-01, ends 2027-06-30, four planned looks; report of 2026-09-30: look 2 of 4
    const look = looksTaken('2026-04-01', '2026-09-30')!;
    expect(lookText({ look, plannedLooks: 4 })).toBe('Tussenstand 2 van 4');
    expect(lookText({ look: 5, plannedLooks: 4 })).toBe('Tussenstand 5 (er waren 4 gepland)');
    // more looks than planned while the experiment runs: still an interim look
    const late = { available: true as const, look: 6, plannedLooks: 4, crossed: false, interim: true };
    expect(boundarySentence(late)).toMatch(/^Tussenstand 6 \(er waren 4 gepland\): .*het experiment loopt nog\.$/);
    expect(findingSentence({ ...base, sequential: late })).toContain('nog niet zeker: het experiment loopt nog');
  });

  it('says whether the boundary was crossed, and at an interim look that the experiment runs on', () => {
    expect(boundarySentence(interim)).toMatch(/^Tussenstand 2 van 4: .*niet.*het experiment loopt nog\.$/);
    expect(boundarySentence({ ...interim, crossed: true, z: 3.2 })).toContain('waarschijnlijk geen toeval');
    expect(boundarySentence({ available: false, reason: 'Geen plan.' })).toBe('Geen plan.');
  });
});

describe('the sentence of a comparison', () => {
  it('primary at an interim look: p < 0,05 without crossing the boundary is not yet sure', () => {
    const s = findingSentence({ ...base, sequential: interim });
    expect(s).toBe(
      'Van de deelnemers met wekelijkse coaching was 71% binnen 180 dagen gereed voor schuldregeling, tegen 58% bij gewone werkwijze. Dat verschil is nog niet zeker: het experiment loopt nog (p = 0,040; bij een tussenstand geldt een strengere grens, die is niet gehaald).',
    );
    expect(s).not.toContain('geen toeval');
  });

  it('primary with the boundary crossed: probably no chance', () => {
    const s = findingSentence({ ...base, pValue: 0.0004, sequential: { ...interim, crossed: true } });
    expect(s).toContain('Dat verschil is waarschijnlijk geen toeval (p < 0,001; ook de strenge grens');
  });

  it('primary without a planned boundary while the experiment runs: not yet sure', () => {
    expect(findingSentence({ ...base, running: true })).toContain(
      'nog niet zeker: het experiment loopt nog (p = 0,040)',
    );
    expect(findingSentence({ ...base, running: false })).toContain('waarschijnlijk geen toeval (p = 0,040)');
  });

  it('a large p is chance, whatever the look', () => {
    expect(findingSentence({ ...base, pValue: 0.3, sequential: interim })).toContain('kan goed toeval zijn (p = 0,30)');
  });

  it('secondary: judged on the Holm-adjusted p-value', () => {
    const s = findingSentence({ ...base, primary: false, metric: 'uitval', pValue: 0.015, holmPValue: 0.045 });
    expect(s).toContain('uitgevallen');
    expect(s).toContain('waarschijnlijk geen toeval (p = 0,045, gecorrigeerd voor meerdere uitkomsten)');
    const t = findingSentence({ ...base, primary: false, pValue: 0.015, holmPValue: 0.06 });
    expect(t).toContain('kan goed toeval zijn (p = 0,060, gecorrigeerd voor meerdere uitkomsten)');
  });

  it('too few complete participants, or a suppressed count, gives no difference', () => {
    expect(findingSentence({ ...base, control: { complete: 19, events: 10 } })).toBe(TOO_FEW);
    expect(findingSentence({ ...base, control: { complete: '<5', events: '<5' } })).toBe(TOO_FEW);
  });

  it('quotes no percentage built on a suppressed count', () => {
    const s = findingSentence({ ...base, treatment: { complete: 40, events: '<5', rate: '<5' } });
    expect(s).toContain('minder dan 5 deelnemers');
    expect(s).not.toMatch(/was \d+%/);
  });

  it('a samenhang design says so when the difference is probably real', () => {
    const s = findingSentence({ ...base, pValue: 0.001, association: true, running: false });
    expect(s).toContain('samenhang, geen bewijs');
  });

  it('comparisonFinding reads a results object (full or a reviewer view) the same way', () => {
    const s = comparisonFinding(
      { label: 'effect', running: true, guards: { sequential: interim } },
      {
        metric: 'gereed_voor_schuldregeling',
        followUpDays: 180,
        primary: true,
        arms: [
          { arm: 'coaching', complete: 100, events: 71, rate: 0.71 },
          { arm: 'controle', complete: 100, events: 58, rate: 0.58 },
        ],
      },
      { arm: 'coaching', vs: 'controle', fisherPValue: 0.04 },
      (k) => (k === 'coaching' ? 'Wekelijkse coaching' : 'Gewone werkwijze'),
    );
    expect(s).toBe(findingSentence({ ...base, sequential: interim, running: true }));
  });
});

describe('klantbeleving in words', () => {
  const b = {
    phase: 'intake',
    item: 'rapportcijfer',
    arms: [
      { arm: 'coaching', n: 40, mean: 7.44 },
      { arm: 'controle', n: 38, mean: 6.9 },
    ],
    comparisons: [{ arm: 'coaching', vs: 'controle', meanDifference: 0.54, welchPValue: 0.21 }],
  };
  const name = (k: string) => (k === 'coaching' ? 'Coaching' : 'Gewone werkwijze');
  it('says the mean per group with a decimal comma and whether it could be chance', () => {
    expect(belevingFinding(b, b.comparisons[0], name, 'Intake')).toBe(
      'In de fase intake gaven deelnemers met coaching gemiddeld een 7,4, tegen 6,9 bij gewone werkwijze. Dat verschil kan goed toeval zijn (p = 0,21).',
    );
  });
  it('says nothing about a difference with fewer than 20 scores in a group', () => {
    const few = { ...b, arms: [b.arms[0], { arm: 'controle', n: '<5', mean: '<5' }] };
    expect(belevingFinding(few, b.comparisons[0], name, 'Intake')).toBe(
      'In de fase intake: er zijn nog te weinig deelnemers om een verschil te kunnen zien.',
    );
  });
});
