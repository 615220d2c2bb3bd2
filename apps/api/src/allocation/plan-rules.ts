import { createHash } from 'node:crypto';
import { canonicalJson, PLAN_FIELDS, type ExperimentDefinition } from '@living-lab/domain';
import type { FieldProblem } from '../common/problems';

export type Plan = Record<string, unknown>;

/** The plan of a definition: plan fields only, gemeenten sorted (their order means nothing). */
export function planOf(d: ExperimentDefinition | Record<string, unknown>): Plan {
  const src = d as Record<string, unknown>;
  const plan: Plan = {};
  for (const f of PLAN_FIELDS) if (src[f] !== undefined && src[f] !== null) plan[f] = src[f];
  if (Array.isArray(plan.gemeenten)) plan.gemeenten = [...(plan.gemeenten as string[])].sort();
  if (Array.isArray(plan.arms))
    plan.arms = (plan.arms as { key: string; name: string; weight: number; control?: boolean }[]).map((a) => ({
      key: a.key,
      name: a.name,
      weight: a.weight,
      control: a.control === true,
    }));
  return plan;
}

/** SHA-256 of the canonical JSON of the plan (keys sorted at every level): stable across processes and key order. */
export function planHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

/** Field → {before, after} for every plan field that differs. */
export function planChanges(before: Plan, after: Plan): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const f of PLAN_FIELDS) {
    if (canonicalJson(before[f]) !== canonicalJson(after[f]))
      out[f] = { before: before[f] ?? null, after: after[f] ?? null };
  }
  return out;
}

/** Designs whose allocation is generated at start from the plan: their allocation fields are frozen. */
export function generatesAllocation(p: { design: string; allocation: string; randomization: string }): boolean {
  if (p.allocation !== 'platform') return false;
  return p.design === 'individual_randomized'
    ? p.randomization === 'permuted_blocks'
    : ['cluster_randomized', 'stepped_wedge', 'historical_control'].includes(p.design);
}

/**
 * What may not change after start (issue 5): design, allocation and randomization never; an arm is
 * never removed once anyone is enrolled, nor its weight or control role changed; for designs whose
 * allocation was generated at start, the arms, gemeenten, dates, periods and design options are
 * frozen in that allocation. Returns the problems (empty: the amendment may be applied).
 */
export function amendmentProblems(
  before: ExperimentDefinition,
  after: ExperimentDefinition,
  enrolled: number,
  enrolledPerGemeente: Record<string, number>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of ['design', 'allocation', 'randomization'] as const)
    if (before[f] !== after[f])
      problems.push({ field: f, message: 'Verandert niet meer na de start; begin een nieuw experiment.' });
  const afterArms = new Map(after.arms.map((a) => [a.key, a]));
  for (const a of before.arms) {
    const now = afterArms.get(a.key);
    if (!now) {
      if (enrolled > 0)
        problems.push({
          field: 'arms',
          message: `Arm "${a.key}" kan niet weg: er zijn al ${enrolled} deelnemers ingeschreven.`,
        });
    } else if (now.weight !== a.weight || !!now.control !== !!a.control) {
      problems.push({
        field: 'arms',
        message: `Gewicht en controlerol van arm "${a.key}" veranderen niet meer na de start.`,
      });
    }
  }
  for (const g of before.gemeenten) {
    if (!after.gemeenten.includes(g) && (enrolledPerGemeente[g] ?? 0) > 0)
      problems.push({
        field: 'gemeenten',
        message: `Gemeente "${g}" kan niet weg: er zijn al deelnemers ingeschreven.`,
      });
  }
  if (generatesAllocation(before)) {
    const frozen = [
      'gemeenten',
      'start',
      'end',
      'periods',
      'stratifyByKlantprofiel',
      'balanceBySize',
      'wedgeSteps',
    ] as const;
    for (const f of frozen) {
      const a = f === 'gemeenten' ? [...before.gemeenten].sort() : before[f];
      const b = f === 'gemeenten' ? [...after.gemeenten].sort() : after[f];
      if (canonicalJson(a) !== canonicalJson(b))
        problems.push({ field: f, message: 'Ligt vast in de toewijzing die bij de start is gemaakt.' });
    }
    if (after.arms.length !== before.arms.length)
      problems.push({ field: 'arms', message: 'De armen liggen vast in de toewijzing die bij de start is gemaakt.' });
  }
  return problems;
}
