/**
 * Complementary (secondary) suppression for the reviewer's view: where a total and its parts are
 * both shown, a count from 1 to 4 shown as `<5` could be worked out as the total minus the other
 * parts. The rule is the usual secondary-suppression rule of statistical disclosure control for
 * frequency tables (Hundepool et al., "Statistical Disclosure Control", Wiley 2012): in every line (a total
 * and the parts that add up to it) a suppressed cell never stands alone — the smallest other
 * non-zero part is suppressed as well (shown as `×`), then the next smallest, and the total when
 * no part is left, until no suppressed cell of the line can be worked out exactly.
 *
 * "Worked out" is judged as a reviewer who knows this rule can: a shown count is exact, `<5` is 1
 * to 4, `×` is 5 or more (only counts of 5 or more are ever concealed), and the parts add up to the
 * total. A hidden cell is safe when more than one value of it fits (its interval is not a single
 * value). So also a pair `<5`, `<5` whose sum is 2 (both 1) or 8 (both 4) gets a third cell
 * hidden. Lines share cells (an arm's uitval is the total of its phases and a part of the arm over
 * the gemeenten): the table is protected line by line until nothing changes.
 *
 * Pure: no database, no clock.
 */
import { CONCEALED, SUPPRESSED, count, isSmall, showCount, type Count, type ShownCount } from '@living-lab/domain';

type State = 'shown' | 'small' | 'concealed';

/** Cells that add up: Σ left = Σ right (a total and its parts: left = [total], right = the parts). */
interface Line {
  left: number[];
  right: number[];
}

/** What a reviewer knows of a cell: its lowest and highest possible value. */
type Bounds = [number, number];

/**
 * A table of counts and the lines in which some of them add up to another. Add the cells, add the
 * lines, call {@link protect}, then read each cell as the reviewer may see it with {@link shown}.
 */
export class SuppressionTable {
  private readonly values: number[] = [];
  private readonly state: State[] = [];
  private readonly lines: Line[] = [];

  private readonly ids = new WeakMap<object, Map<string, number>>();
  /** Cells whose count the report also shows elsewhere: concealing them here hides little. */
  private readonly elsewhere = new Set<number>();

  /** Marks cells that the report shows elsewhere too: they are concealed only when no other cell will do. */
  shownElsewhere(...ids: number[]): this {
    for (const i of ids) this.elsewhere.add(i);
    return this;
  }

  /** The id of the count `o[key]` (a field of the report), made a cell at its first use. */
  at<K extends string>(o: { [k in K]?: Count }, key: K): number {
    let m = this.ids.get(o);
    if (!m) this.ids.set(o, (m = new Map()));
    let id = m.get(key);
    if (id === undefined) m.set(key, (id = this.cell(o[key] ?? count(0))));
    return id;
  }

  /** `o[key]` as the reviewer sees it: protected when it is a cell of the table, else as `showCount`. */
  show<K extends string>(o: { [k in K]: Count }, key: K): ShownCount {
    const id = this.ids.get(o)?.get(key);
    return id === undefined ? showCount(o[key]) : this.shown(id);
  }

  /** The id of `o[key]` when it is a cell of the table. */
  idOf(o: object, key: string): number | undefined {
    return this.ids.get(o)?.get(key);
  }

  /** A record of counts (per reason, per step) as the reviewer sees it. */
  showAll<K extends string>(o: Record<K, Count>): Record<K, ShownCount> {
    return Object.fromEntries(Object.keys(o).map((k) => [k, this.show(o, k as K)])) as Record<K, ShownCount>;
  }

  /** A count of the table; returns its id. Counts from 1 to 4 are suppressed (`<5`). */
  cell(n: Count | number): number {
    this.values.push(n);
    this.state.push(isSmall(n) ? 'small' : 'shown');
    return this.values.length - 1;
  }

  /**
   * A total and its parts. A line whose parts do not add up to the total exactly (a part not
   * listed, an unknown rest) gives no total-minus-parts to work out and is left out.
   */
  line(total: number, parts: readonly number[]): this {
    return this.equal([total], parts);
  }

