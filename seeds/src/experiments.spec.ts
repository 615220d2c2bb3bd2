import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateExperimentDefinition } from '@living-lab/domain';

const dir = join(__dirname, '..', '..', 'experiments');
const load = (file: string) => parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;

describe('experiments/*.yaml', () => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  it('holds the three demo experiments', () => {
    expect(files).toEqual(['jumbo-bon-intake.yaml', 'klantkaarten.yaml', 'wekelijkse-coaching.yaml']);
  });

  it.each(files)('%s is a valid definition whose key matches its file name', (file) => {
    const def = load(file);
    expect(validateExperimentDefinition(def)).toEqual([]);
    expect(`${String(def.key)}.yaml`).toBe(file);
    expect(['draft', 'running']).toContain(def.status);
  });

  it('wekelijkse-coaching is written as agreed', () => {
    expect(load('wekelijkse-coaching.yaml')).toMatchObject({
      design: 'individual_randomized',
      allocation: 'platform',
      randomization: 'hash',
      interventionPhase: 'overzicht',
      arms: [
        { key: 'controle', weight: 1, control: true },
        { key: 'coaching', weight: 1 },
      ],
      primaryMetric: 'gereed_voor_schuldregeling',
      secondaryMetrics: ['uitval', 'akkoord_schuldregeling', 'rapportcijfer'],
      followUpDays: 180,
      expectedBaseline: 0.35,
      minimumEffect: 0.1,
      plannedLooks: 4,
      armCost: { controle: 6, coaching: 14 },
      delivery: { coaching: { kind: 'coachingsgesprek_gehouden', label: 'Coachingsgesprek gehouden', expected: 6 } },
      status: 'running',
      start: '2025-07-01',
      end: '2027-06-30',
      gemeenten: ['lindewaard', 'veenhoven', 'oosterkamp', 'brederwijk', 'hoogdijk', 'maasbergen'],
    });
  });

  it('jumbo-bon-intake runs in part of the gemeenten; klantkaarten is an external, non-randomised draft', () => {
    const jumbo = load('jumbo-bon-intake.yaml');
    expect(jumbo).toMatchObject({
      design: 'individual_randomized',
      allocation: 'platform',
      randomization: 'hash',
      interventionPhase: 'intake',
      status: 'running',
      primaryMetric: 'gereed_voor_schuldregeling',
    });
    expect((jumbo.arms as { key: string }[]).map((a) => a.key)).toEqual(['controle', 'jumbo_bon']);
    expect((jumbo.gemeenten as string[]).length).toBeLessThan(6);
    expect(load('klantkaarten.yaml')).toMatchObject({
      design: 'concurrent_control',
      allocation: 'external',
      interventionPhase: 'overzicht',
      status: 'draft',
    });
  });
});
