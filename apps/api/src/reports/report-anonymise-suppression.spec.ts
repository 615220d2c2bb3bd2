import fc from 'fast-check';
import {
  count,
  type ConsortArm,
  type DoorlooptijdEstimate,
  type DoorlooptijdPart,
  type Count,
  type UitvalPhaseCount,
  type UitvalWhere,
  type UitvalWhereArm,
} from '@living-lab/domain';
import { anonConsort, anonDurationPart, anonSubmissions, anonUitvalWhere } from './report-anonymise';

/**
 * Complementary suppression where the reviewer's report shows a total and its parts (CONSORT,
 * uitval by phase and reason per arm and per gemeente): over random tables, no hidden cell can be
 * worked out as a total minus the shown parts. The lines are written out here from the shapes,
 * independently of the anonymiser; "worked out" by brute force over what the marks allow
 * (`<5`: 1 to 4, `×`: 5 or more).
 */
type Shown = number | string;

/** The values a hidden cell can take in a line `total = Σ parts`, given what is shown. */
function possible(total: Shown, parts: Shown[], cap: number): Set<number>[] {
  const dom = (v: Shown) =>
    typeof v === 'number'
      ? [v]
      : v === '<5'
        ? [1, 2, 3, 4]
        : Array.from({ length: Math.max(0, cap - 4) }, (_, i) => i + 5);
  const cells = [total, ...parts];
  const doms = cells.map(dom);
  const out = cells.map(() => new Set<number>());
  const pick: number[] = [];
  const walk = (k: number, sum: number) => {
    if (k === cells.length) {
      if (sum === pick[0]) pick.forEach((v, i) => out[i].add(v));
      return;
    }
    for (const v of doms[k]) {
      if (k > 0 && sum + v > pick[0]) break;
      pick[k] = v;
      walk(k + 1, k === 0 ? 0 : sum + v);
    }
  };
  walk(0, 0);
  return out;
}

/** Fails when a hidden cell of the line has only one possible value (and checks that what is shown is true). */
function expectSafe(where: string, total: [number, Shown], parts: [number, Shown][]): void {
  const all = [total, ...parts];
  for (const [v, s] of all) {
    if (typeof s === 'number') expect(s).toBe(v);
    else if (s === '<5') expect([where, v >= 1 && v <= 4]).toEqual([where, true]);
    else expect([where, v >= 5]).toEqual([where, true]);
  }
  // the one line no mark can protect: a total of 4 in four parts of 1, all shown as <5
  if (total[0] === 4 && parts.filter(([v]) => v > 0).length === 4) return;
  const sets = possible(
    total[1],
    parts.map(([, s]) => s),
    total[0] + 5,
  );
  all.forEach(([v, s], i) => {
    if (typeof s === 'number') return;
    expect(sets[i].has(v)).toBe(true);
    if (sets[i].size < 2)
      throw new Error(`${where}: cell ${i} (${v}) can be worked out from ${JSON.stringify(all.map(([, x]) => x))}`);
  });
}

const small = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 2, arbitrary: fc.integer({ min: 5, max: 9 }) },
);
const REASONS = ['afgewezen', 'zelf_ingetrokken', 'onbekend'];
const PHASES = ['intake', 'overzicht'];

/** An arm's uitval by phase and reason in one gemeente (counts random, totals their sums). */
const unit = fc.tuple(fc.array(fc.array(small, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }), small);

function whereOf(arms: string[], gemeenten: [number[][], number][][]): UitvalWhere {
  const armRow = (arm: string, phases: number[][], extra: number): UitvalWhereArm => {
    const ps: UitvalPhaseCount[] = phases
      .map((rs, i) => ({
        phase: PHASES[i],
        n: count(rs.reduce((s, v) => s + v, 0)),
        byReason: Object.fromEntries(REASONS.map((r, k) => [r, count(rs[k])])) as Record<string, Count>,
      }))
      .filter((p) => p.n > 0);
    const uitval = ps.reduce((s, p) => s + p.n, 0);
    return { arm, enrolled: count(uitval + extra), uitval: count(uitval), phases: ps };
  };
  const byGemeente = gemeenten.map((g, gi) => ({
    gemeente: `g${gi}`,
    arms: arms.map((a, ai) => armRow(a, g[ai][0], g[ai][1])),
  }));
  const sum = (ai: number) =>
    [0, 1].map((p) => [0, 1, 2].map((r) => gemeenten.reduce((s, g) => s + g[ai][0][p][r], 0)));
  return {
    arms: arms.map((a, ai) =>
      armRow(
        a,
        sum(ai),
        gemeenten.reduce((s, g) => s + g[ai][1], 0),
      ),
    ),
    byGemeente,
  };
}

