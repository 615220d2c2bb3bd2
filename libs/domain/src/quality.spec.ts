import { belevingQuality, incidenceQuality, outcomeQuality, registrationCompleteness, sectorQuality } from './quality';

describe('the data-quality line under every figure', () => {
  it('an outcome: source tag and complete follow-up out of the enrolled', () => {
    expect(
      outcomeQuality(
        [
          { enrolled: 250, complete: 200 },
          { enrolled: 250, complete: 212 },
        ],
        180,
      ),
    ).toBe(
      'Herkomst: bron (geteld uit de gegevens per deelnemer). Volledig gevolgd: 412 van 500 ingeschreven deelnemers (82%); de anderen zijn nog geen 180 dagen in beeld en tellen nog niet mee.',
    );
    expect(outcomeQuality([{ enrolled: 1200, complete: 1200 }], 180)).toContain('1.200 van 1.200');
  });

  it('never sums a hidden count', () => {
    expect(outcomeQuality([{ enrolled: '<5', complete: '<5' }], 180)).toContain('niet te tonen');
    expect(incidenceQuality([{ enrolled: '<5', complete: 0 }])).not.toMatch(/\d/);
  });

  it('klantbeleving: per phase how many enrolled participants were measured', () => {
    expect(
      belevingQuality(
        [
          { phase: 'aanmelding', measured: 300 },
          { phase: 'intake', measured: '<5' },
        ],
        500,
      ),
    ).toMatch(/Gemeten bij een deel van de 500 ingeschreven deelnemers: aanmelding 60%, intake minder dan 5\.$/);
  });

  it('the sector: the make-up by source tag, and the completeness of registration', () => {
    const steps = [
      { byTag: { bron: 60, samengesteld: 25, schatting: 5, deelnemers: 10 } },
      { byTag: { bron: 0, samengesteld: 0, schatting: 0, deelnemers: 0 } },
    ];
    expect(sectorQuality(steps, 91.4)).toBe(
      'Herkomst van de aantallen: bron 60%, samengesteld 25%, schatting 5%, geteld uit de gegevens per deelnemer 10%. Kwaliteit van de registratie: gemiddeld 91 van 100 punten per gemeente.',
    );
    expect(sectorQuality([{ byTag: '<5' }], null)).toContain('nog niet bekend');
    expect(sectorQuality(steps, null, 'participants')).toBe(
      'Herkomst: bron (geteld uit de gegevens per deelnemer). Eigen totalen van gemeenten (tabel Herkomst): bron 67%, samengesteld 28%, schatting 6%.',
    );
    expect(sectorQuality([{ byTag: { deelnemers: 40 } }], null, 'participants')).toContain(
      'Geen gemeente leverde eigen totalen aan.',
    );
    expect(
      registrationCompleteness([{ completenessScore: 80 }, { completenessScore: 100 }, { completenessScore: '<5' }]),
    ).toBe(90);
    expect(registrationCompleteness('<5')).toBeNull();
  });
});
