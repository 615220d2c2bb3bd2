import { count } from './results';
import { SUPPRESSED } from './report';
import { WARNING_TEMPLATES, formatWarning, warning, type WarningCode } from './warnings';

describe('formatWarning', () => {
  it('makes the sentences the results and the monitoring gave before warnings were coded', () => {
    expect(formatWarning(warning('results.srm_mismatch', { pValue: 0.00012 }))).toBe(
      'De verdeling over de groepen wijkt meer af dan toeval verklaart (p = 0,0001). Controleer de inschrijving voordat u de uitkomsten gebruikt.',
    );
    expect(formatWarning(warning('results.arm_small', { arm: 'coaching', complete: count(3), minimum: 20 }))).toBe(
      'Groep coaching heeft pas 3 deelnemers die de hele volgduur gevolgd zijn (minder dan 20): de uitkomst is nog erg onzeker.',
    );
    expect(formatWarning(warning('results.arm_waiting', { arm: 'coaching', waiting: count(2), days: 180 }))).toBe(
      'In groep coaching zijn 2 deelnemers korter dan 180 dagen geleden ingeschreven; zij tellen nog niet mee in de percentages, wel in de lijnen over de tijd.',
    );
    expect(formatWarning(warning('results.strata_excluded', { arm: 'coaching', gemeenten: count(2) }))).toBe(
      '2 gemeente(n) tellen niet mee in de gecombineerde schatting voor coaching, omdat een groep daar niemand heeft die de hele volgduur gevolgd is.',
    );
    expect(formatWarning(warning('monitoring.srm_mismatch', { pValue: 0.00012 }))).toBe(
      'De verdeling over de groepen wijkt af van de bedoelde verhouding (p = 0,00012). Controleer de inschrijving.',
    );
    expect(
      formatWarning(
        warning('monitoring.stratum_drift', {
          stratum: 'almere',
          gemeente: 'almere',
          arms: [
            { arm: 'coaching', n: count(3) },
            { arm: 'controle', n: count(12) },
          ],
        }),
      ),
    ).toBe('In almere wijken de groepen meer af dan een blok groot is (coaching 3, controle 12).');
  });

  it('writes a suppressed count as <5', () => {
    expect(
      formatWarning({ code: 'results.arm_small', params: { arm: 'coaching', complete: SUPPRESSED, minimum: 20 } }),
    ).toBe(
      'Groep coaching heeft pas <5 deelnemers die de hele volgduur gevolgd zijn (minder dan 20): de uitkomst is nog erg onzeker.',
    );
  });

  it('has a sentence for every code, without an unfilled placeholder', () => {
    for (const code of Object.keys(WARNING_TEMPLATES) as WarningCode[]) {
      const text = WARNING_TEMPLATES[code]({
        arm: 'a',
        days: 180,
        complete: 7,
        minimum: 20,
        waiting: 7,
        gemeenten: 7,
        pValue: 0.5,
        stratum: 's',
        gemeente: 'g',
        arms: [{ arm: 'a', n: 7 }],
      } as never);
      expect(text).toMatch(/^[A-Z0-9].*\.$/);
      expect(text).not.toMatch(/undefined|NaN|\{/);
    }
  });
});
