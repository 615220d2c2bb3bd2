import fc from 'fast-check';
import { count } from '@living-lab/domain';
import { SuppressionTable, protectLine } from './report-suppression';

/**
 * What a reviewer who knows the rule can work out of one line, by brute force (independent of
 * the interval reasoning in report-suppression.ts): every assignment of the hidden cells that
 * fits what is shown (`<5` is 1 to 4, `×` is 5 or more) and adds up; per hidden cell the set of
 * values that occur in some assignment.
 */
function possibleValues(total: string | number, parts: (string | number)[], cap: number): Map<number, Set<number>> {
  const domain = (v: string | number): number[] =>
    typeof v === 'number'
      ? [v]
      : v === '<5'
        ? [1, 2, 3, 4]
        : Array.from({ length: Math.max(0, cap - 4) }, (_, i) => i + 5);
  const cells = [total, ...parts];
  const doms = cells.map(domain);
  const seen = new Map<number, Set<number>>();
  cells.forEach((c, i) => typeof c === 'string' && seen.set(i, new Set()));
  const pick: number[] = [];
  const walk = (k: number, sum: number) => {
    if (k === cells.length) {
      if (sum !== pick[0]) return;
      for (const [i, s] of seen) s.add(pick[i]);
      return;
    }
    for (const v of doms[k]) {
      if (k > 0 && sum + v > Math.max(...doms[0])) break; // parts never exceed the largest total
      pick[k] = v;
      walk(k + 1, k === 0 ? 0 : sum + v);
    }
  };
  walk(0, 0);
  return seen;
}

/** A count as tables hold them: often 0, often small, sometimes larger. */
const cellValue = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 14 }) },
);

describe('complementary suppression (report-suppression.ts)', () => {
  it('conceals the next smallest part when exactly one part is <5: 20 = 3 + 7 + 10', () => {
    expect(protectLine(count(20), [count(3), count(7), count(10)].map(count))).toEqual({
      total: 20,
      parts: ['<5', '×', 10],
    });
  });

  it('conceals the only other part (9 = 4 + 5), and the total when that is not enough (6 = 1 + 5)', () => {
    // 9 − × (5 to 8) leaves 1 to 4: safe
    expect(protectLine(count(9), [count(4), count(5)])).toEqual({ total: 9, parts: ['<5', '×'] });
    // 6 − × (5 or more) would leave exactly 1: the total goes too
    expect(protectLine(count(6), [count(1), count(5)])).toEqual({ total: '×', parts: ['<5', '×'] });
  });

  it('protects two <5 whose sum gives them away (2 = 1 + 1, 8 = 4 + 4), and leaves a safe pair alone', () => {
    expect(protectLine(count(12), [count(1), count(1), count(10)])).toEqual({ total: 12, parts: ['<5', '<5', '×'] });
    expect(protectLine(count(18), [count(4), count(4), count(10)])).toEqual({ total: 18, parts: ['<5', '<5', '×'] });
    expect(protectLine(count(13), [count(1), count(2), count(10)])).toEqual({ total: 13, parts: ['<5', '<5', 10] });
  });

  it('protects two sets with the same sum (arms and gemeenten of the same people): 30 + 8 = 35 + 3', () => {
    const t = new SuppressionTable();
    const arms = [t.cell(count(30)), t.cell(count(8))];
    const gemeenten = [t.cell(count(35)), t.cell(count(3))];
    t.equal(arms, gemeenten).protect();
    // 30 + 8 − 35 = 3: the other gemeente goes (then 38 − × leaves 1 to 4)
    expect([...arms, ...gemeenten].map((i) => t.shown(i))).toEqual([30, 8, '×', '<5']);
    expect(t.unprotected()).toEqual([]);
  });

  it('changes nothing without a count from 1 to 4, nor for zeros', () => {
    expect(protectLine(count(15), [count(0), count(5), count(10)])).toEqual({ total: 15, parts: [0, 5, 10] });
    expect(protectLine(count(0), [count(0), count(0)])).toEqual({ total: 0, parts: [0, 0] });
  });

  it('property: over random lines no hidden cell can be worked out as total − shown parts', () => {
    fc.assert(
      fc.property(fc.array(cellValue, { minLength: 1, maxLength: 5 }), (values) => {
        const total = values.reduce((s, v) => s + v, 0);
        const out = protectLine(
          count(total),
          values.map((v) => count(v)),
        );
        // what is shown is true: a number is the count, <5 is 1 to 4, × is 5 or more
        [total, ...values].forEach((v, i) => {
          const s = i === 0 ? out.total : out.parts[i - 1];
          if (typeof s === 'number') expect(s).toBe(v);
          else if (s === '<5') expect(v >= 1 && v <= 4).toBe(true);
          else expect(v).toBeGreaterThanOrEqual(5);
        });
        // the one line that no marker can protect: a total of 4 (<5) in four parts, each then 1
        const allOnes = total === 4 && values.filter((v) => v > 0).length === 4;
        const seen = possibleValues(out.total, out.parts, total + 10);
        for (const [i, s] of seen) {
          // the true value is among the possible ones, and never the only one
          expect(s.has(i === 0 ? total : values[i - 1])).toBe(true);
          if (!allOnes)
            expect({ cell: i, shown: [out.total, ...out.parts], values: [...s] }).not.toMatchObject({
              values: [expect.any(Number)],
            });
        }
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });

  it('property: in a table of lines that share cells (arms × phases with totals both ways) every line ends safe', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.array(cellValue, { minLength: 2, maxLength: 4 }), { minLength: 2, maxLength: 4 })
          .filter((rows) => rows.every((r) => r.length === rows[0].length)),
        (rows) => {
          const t = new SuppressionTable();
          const cells = rows.map((r) => r.map((v) => t.cell(count(v))));
          const rowTotals = rows.map((r) => t.cell(count(r.reduce((s, v) => s + v, 0))));
          const colTotals = rows[0].map((_, j) => t.cell(count(rows.reduce((s, r) => s + r[j], 0))));
          const grand = t.cell(count(rows.flat().reduce((s, v) => s + v, 0)));
          cells.forEach((r, i) => t.line(rowTotals[i], r));
          colTotals.forEach((c, j) =>
            t.line(
              c,
              cells.map((r) => r[j]),
            ),
          );
          t.line(grand, rowTotals);
          t.line(grand, colTotals);
          t.protect();
          // every line is safe on its own, unless it is the all-ones line no marker can protect
          for (const l of t.unprotected()) {
            const shown = [...l.left, ...l.right].map((i) => t.shown(i));
            expect(shown.every((s) => s === '<5' || s === 0)).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
