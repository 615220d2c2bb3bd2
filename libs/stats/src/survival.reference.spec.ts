import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectClose } from '../test/helpers';
import { kaplanMeier, StatsInputError } from './index';

/**
 * Kaplan–Meier, median and interval against R: `fit <- survfit(Surv(time, event) ~ 1)`,
 * `quantile(fit, 0.5)` (median with survfit's interval) and `summary(fit, times = days)` (S with
 * the log interval). Made by libs/stats/reference/kaplan-meier.R (R 4.2.2, survival 3.5.3); its
 * output is kaplan-meier.json beside it.
 */
interface Case {
  time: number[];
  event: number[];
  median: number | null;
  lower: number | null;
  upper: number | null;
  days: number[];
  surv: number[];
  survLower: (number | null)[];
  survUpper: (number | null)[];
}
const ref: { cases: Case[] } = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../reference/kaplan-meier.json'), 'utf8'),
);
const close = (a: number | null, b: number | null, label: string) => {
  if (b === null) expect({ label, a }).toEqual({ label, a: null });
  else expectClose(a, b, label);
};

describe('kaplanMeier against survfit', () => {
  it.each(ref.cases.map((c, i) => ({ i, c })))('case $i: median and its interval as quantile(fit, 0.5)', ({ c }) => {
    const km = kaplanMeier(c.time.map((time, k) => ({ time, event: c.event[k] === 1 })));
    expect([km.n, km.events]).toEqual([c.time.length, c.event.filter((e) => e === 1).length]);
    close(km.median, c.median, 'median');
    close(km.medianCi95[0], c.lower, 'median lower');
    close(km.medianCi95[1], c.upper, 'median upper');
  });

  it.each(ref.cases.map((c, i) => ({ i, c })))('case $i: S(t) and its log interval as summary(fit, times)', ({ c }) => {
    const km = kaplanMeier(
      c.time.map((time, k) => ({ time, event: c.event[k] === 1 })),
      { days: [...c.days, 100000] },
    );
    c.days.forEach((day, k) => {
      const p = km.at[k];
      expect(p.day).toBe(day);
      close(p.survival, c.surv[k], `S(${day})`);
      if (c.survLower[k] === null) expect(p.ci95).toBeNull();
      else {
        close(p.ci95![0], c.survLower[k], `lower S(${day})`);
        close(p.ci95![1], c.survUpper[k], `upper S(${day})`);
      }
    });
    // after the last observed time nothing is known
    expect(km.at[c.days.length]).toEqual({ day: 100000, survival: null, ci95: null });
  });

  it('covers what it is about: a median on a flat 0.5 step, medians and limits not reached, ties at day 0, a limit that is not monotone', () => {
    expect(ref.cases[0].median).toBe(6); // S = 0.5 from day 4 to 8: the midpoint
    expect(ref.cases[2].median).toBeNull();
    expect(ref.cases.some((c) => c.lower !== null && c.upper === null)).toBe(true);
    expect(ref.cases[4].time.filter((t) => t === 0).length).toBeGreaterThan(0);
    // the upper limit of S dips below 0.5 at day 320 and rises above it again at 333: R takes 320
    expect(ref.cases[5].upper).toBe(320);
    expect(
      kaplanMeier(ref.cases[5].time.map((t, i) => ({ time: t, event: ref.cases[5].event[i] === 1 }))).medianCi95,
    ).toEqual([203, 320]);
  });

  it('no records: nothing known; bad input is refused', () => {
    expect(kaplanMeier([], { days: [28] })).toEqual({
      n: 0,
      events: 0,
      median: null,
      medianCi95: [null, null],
      at: [{ day: 28, survival: null, ci95: null }],
    });
    expect(() => kaplanMeier([{ time: -1, event: true }])).toThrow(StatsInputError);
    expect(() => kaplanMeier([{ time: 1, event: 1 as unknown as boolean }])).toThrow(StatsInputError);
  });
});
