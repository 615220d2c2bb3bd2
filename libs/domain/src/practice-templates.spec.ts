import { validateExperimentDefinition } from './experiment-definition';
import { definitionFromTemplate, PRACTICE_TEMPLATES, practiceTemplate } from './practice-templates';

describe('practice templates', () => {
  it('names the practices of the study, each once', () => {
    expect(PRACTICE_TEMPLATES.map((t) => t.id)).toEqual([
      'wekelijkse-coaching',
      'boodschappenbon-intake',
      'klantkaarten',
      'huisbezoek-intake',
      'trajectregisseur',
      'pauzeknop',
    ]);
  });

  it('gives a valid definition for one gemeente for every template', () => {
    for (const t of PRACTICE_TEMPLATES) {
      const d = definitionFromTemplate(t, { gemeente: 'lindewaard', start: '2027-01-01', end: '2027-12-31' });
      expect(validateExperimentDefinition(d)).toEqual([]);
      expect(d.key).toBe(`${t.id}-lindewaard`);
      expect(d.gemeenten).toEqual(['lindewaard']);
      expect(d.arms.filter((a) => a.control)).toHaveLength(1);
    }
  });

  it('does not share arrays between the template and a definition made from it', () => {
    const t = practiceTemplate('pauzeknop')!;
    const d = definitionFromTemplate(t, { gemeente: 'veenhoven', key: 'mijn-pauzeknop' });
    d.arms[1].name = 'veranderd';
    d.secondaryMetrics.push('tempo');
    expect(t.arms[1].name).toBe('Met pauzeknop voor schuldeisers');
    expect(t.secondaryMetrics).not.toContain('tempo');
    expect(d.key).toBe('mijn-pauzeknop');
    expect(d.start).toBeUndefined();
  });
});
