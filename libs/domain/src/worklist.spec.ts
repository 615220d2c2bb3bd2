import { validateExperimentDefinition } from './experiment-definition';
import { dutchDate, PHASE_OPENINGS, worklistText } from './worklist';

describe('worklist rules and words', () => {
  it('takes the phase openings from PHASE_REACHED_BY, in journey order', () => {
    expect(PHASE_OPENINGS.map((p) => `${p.phase}:${p.milestone}`)).toEqual([
      'aanmelding:aanmelding',
      'intake:intake',
      'overzicht:instroom_stabilisatie',
      'optimalisatie:overzicht_gereed',
      'financiele_stabiliteit:financieel_stabiel',
    ]);
  });

  it('writes dates as dd-mm-jjjj and one day as "dag"', () => {
    expect(dutchDate('2026-03-07')).toBe('07-03-2026');
    expect(
      worklistText({
        gemeente: 'g',
        participantRef: 'P',
        reason: 'klantlink_onbeantwoord',
        since: '2026-03-07',
        days: 1,
        limitDays: 14,
        phase: 'overzicht',
      }),
    ).toBe(
      'De klantlink voor de fase overzicht is op 07-03-2026 gemaakt en na 1 dag nog niet ingevuld (wij verwachten een antwoord binnen 14 dagen).',
    );
  });

  it('validates expectedPaceDays: optional, a whole number of 1 to 1095', () => {
    const base = {
      key: 'x',
      title: 'X',
      hypothesis: 'H',
      interventionPhase: 'overzicht',
      design: 'individual_randomized',
      arms: [
        { key: 'a', name: 'A', weight: 1, control: true },
        { key: 'b', name: 'B', weight: 1 },
      ],
      primaryMetric: 'uitval',
      gemeenten: ['g'],
    };
    const fields = (v: unknown) => validateExperimentDefinition({ ...base, expectedPaceDays: v }).map((p) => p.field);
    expect(validateExperimentDefinition(base)).toEqual([]);
    expect(fields(30)).toEqual([]);
    for (const bad of [0, 1096, 2.5, '30', null]) expect(fields(bad)).toContain('expectedPaceDays');
  });
});
