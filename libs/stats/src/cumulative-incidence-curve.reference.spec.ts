import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectClose } from '../test/helpers';
import { cumulativeIncidenceCurve, type CumulativeIncidenceStep } from './index';

/**
 * The whole step curve per cause, against R: `cmprsk::cuminc(time, cause, cencode = 0)` for the
 * estimate at every jump (`$time`/`$est`, each jump twice), and `summary(survfit(Surv(time,
 * factor(cause, 0:3)) ~ 1), times = c(0, event times, last time))` for the standard error and
 * the log interval at every step. Made by libs/stats/reference/cuminc-curve.R (R 4.2.2,
 * cmprsk 2.2.11, survival 3.5.3); the output is cuminc-curve.json beside it.
 */
interface Reference {
  data: { time: number; cause: number; group: string }[];
  curves: {
    group: string;
    lastTime: number;
    cuminc: { cause: number; time: number[]; est: number[] }[];
    survfit: {
      times: number[];
      value: number[][];
      se: number[][];
      lower: (number | null)[][];
      upper: (number | null)[][];
    };
  }[];
}
const ref: Reference = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../reference/cuminc-curve.json'), 'utf8'));

/** The curve's value at `t` as a step function (the last step at or before t). */
const at = (steps: CumulativeIncidenceStep[], t: number) => [...steps].reverse().find((s) => s.time <= t);

describe('cumulativeIncidenceCurve: the whole step curve per cause (cmprsk::cuminc, survfit)', () => {
  it('the fixture holds what this is about: ties, three causes, follow-up beyond the last event', () => {
    expect(ref.curves.map((c) => c.group)).toEqual(['controle', 'bon', 'klein']);
    const klein = ref.curves[2];
    const lastEvent = Math.max(...ref.data.filter((r) => r.group === 'klein' && r.cause > 0).map((r) => r.time));
    expect(klein.lastTime).toBeGreaterThan(lastEvent);
  });

  it.each(ref.curves)('group $group: the estimate at every time of cuminc, jumps exactly where cuminc jumps', (g) => {
    const recs = ref.data.filter((r) => r.group === g.group).map(({ time, cause }) => ({ time, cause }));
    const curves = cumulativeIncidenceCurve(recs);
    expect(curves.map((c) => c.cause)).toEqual([1, 2, 3]);
    for (const c of curves) {
      expect(c.lastTime).toBe(g.lastTime);
      expect(c.steps[0]).toMatchObject({ time: 0, value: 0, ci95: [0, 0] });
      // the curve ends at the last follow-up time, not before and not after it
      expect(c.steps.at(-1)!.time).toBe(g.lastTime);
      const r = g.cuminc.find((x) => x.cause === c.cause);
      if (!r) {
        // a cause nobody in the group had: cuminc draws no curve, ours is a line at 0 to the end
        expect(c.steps.every((s) => s.value === 0)).toBe(true);
        continue;
      }
      // cuminc: each jump time twice, the second the value after it; the last entry per time counts
      r.time.forEach((t, i) => {
        if (r.time[i + 1] === t) return;
        expectClose(at(c.steps, t)!.value, r.est[i], `${g.group} F${c.cause}(${t})`, 1e-12);
      });
      const jumpsR = r.time.filter((t, i) => i > 0 && r.est[i] !== r.est[i - 1]);
      const jumps = c.steps.filter((s, i) => i > 0 && s.value !== c.steps[i - 1].value).map((s) => s.time);
      expect(jumps).toEqual([...new Set(jumpsR)]);
    }
  });

  it.each(ref.curves)('group $group: se and interval at every step as survfit', (g) => {
    const recs = ref.data.filter((r) => r.group === g.group).map(({ time, cause }) => ({ time, cause }));
    const curves = cumulativeIncidenceCurve(recs, { causes: [1, 2, 3] });
    const sf = g.survfit;
    for (const c of curves) {
      const k = c.cause - 1;
      // every step is one of survfit's times, and between steps nothing changes
      sf.times.forEach((t, j) => {
        const s = at(c.steps, t)!;
        expectClose(s.value, sf.value[k][j], `${g.group} F${c.cause}(${t})`);
        expectClose(s.se, sf.se[k][j], `${g.group} se F${c.cause}(${t})`);
        if (sf.lower[k][j] === null) expect(s.ci95).toEqual([0, 0]);
        else {
          expectClose(s.ci95[0], sf.lower[k][j]!, `${g.group} lower F${c.cause}(${t})`);
          expectClose(s.ci95[1], sf.upper[k][j]!, `${g.group} upper F${c.cause}(${t})`);
        }
      });
      for (const s of c.steps) expect(sf.times).toContain(s.time);
    }
  });

  it('no records: no steps; a cause asked for but absent: a line at 0 to the last time', () => {
    expect(cumulativeIncidenceCurve([])).toEqual([1, 2, 3].map((cause) => ({ cause, steps: [], lastTime: null })));
    const [c] = cumulativeIncidenceCurve(
      [
        { time: 3, cause: 1 },
        { time: 9, cause: 0 },
      ],
      { causes: [2] },
    );
    expect(c.steps.map((s) => [s.time, s.value])).toEqual([
      [0, 0],
      [9, 0],
    ]);
  });
});
