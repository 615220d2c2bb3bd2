import * as fs from 'node:fs';
import * as path from 'node:path';
import { belevingUitval, survivorshipByPhase } from './beleving-uitval.analysis';
import type { BelevingUitvalCountRow } from './results.repository';

/**
 * The pure part of klantbeleving and later uitval against statsmodels (Table2x2.riskratio and
 * riskratio_confint, method "normal": the log/Katz interval). The fixture and its command are in
 * libs/stats/reference/riskratio-statsmodels.py; the whole path through SQL is checked against R
 * in test/api/beleving-uitval.e2e.spec.ts.
 */
const REF: { cases: { table: [number, number, number, number]; riskRatio: number; ci95: [number, number] }[] } =
  JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../../../../libs/stats/reference/riskratio-statsmodels.json'), 'utf8'),
  );

const ARMS = [
  { key: 'controle', name: 'Gebruikelijke werkwijze' },
  { key: 'coaching', name: 'Coaching' },
];

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.abs(b));

function rows(a: number, n1: number, c: number, n0: number): BelevingUitvalCountRow[] {
  return [
    {
      arm: 'coaching',
      phase: 'overzicht',
      group: 'negatief',
      uitvalBefore: 2,
      scored: n1 + 3,
      complete: n1,
      events: a,
    },
    { arm: 'controle', phase: 'overzicht', group: 'overig', uitvalBefore: 1, scored: n0, complete: n0, events: c },
    { arm: 'controle', phase: 'overzicht', group: 'onbekend', uitvalBefore: 0, scored: 4, complete: 4, events: 1 },
  ];
}

describe('belevingUitval: the negative group against the others', () => {
  it.each(REF.cases.map((x) => [x.table.join('/'), x] as const))(
    'risk ratio and log interval of %s equal statsmodels to 1e-6',
    (_name, x) => {
      const [a, n1, c, n0] = x.table;
      const r = belevingUitval(rows(a, n1, c, n0), ARMS, 180).phases[0].all;
      expect([r.negative.complete, r.negative.events, r.others.complete, r.others.events]).toEqual([n1, a, n0, c]);
      if (n1 < 20 || n0 < 20) {
        expect([r.enough, r.riskRatio]).toEqual([false, null]);
        return;
      }
      close(r.riskRatio!, x.riskRatio);
      close(r.riskRatioCi![0], x.ci95[0]);
      close(r.riskRatioCi![1], x.ci95[1]);
    },
  );

  it('sums the arms, keeps the unclassified and the uitval before the score apart, and orders phases by the journey', () => {
    const all = [
      ...rows(10, 40, 5, 50),
      {
        arm: 'coaching',
        phase: 'intake',
        group: 'overig' as const,
        uitvalBefore: 0,
        scored: 3,
        complete: 3,
        events: 0,
      },
    ];
    const b = belevingUitval(all, ARMS, 180);
    expect(b.phases.map((p) => p.phase)).toEqual(['intake', 'overzicht']);
    const o = b.phases[1];
    expect([o.all.uitvalBeforeScore, o.all.unclassified]).toEqual([3, 4]);
    expect(o.arms.map((r) => [r.arm, r.negative.complete, r.others.complete])).toEqual([
      ['controle', 0, 50],
      ['coaching', 40, 0],
    ]);
    expect(o.arms[0].sentence).toMatch(
      /^In de fase overzicht, in de groep gebruikelijke werkwijze, zijn nog te weinig/,
    );
    expect(o.all.sentence).toMatch(/^In de fase overzicht viel van de deelnemers met een negatieve beleving 25% uit/);
    expect(b.label).toBe('association');
  });

  it('gives no ratio without uitval among the others, and no interval without uitval among the negative', () => {
    expect(belevingUitval(rows(5, 30, 0, 30), ARMS, 180).phases[0].all).toMatchObject({
      riskRatio: null,
      riskRatioCi: null,
    });
    expect(belevingUitval(rows(0, 30, 5, 30), ARMS, 180).phases[0].all).toMatchObject({
      riskRatio: 0,
      riskRatioCi: null,
    });
  });
});

describe('survivorshipByPhase', () => {
  it('gives each arm its share and the caveat from a difference of 5 percentage points', () => {
    const s = survivorshipByPhase(
      [
        { arm: 'controle', phase: 'overzicht', enrolled: 100, uitvalBefore: 10 },
        { arm: 'coaching', phase: 'overzicht', enrolled: 100, uitvalBefore: 15 },
        { arm: 'controle', phase: 'intake', enrolled: 100, uitvalBefore: 10 },
        { arm: 'coaching', phase: 'intake', enrolled: 100, uitvalBefore: 14 },
      ],
      ['controle', 'coaching'],
    );
    expect(s.get('overzicht')).toMatchObject({ differs: true, arms: [{ share: 0.1 }, { share: 0.15 }] });
    expect(s.get('overzicht')!.sentence).toMatch(/^Let op: in de fase overzicht/);
    expect(s.get('intake')).toMatchObject({ differs: false, sentence: null });
  });
});
