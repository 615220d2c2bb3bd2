import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectClose } from '../test/helpers';
import { cumulativeIncidence } from './index';

/**
 * Every requested day for every cause (contracts.md §5; issue 14 item 10), against R:
 * `cmprsk::cuminc(time, cause, group, cencode = 0)` with `timepoints(fit, days)` for the estimates
 * (0 for a cause a group never had, NA after the group's last follow-up time), and
 * `summary(survfit(Surv(time, factor(cause, 0:3)) ~ 1, data = group), times = days)` for the
 * standard error and the log interval. Made by libs/stats/reference/cuminc-timepoints.R
 * (R 4.2.2, cmprsk 2.2.11, survival 3.5.3); the output is cuminc-timepoints.json beside it.
 */
interface Reference {
  data: { time: number; cause: number; group: string }[];
  days: number[];
  groups: {
    group: string;
    cuminc: { cause: number; est: (number | null)[] }[];
    survfit: { day: number; value: number[]; se: number[]; lower: (number | null)[]; upper: (number | null)[] }[];
  }[];
  noUitval: { data: { time: number; cause: number }[]; curves: string[]; est: (number | null)[][] };
}
const ref: Reference = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../reference/cuminc-timepoints.json'), 'utf8'),
);

describe('cumulative incidence at every requested day for every cause (cmprsk::timepoints, survfit)', () => {
  it.each(ref.groups)('group $group: estimates as timepoints, null where R gives NA', (g) => {
    const recs = ref.data.filter((r) => r.group === g.group).map(({ time, cause }) => ({ time, cause }));
    const got = cumulativeIncidence(recs, ref.days);
    expect(got).toHaveLength(ref.days.length * 3);
    ref.days.forEach((day, d) => {
      for (const { cause, est } of g.cuminc) {
        const p = got[d * 3 + cause - 1];
        expect([p.day, p.cause]).toEqual([day, cause]);
        if (est[d] === null) expect([p.value, p.ci95, p.se]).toEqual([null, null, null]);
        else expectClose(p.value!, est[d]!, `F${cause}(${day})`);
      }
    });
  });

  it('the fixture holds what this is about: a group without a cause (a: no cause 3) and days after follow-up', () => {
    const a = ref.groups.find((g) => g.group === 'a')!;
    expect(a.cuminc[2].est).toEqual([0, 0, 0, 0, 0, null, null, null]);
    expect(ref.groups.every((g) => g.cuminc.every((c) => c.est.at(-1) === null))).toBe(true);
  });

  it.each(ref.groups)('group $group: se and 95% interval as survfit within follow-up', (g) => {
    const recs = ref.data.filter((r) => r.group === g.group).map(({ time, cause }) => ({ time, cause }));
    const days = g.survfit.map((p) => p.day);
    const got = cumulativeIncidence(recs, days);
    g.survfit.forEach((p, d) =>
      [1, 2, 3].forEach((cause, k) => {
        const q = got[d * 3 + k];
        expectClose(q.value!, p.value[k], `F${cause}(${p.day})`);
        expectClose(q.se!, p.se[k], `se F${cause}(${p.day})`);
        if (p.lower[k] === null) expect(q.ci95).toEqual([0, 0]);
        else {
          expectClose(q.ci95![0], p.lower[k]!, `lower F${cause}(${p.day})`);
          expectClose(q.ci95![1], p.upper[k]!, `upper F${cause}(${p.day})`);
        }
      }),
    );
  });

  it('a cause nobody had (no uitval at all): cuminc draws no curve, the platform a line at 0', () => {
    expect(ref.noUitval.curves).toEqual(['1 1', '1 3']);
    const got = cumulativeIncidence(ref.noUitval.data, [1, 8, 9]);
    const byCause = (c: number) => got.filter((p) => p.cause === c).map((p) => p.value);
    expect(byCause(1)).toEqual(ref.noUitval.est[0]);
    expect(byCause(2)).toEqual([0, 0, null]);
    expect(byCause(3)).toEqual(ref.noUitval.est[1]);
  });
});
