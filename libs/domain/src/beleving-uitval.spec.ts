import {
  ASSOCIATION_ONLY,
  belevingUitvalSentence,
  isNegativeScore,
  milestonesReaching,
  survivorshipDifference,
  survivorshipSentence,
} from './beleving-uitval';
import { definitionOf } from './definitions';
import { EMOTIONS, NEGATIVE_EMOTIONS } from './vocabulary';

describe('klantbeleving and later uitval: the rules (issue 14)', () => {
  it('calls a score negative by a negative emotion or a rapportcijfer below 6; neither is not classified', () => {
    expect(NEGATIVE_EMOTIONS.every((e) => (EMOTIONS as readonly string[]).includes(e))).toBe(true);
    expect(isNegativeScore({ emotie: 'angst', rapportcijfer: 8 })).toBe(true);
    expect(isNegativeScore({ emotie: 'moedeloos' })).toBe(true);
    expect(isNegativeScore({ emotie: 'frustratie', rapportcijfer: null })).toBe(true);
    expect(isNegativeScore({ emotie: 'hoopvol', rapportcijfer: 5 })).toBe(true);
    expect(isNegativeScore({ rapportcijfer: 6 })).toBe(false);
    expect(isNegativeScore({ emotie: 'rust' })).toBe(false);
    expect(isNegativeScore({ emotie: 'hoopvol', rapportcijfer: 6 })).toBe(false);
    expect(isNegativeScore({})).toBeNull();
  });

  it('reaches a phase by its opening milestone or any later one', () => {
    expect(milestonesReaching('financiele_stabiliteit')).toEqual([
      'financieel_stabiel',
      'gereed_voor_schuldregeling',
      'akkoord_schuldregeling',
    ]);
    expect(milestonesReaching('overzicht')).toContain('langdurige_stabilisatie');
    expect(milestonesReaching('optimalisatie')).not.toContain('langdurige_stabilisatie');
    expect(milestonesReaching('aanmelding')).toEqual(expect.arrayContaining(['aanmelding', 'no_show', 'intake']));
  });

  it('says the arms’ uitval before a phase differs from 5 percentage points on', () => {
    expect(survivorshipDifference([0.15, 0.1])).toEqual({ difference: expect.closeTo(0.05, 12), differs: true });
    expect(survivorshipDifference([0.149, 0.1]).differs).toBe(false);
    expect(survivorshipDifference([0.2, 0.1, 0.12])).toEqual({ difference: expect.closeTo(0.1, 12), differs: true });
    expect(survivorshipDifference([0.2, null])).toEqual({ difference: null, differs: false });
    expect(survivorshipSentence('optimalisatie')).toMatch(/^Let op: in de fase optimalisatie .* nog meededen\./);
  });

  it('words every finding as samenhang, never as an effect', () => {
    const row = {
      negative: { complete: 120, risk: 0.3 },
      others: { complete: 200, risk: 0.15 },
      riskRatio: 2,
      riskRatioCi: [1.38, 2.9] as [number, number],
      fisherPValue: 0.0012,
    };
    const s = belevingUitvalSentence(row, 'overzicht', 180);
    expect(s).toBe(
      'In de fase overzicht viel van de deelnemers met een negatieve beleving 30% uit binnen 180 dagen na de meting, tegen 15% van de anderen (relatief risico 2,00; 95%-interval 1,38 tot 2,90). Dat verschil is waarschijnlijk geen toeval (p = 0,0012). Dit is een samenhang, geen bewijs dat het een het ander veroorzaakt.',
    );
    const few = belevingUitvalSentence({ ...row, others: { complete: 19, risk: 0.1 } }, 'intake', 180, 'Coaching');
    expect(few).toMatch(/^In de fase intake, in de groep coaching, zijn nog te weinig deelnemers/);
    for (const x of [s, few]) {
      expect(x.endsWith(ASSOCIATION_ONLY)).toBe(true);
      expect(x).not.toMatch(/effect|doordat|zorgt/i);
    }
    expect(definitionOf('begrip.uitval_na_beleving')?.text).toContain('samenhang');
  });
});
