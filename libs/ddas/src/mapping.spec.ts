import type { PseudonymisedTrajectory } from './converted';
import { factsOfTrajectory, trajectoryStart } from './mapping';

/**
 * ddas-mapping.md §3, one test per row of the table, each expectation worked out by hand from the
 * row: which milestone, which reason, on which date.
 */
const base: PseudonymisedTrajectory = {
  deelnemer: 'D-ABCDEFGHIJKLMNOP',
  gemeentecode: 'GM0001',
  startdatum: '2024-01-10',
};
type Intake = NonNullable<PseudonymisedTrajectory['intake']>;
type Uitstroom = NonNullable<PseudonymisedTrajectory['uitstroom']>;
type Reden = NonNullable<Uitstroom['reden']>;
const facts = (t: Partial<PseudonymisedTrajectory>, later = false) => factsOfTrajectory({ ...base, ...t }, { later });
const milestones = (t: Partial<PseudonymisedTrajectory>, later = false) =>
  facts(t, later).milestones.map((m) => [m.milestone, m.occurredOn, m.reason]);

describe('factsOfTrajectory (ddas-mapping.md §3)', () => {
  it('aanmelding.startdatum → aanmelding on that date; without aanmelding the trajectory startdatum', () => {
    expect(milestones({ aanmelding: { startdatum: '2024-01-01', einddatum: '2024-01-15' } })).toEqual([
      ['aanmelding', '2024-01-01', null],
    ]);
    expect(milestones({})).toEqual([['aanmelding', '2024-01-10', null]]);
    expect(trajectoryStart({ startdatum: '2024-01-10', aanmelding: { startdatum: '2024-01-01' } })).toBe('2024-01-01');
  });

  it('a later trajectory of the same code: heraanmelding instead of aanmelding', () => {
    expect(milestones({ aanmelding: { startdatum: '2025-03-01' } }, true)).toEqual([
      ['heraanmelding', '2025-03-01', null],
    ]);
  });

  it('crisisinterventie true or any crisisinterventies[] → segment crisis', () => {
    expect(facts({ aanmelding: { startdatum: '2024-01-01', crisisinterventie: true } }).crisis).toBe(true);
    expect(facts({ aanmelding: { startdatum: '2024-01-01', crisisinterventie: false } }).crisis).toBe(false);
    expect(facts({ crisisinterventies: [{ startdatum: '2024-01-02' }] }).crisis).toBe(true);
    expect(facts({ crisisinterventies: [] }).crisis).toBe(false);
  });

  it('intake.startdatum → intake on that date', () => {
    expect(milestones({ intake: { startdatum: '2024-01-20', beschikkingssoort: 'Toelatingsbeschikking' } })).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['intake', '2024-01-20', null],
    ]);
  });

  it('Afwijzingsbeschikking → uitval afgewezen on beschikkingsdatum, which leads over einddatum', () => {
    const intake: Intake = {
      startdatum: '2024-01-20',
      einddatum: '2024-02-03',
      beschikkingssoort: 'Afwijzingsbeschikking',
    };
    expect(milestones({ intake: { ...intake, beschikkingsdatum: '2024-02-01' } })).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['intake', '2024-01-20', null],
      ['uitval', '2024-02-01', 'afgewezen'],
    ]);
    expect(milestones({ intake })).toContainEqual(['uitval', '2024-02-03', 'afgewezen']);
  });

  it('informatieEnAdvies without stabilisatie → informatie_advies on its startdatum; with stabilisatie nothing', () => {
    expect(milestones({ informatieEnAdvies: { startdatum: '2024-01-12', einddatum: '2024-02-01' } })).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['informatie_advies', '2024-01-12', null],
    ]);
    expect(
      milestones({ informatieEnAdvies: { startdatum: '2024-01-12' }, stabilisatie: { startdatum: '2024-02-01' } }),
    ).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['instroom_stabilisatie', '2024-02-01', null],
    ]);
  });

  it('stabilisatie.startdatum → instroom_stabilisatie', () => {
    expect(milestones({ stabilisatie: { startdatum: '2024-03-01' } })).toContainEqual([
      'instroom_stabilisatie',
      '2024-03-01',
      null,
    ]);
  });

  it('schuldregeling.datum → gereed on stabilisatie.einddatum when present, else on schuldregeling.datum', () => {
    expect(
      milestones({
        stabilisatie: { startdatum: '2024-03-01', einddatum: '2024-05-20' },
        schuldregeling: { datum: '2024-06-01' },
      }),
    ).toContainEqual(['gereed_voor_schuldregeling', '2024-05-20', null]);
    expect(milestones({ schuldregeling: { datum: '2024-06-01' } })).toContainEqual([
      'gereed_voor_schuldregeling',
      '2024-06-01',
      null,
    ]);
    expect(milestones({ schuldregeling: { toegekend: '2024-06-20' } }).map((m) => m[0])).not.toContain(
      'gereed_voor_schuldregeling',
    );
  });

  it('schuldregeling.toegekend → akkoord_schuldregeling on that date', () => {
    expect(milestones({ schuldregeling: { datum: '2024-06-01', toegekend: '2024-06-20' } })).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['gereed_voor_schuldregeling', '2024-06-01', null],
      ['akkoord_schuldregeling', '2024-06-20', null],
    ]);
  });

  it('begeleiding DFD → langdurige_stabilisatie on its startdatum; every begeleiding is kept as support', () => {
    const f = facts({
      begeleiding: [
        { soort: 'Lange Termijn Begeleiding (DFD)', startdatum: '2024-04-01' },
        { soort: 'Budgetbeheer', startdatum: '2024-02-01', einddatum: '2024-11-30' },
      ],
    });
    expect(f.milestones.map((m) => [m.milestone, m.occurredOn])).toEqual([
      ['aanmelding', '2024-01-10'],
      ['langdurige_stabilisatie', '2024-04-01'],
    ]);
    expect(f.support).toEqual([
      { kind: 'lange_termijn_begeleiding', startedOn: '2024-04-01', endedOn: null },
      { kind: 'budgetbeheer', startedOn: '2024-02-01', endedOn: '2024-11-30' },
    ]);
  });

  it('Afgerond with an oplossing → succesvol_afgerond on uitstroom.datum; without an oplossing no end', () => {
    const uitstroom: Uitstroom = { datum: '2024-11-30', reden: 'Afgerond' };
    expect(milestones({ uitstroom, oplossing: { soort: 'Herfinanciering', startdatum: '2024-06-01' } })).toContainEqual(
      ['succesvol_afgerond', '2024-11-30', null],
    );
    expect(milestones({ uitstroom })).toEqual([['aanmelding', '2024-01-10', null]]);
  });

  it('Nietverschenen → no_show without an intake, else uitval niet_verschenen', () => {
    const uitstroom: Uitstroom = { datum: '2024-02-01', reden: 'Nietverschenen' };
    expect(milestones({ uitstroom })).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['no_show', '2024-02-01', null],
    ]);
    expect(milestones({ uitstroom, intake: { startdatum: '2024-01-20' } })).toContainEqual([
      'uitval',
      '2024-02-01',
      'niet_verschenen',
    ]);
  });

  it('Ingetrokken or Zelf → uitval zelf_ingetrokken on uitstroom.datum', () => {
    for (const reden of ['Ingetrokken', 'Zelf'] satisfies Reden[])
      expect(milestones({ uitstroom: { datum: '2024-03-03', reden } })).toContainEqual([
        'uitval',
        '2024-03-03',
        'zelf_ingetrokken',
      ]);
  });

  it('Voldoet niet → uitval niet_in_aanmerking', () => {
    expect(milestones({ uitstroom: { datum: '2024-03-04', reden: 'Voldoet niet' } })).toContainEqual([
      'uitval',
      '2024-03-04',
      'niet_in_aanmerking',
    ]);
  });

  it('Niet passend → andere_oplossing', () => {
    expect(milestones({ uitstroom: { datum: '2024-03-05', reden: 'Niet passend' } })).toContainEqual([
      'andere_oplossing',
      '2024-03-05',
      null,
    ]);
  });

  it('Overleden, Verhuisd or Overig → andere_uitstroom (cause 3), dated by uitstroom.datum, else the beschikking or einddatum', () => {
    for (const reden of ['Overleden', 'Verhuisd', 'Overig'] satisfies Reden[])
      expect(milestones({ uitstroom: { datum: '2024-03-06', reden } })).toContainEqual([
        'andere_uitstroom',
        '2024-03-06',
        null,
      ]);
    expect(milestones({ uitstroom: { datumBeeindigingsbeschikking: '2024-03-07', reden: 'Verhuisd' } })).toContainEqual(
      ['andere_uitstroom', '2024-03-07', null],
    );
    expect(milestones({ einddatum: '2024-03-08', uitstroom: { reden: 'Overig' } })).toContainEqual([
      'andere_uitstroom',
      '2024-03-08',
      null,
    ]);
  });

  it('an uitval after gereed leaves gereed; of two uitval the first stays', () => {
    expect(
      milestones({
        intake: {
          startdatum: '2024-01-20',
          beschikkingssoort: 'Afwijzingsbeschikking',
          beschikkingsdatum: '2024-02-01',
        },
        schuldregeling: { datum: '2024-01-30' },
        uitstroom: { datum: '2024-03-01', reden: 'Ingetrokken' },
      }),
    ).toEqual([
      ['aanmelding', '2024-01-10', null],
      ['intake', '2024-01-20', null],
      ['gereed_voor_schuldregeling', '2024-01-30', null],
      ['uitval', '2024-02-01', 'afgewezen'],
    ]);
  });

  it('debt at start in whole euros and debts per kind (count and total)', () => {
    const f = facts({
      totaalSchuldbedragBijAanvangSchuld: 10000.5,
      schulden: [
        { schuldsoort: 'Zorg', aantal: 2, bedrag: 1234 },
        { schuldsoort: 'Publiek', aantal: 1, bedrag: 500 },
      ],
    });
    expect(f.debtAtStart).toBe(10001);
    expect(f.debts).toEqual([
      { kind: 'publiek', debts: 1, total: 500 },
      { kind: 'zorg', debts: 2, total: 1234 },
    ]);
    expect(facts({}).debtAtStart).toBeNull();
  });

  it('the enkelvoudigVoorbeeld trajectory as a whole', () => {
    // Worked out by hand from ../ref/ddas-v1.0/enkelvoudigVoorbeeld.json (client replaced by a code).
    const f = factsOfTrajectory({
      deelnemer: 'D-ABCDEFGHIJKLMNOP',
      gemeentecode: 'GM001',
      einddatum: '2024-12-31',
      startdatum: '2024-01-10',
      toekenningsdatum: '2024-01-05',
      totaalSchuldbedragBijAanvangSchuld: 10000,
      aanmelding: { crisisinterventie: true, einddatum: '2024-01-15', startdatum: '2024-01-01' },
      begeleiding: [{ einddatum: '2024-11-30', soort: 'Budgetbeheer', startdatum: '2024-02-01' }],
      schuldregeling: { datum: '2024-06-01', toegekend: '2024-06-20' },
    } as PseudonymisedTrajectory);
    expect(f).toEqual({
      participant: 'D-ABCDEFGHIJKLMNOP',
      startedOn: '2024-01-01',
      endedOn: '2024-12-31',
      milestones: [
        { milestone: 'aanmelding', occurredOn: '2024-01-01', reason: null },
        { milestone: 'gereed_voor_schuldregeling', occurredOn: '2024-06-01', reason: null },
        { milestone: 'akkoord_schuldregeling', occurredOn: '2024-06-20', reason: null },
      ],
      crisis: true,
      support: [{ kind: 'budgetbeheer', startedOn: '2024-02-01', endedOn: '2024-11-30' }],
      debtAtStart: 10000,
      debts: [],
    });
  });
});