  /**
   * Two sets of cells with the same sum, neither of them shown as a total (e.g. the arms and the
   * gemeenten of the same participants): Σ left − Σ of the other right cells gives a right cell too.
   * Left out unless the sums agree.
   */
  equal(left: readonly number[], right: readonly number[]): this {
    const sum = (xs: readonly number[]) => xs.reduce((s, p) => s + this.values[p], 0);
    if (left.length > 0 && right.length > 0 && sum(left) === sum(right))
      this.lines.push({ left: [...left], right: [...right] });
    return this;
  }

  private bounds(i: number): Bounds {
    switch (this.state[i]) {
      case 'shown':
        return [this.values[i], this.values[i]];
      case 'small':
        return [1, 4];
      default:
        return [5, Infinity];
    }
  }

  /** The hidden cells of a line that a reviewer can work out exactly (empty: the line is safe). */
  exposed(l: Line): number[] {
    const out: number[] = [];
    const side = (own: number[], other: number[]) => {
      const b = own.map((i) => this.bounds(i));
      const otherLo = other.reduce((s, i) => s + this.bounds(i)[0], 0);
      const otherHi = other.reduce((s, i) => s + this.bounds(i)[1], 0);
      own.forEach((c, k) => {
        if (this.state[c] === 'shown') return;
        // c = Σ other side − Σ the rest of its own side (summed apart: ∞ − ∞ would be NaN)
        const restLo = b.reduce((s, x, j) => (j === k ? s : s + x[0]), 0);
        const restHi = b.reduce((s, x, j) => (j === k ? s : s + x[1]), 0);
        const lo = Math.max(b[k][0], otherLo - restHi);
        const hi = Math.min(b[k][1], otherHi - restLo);
        if (lo === hi) out.push(c);
      });
    };
    side(l.left, l.right);
    side(l.right, l.left);
    return out;
  }

  /**
   * The next cell to conceal in a line: the smallest shown non-zero part, else the total; cells
   * shown elsewhere in the report only after the others. Null when none is left.
   */
  private nextToConceal(l: Line): number | null {
    const smallest = (xs: number[], elsewhere: boolean) => {
      let best: number | null = null;
      for (const p of xs)
        if (
          this.state[p] === 'shown' &&
          this.values[p] > 0 &&
          this.elsewhere.has(p) === elsewhere &&
          (best === null || this.values[p] < this.values[best])
        )
          best = p;
      return best;
    };
    return smallest(l.right, false) ?? smallest(l.left, false) ?? smallest(l.right, true) ?? smallest(l.left, true);
  }

  /** Conceals cells until no line has a hidden cell that can be worked out (or none is left to conceal). */
  protect(): this {
    let changed = true;
    while (changed) {
      changed = false;
      for (const l of this.lines) {
        while (this.exposed(l).length > 0) {
          const next = this.nextToConceal(l);
          if (next === null) break;
          this.state[next] = 'concealed';
          changed = true;
        }
      }
    }
    return this;
  }

  /** A cell as the reviewer sees it: the count, `<5` (1 to 4) or `×` (concealed). */
  shown(i: number): ShownCount {
    if (this.state[i] === 'small') return SUPPRESSED;
    if (this.state[i] === 'concealed') return CONCEALED;
    return this.values[i] as ShownCount;
  }

  /** Every line with a hidden cell that can still be worked out (for tests and the safety net). */
  unprotected(): Line[] {
    return this.lines.filter((l) => this.exposed(l).length > 0);
  }
}

/** One line on its own: a total and its parts as a reviewer may see them. */
export function protectLine(total: Count, parts: readonly Count[]): { total: ShownCount; parts: ShownCount[] } {
  const t = new SuppressionTable();
  const ti = t.cell(total);
  const pi = parts.map((p) => t.cell(p));
  t.line(ti, pi).protect();
  return { total: t.shown(ti), parts: pi.map((i) => t.shown(i)) };
}