describe('reviewer: no <5 can be worked out from a total and its shown parts', () => {
  it('CONSORT: one small part conceals the next smallest (example)', () => {
    const c: ConsortArm = {
      arm: 'a',
      enrolled: count(40),
      complete: count(30),
      notYetComplete: count(10),
      gereed: count(12),
      uitval: count(2),
      other: count(6),
      inProgress: count(10),
    };
    expect(anonConsort(c)).toMatchObject({
      enrolled: 40,
      complete: 30,
      notYetComplete: 10,
      gereed: 12,
      uitval: '<5',
      other: '×',
      inProgress: 10,
    });
  });

  it('CONSORT: conceals a count shown nowhere else (other) before a smaller one that each metric shows too (gereed)', () => {
    const c: ConsortArm = {
      arm: 'a',
      enrolled: count(40),
      complete: count(30),
      notYetComplete: count(10),
      gereed: count(5),
      uitval: count(2),
      other: count(8),
      inProgress: count(15),
    };
    expect(anonConsort(c)).toMatchObject({ gereed: 5, uitval: '<5', other: '×', inProgress: 15 });
  });

  it('property: CONSORT flows (enrolled = complete + not yet, complete = gereed + uitval + other + in progress)', () => {
    fc.assert(
      fc.property(fc.array(small, { minLength: 5, maxLength: 5 }), ([gereed, uitval, other, inProgress, notYet]) => {
        const complete = gereed + uitval + other + inProgress;
        const c: ConsortArm = {
          arm: 'a',
          enrolled: count(complete + notYet),
          complete: count(complete),
          notYetComplete: count(notYet),
          gereed: count(gereed),
          uitval: count(uitval),
          other: count(other),
          inProgress: count(inProgress),
        };
        const a = anonConsort(c) as unknown as Record<string, Shown>;
        const pair = (k: keyof ConsortArm) => [c[k] as number, a[k]] as [number, Shown];
        expectSafe('enrolled', pair('enrolled'), [pair('complete'), pair('notYetComplete')]);
        expectSafe('complete', pair('complete'), [pair('gereed'), pair('uitval'), pair('other'), pair('inProgress')]);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('property: uitval by phase and reason, per arm and per gemeente, and each arm over the gemeenten', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(unit, unit), { minLength: 1, maxLength: 3 }), (gs) => {
        const w = whereOf(['a', 'b'], gs);
        const anon = anonUitvalWhere(w, (g) => g.toUpperCase());
        const phaseOf = <P extends { phase: string }>(a: { phases: readonly P[] }, p: string) =>
          a.phases.find((q) => q.phase === p);
        const units: [UitvalWhereArm, (typeof anon.arms)[number]][] = [
          ...w.arms.map((a, i) => [a, anon.arms[i]] as [UitvalWhereArm, (typeof anon.arms)[number]]),
          ...w.byGemeente.flatMap((g, gi) =>
            g.arms.map((a, i) => [a, anon.byGemeente[gi].arms[i]] as [UitvalWhereArm, (typeof anon.arms)[number]]),
          ),
        ];
        // within each row: uitval = Σ phases, phase = Σ reasons
        for (const [a, s] of units) {
          expectSafe(
            `${a.arm} uitval`,
            [a.uitval, s.uitval],
            a.phases.map((p) => [p.n, phaseOf(s, p.phase)!.n as Shown]),
          );
          for (const p of a.phases) {
            const sp = phaseOf(s, p.phase)! as unknown as { n: Shown; byReason: Record<string, Shown> };
            expectSafe(
              `${a.arm} ${p.phase}`,
              [p.n, sp.n],
              REASONS.map((r) => [p.byReason[r], sp.byReason[r]]),
            );
          }
        }
        // each arm = Σ gemeenten: uitval, enrolled, and every phase and reason
        w.arms.forEach((a, i) => {
          const s = anon.arms[i];
          const parts = w.byGemeente.map((g, gi) => [g.arms[i], anon.byGemeente[gi].arms[i]] as const);
          expectSafe(
            `${a.arm} over gemeenten`,
            [a.uitval, s.uitval],
            parts.map(([x, y]) => [x.uitval, y.uitval]),
          );
          expectSafe(
            `${a.arm} enrolled`,
            [a.enrolled, s.enrolled],
            parts.map(([x, y]) => [x.enrolled, y.enrolled]),
          );
          for (const p of a.phases) {
            const sp = phaseOf(s, p.phase)! as unknown as { n: Shown; byReason: Record<string, Shown> };
            const pp = parts.flatMap(([x, y]) => {
              const q = phaseOf(x, p.phase) as UitvalPhaseCount | undefined;
              return q
                ? [[q, phaseOf(y, p.phase) as unknown as { n: Shown; byReason: Record<string, Shown> }] as const]
                : [];
            });
            expectSafe(
              `${a.arm} ${p.phase} over gemeenten`,
              [p.n, sp.n],
              pp.map(([q, r]) => [q.n, r.n]),
            );
            for (const reason of REASONS)
              expectSafe(
                `${a.arm} ${p.phase} ${reason} over gemeenten`,
                [p.byReason[reason], sp.byReason[reason]],
                pp.map(([q, r]) => [q.byReason[reason], r.byReason[reason]]),
              );
          }
        });
      }),
      { numRuns: 150, seed: 20261129 },
    );
  });

  it('property: doorlooptijd n per gemeente × arm against the gemeente and the arm', () => {
    const est = (n: number): DoorlooptijdEstimate => ({
      n: count(n),
      events: count(n),
      median: 20,
      medianCi95: [10, 30],
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(small, small), { minLength: 1, maxLength: 4 }), (gs) => {
        const arms = ['a', 'b'];
        const part: DoorlooptijdPart = {
          from: 'aanmelding',
          to: 'intake',
          arms: arms.map((arm, i) => ({ arm, ...est(gs.reduce((s, g) => s + g[i], 0)) })),
          byGemeente: gs.map((g, gi) => ({ gemeente: `g${gi}`, ...est(g[0] + g[1]) })),
          byGemeenteArm: gs.flatMap((g, gi) =>
            arms.flatMap((arm, i) => (g[i] > 0 ? [{ gemeente: `g${gi}`, arm, ...est(g[i]) }] : [])),
          ),
        };
        const anon = anonDurationPart(part, (g) => g);
        const cross = (pred: (x: { gemeente: string; arm: string }) => boolean) =>
          part.byGemeenteArm!.flatMap((x, i) => (pred(x) ? [[x.n, anon.byGemeenteArm![i].n] as [number, Shown]] : []));
        part.byGemeente.forEach((g, i) =>
          expectSafe(
            g.gemeente,
            [g.n, anon.byGemeente[i].n],
            cross((x) => x.gemeente === g.gemeente),
          ),
        );
        part.arms.forEach((a, i) =>
          expectSafe(
            a.arm,
            [a.n, anon.arms[i].n],
            cross((x) => x.arm === a.arm),
          ),
        );
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('sector submissions: a gemeente <5 of a step is not the step minus the other gemeenten, nor a reason', () => {
    const anon = anonSubmissions(
      {
        quarter: '2026-Q3',
        note: 'n',
        steps: [
          { step: 'uitval', value: count(20), byTag: { deelnemers: count(20), bron: count(0) } },
          { step: 'caseload_fte', value: count(3), byTag: {} },
        ],
        uitvalByReason: [
          { reason: 'afgewezen', value: count(2) },
          { reason: 'onbekend', value: count(8) },
          { reason: 'zelf_ingetrokken', value: count(10) },
        ],
        gemeenten: [
          { gemeente: 'x', source: 'deelnemers', steps: { uitval: count(17) }, tags: [] },
          { gemeente: 'y', source: 'deelnemers', steps: { uitval: count(3) }, tags: [] },
        ],
      },
      (g) => g.toUpperCase(),
    );
    expect(anon.gemeenten.map((g) => [g.gemeente, g.steps.uitval])).toEqual([
      ['X', '×'],
      ['Y', '<5'],
    ]);
    expect(anon.uitvalByReason.map((u) => u.value)).toEqual(['<5', '×', 10]);
    expect(anon.steps[0]).toEqual({ step: 'uitval', value: 20, byTag: { deelnemers: 20, bron: 0 } });
  });
});
