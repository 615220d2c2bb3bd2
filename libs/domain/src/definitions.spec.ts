import {
  begrippen,
  BEGRIP_GROUPS,
  definitionOf,
  METRIC_DEFINITIONS,
  PHASE_DEFINITIONS,
  RATIO_DEFINITIONS,
} from './definitions';
import { METRICS, MILESTONES, PHASES } from './vocabulary';

describe('Begrippen: every word of the vocabulary defined once', () => {
  it('defines every milestone and metric of the vocabulary, and nothing else', () => {
    expect(Object.keys(METRIC_DEFINITIONS).sort()).toEqual([...METRICS].sort());
    for (const m of MILESTONES) expect(definitionOf(m)?.text).toMatch(/\w{3,}.*\.$/);
  });

  it('defines every klantbeleving phase and the three sector ratios', () => {
    expect(Object.keys(PHASE_DEFINITIONS)).toEqual([...PHASES]);
    expect(Object.keys(RATIO_DEFINITIONS).sort()).toEqual([
      'akkoordPerGereed',
      'gereedPerInstroom',
      'intakePerAanmelding',
    ]);
    for (const p of PHASES) expect(definitionOf(`fase.${p}`)).toBeDefined();
  });

  it('holds the lab’s own terms: follow-up window, intention to treat, uitval, gereed', () => {
    expect(definitionOf('begrip.volgduur')?.text).toMatch(/binnen de volgduur/);
    expect(definitionOf('begrip.intention_to_treat')?.text).toMatch(/groep waarin/);
    expect(definitionOf('uitval')?.text).toMatch(/afgewezen/);
    expect(definitionOf('gereed_voor_schuldregeling')?.source).toBe('studie');
  });

  it('gives each definition one key, a group of the page, and plain sentences (no codes)', () => {
    const all = begrippen();
    expect(new Set(all.map((b) => b.key)).size).toBe(all.length);
    const groups = new Set<string>(BEGRIP_GROUPS.map((g) => g.key));
    for (const b of all) {
      expect(groups.has(b.group)).toBe(true);
      expect(b.term).toMatch(/^[A-Z0-9]/);
      expect(b.text).toMatch(/^[A-Z].*[.?]$/s);
      expect(b.text).not.toMatch(/\b[a-z]+_[a-z_]+\b/); // no raw codes like financiele_stabiliteit
    }
  });
});
